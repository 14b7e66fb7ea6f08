package io.fundarb.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code fundarb} command line. */
@Command(
    name = "fundarb",
    mixinStandardHelpOptions = true,
    version = "fundarb 0.1.0",
    description = "Market-neutral funding-rate carry: backtest, learn, evaluate, data, benchmarks.",
    subcommands = {BacktestCommand.class, PaperCommand.class, NodeCommand.class, WindowsCommand.class, TrainCommand.class, EvaluateCommand.class, DataCommand.class, VenueCommand.class, ReportCommand.class, ModelsCommand.class, WalkForwardCommand.class, StressCommand.class, RetrainCommand.class,
        BenchCommand.class})
public final class Main extends GroupCommand {
  @Option(names = UserErrors.VERBOSE, scope = ScopeType.INHERIT,
      description = "on an error, print its stack trace too (otherwise one line)")
  boolean verbose;

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    // With a one-thread common pool (a 2-core machine) CompletableFuture starts a new thread for every
    // async callback, and Pekko's Java ask completes through one: two threads avoid that. Set before
    // anything touches the pool; an explicit -D setting wins.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, String.valueOf(Math.max(2,
          Runtime.getRuntime().availableProcessors() - 1)));
    }
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (0 ok, 2 bad input). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs with output captured, for tests and embedding. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  /** The configured command line (exception handler, parsing options), also for checks of argument lists. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(new UserErrors())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
