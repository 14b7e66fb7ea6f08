package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataFormatException;
import io.fundarb.engine.data.DataNotFoundException;
import io.fundarb.ops.config.ConfigError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Every error a command throws is one {@code error:} line on stderr. Mistakes in the user's input or
 * environment (data, config, arguments, files, a venue out of reach) exit with 2; anything else is
 * a bug and exits with 1, saying so. The stack trace is printed only with {@code --verbose}.
 */
final class UserErrors implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;
  static final String VERBOSE = "--verbose";

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    Throwable error = unwrap(e);
    PrintWriter err = commandLine.getErr();
    boolean user = isUserError(error);
    String line = "error: " + describe(error) + (user ? "" : " (an internal error: please report it; "
        + VERBOSE + " prints the stack trace)");
    err.println(commandLine.getColorScheme().errorText(line));
    if (verbose(parseResult)) {
      error.printStackTrace(err);
    }
    err.flush();
    return user ? USER_ERROR : INTERNAL_ERROR;
  }

  static boolean isUserError(Throwable e) {
    return e instanceof DataFormatException
        || e instanceof DataNotFoundException
        || e instanceof ConfigError
        || e instanceof IllegalArgumentException
        || e instanceof DateTimeException
        || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  /**
   * What went wrong: the message (a few carry a second line saying how to fix it), or the
   * exception's kind when it has none, followed by its causes' first lines where they add something
   * ({@code ConnectException (UnresolvedAddressException)}; a parser's cause quotes the input on
   * lines of its own).
   */
  static String describe(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    Throwable cause = e.getCause();
    if (cause != null && cause != e) {
      String more = describe(cause).lines().findFirst().orElse("");
      if (!text.contains(more)) {
        text += " (" + more + ")";
      }
    }
    return text;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** {@code --verbose} given to the command or any of its parents. */
  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
