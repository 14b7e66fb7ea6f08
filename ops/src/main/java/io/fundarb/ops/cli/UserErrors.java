package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataFormatException;
import io.fundarb.engine.data.DataNotFoundException;
import io.fundarb.ops.config.ConfigError;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns mistakes in user input (data, config, arguments) into one "error:" line and exit code 2;
 * anything else is a bug and keeps its stack trace.
 */
final class UserErrors implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (isUserError(e)) {
      commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + e.getMessage()));
      return USER_ERROR;
    }
    throw e;
  }

  static boolean isUserError(Throwable e) {
    return e instanceof DataFormatException
        || e instanceof DataNotFoundException
        || e instanceof ConfigError
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }
}
