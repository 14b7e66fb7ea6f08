package io.fundarb.models.agents;

import io.fundarb.models.ppo.EpochStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One CSV row per PPO epoch, flushed as it goes so a crashed run still leaves its history. */
public final class TrainingLog implements AutoCloseable {
  static final String HEADER = "epoch,env_steps,mean_episode_return,policy_loss,value_loss,entropy,approx_kl,"
      + "clip_fraction,explained_variance,learning_rate,passes,skipped_updates,steps_per_second,elapsed_seconds";
  private final BufferedWriter out;

  public TrainingLog(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    out = Files.newBufferedWriter(file);
    out.write(HEADER);
    out.newLine();
  }

  public void write(EpochStats s) {
    try {
      out.write(String.format(Locale.ROOT, "%d,%d,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%s,%.6g,%d,%d,%.1f,%.2f", s.epoch(),
          s.envSteps(), number(s.meanEpisodeReturn()), s.policyLoss(), s.valueLoss(), s.entropy(), s.approxKl(),
          s.clipFraction(), number(s.explainedVariance()), s.learningRate(), s.passes(), s.skippedUpdates(),
          s.stepsPerSecond(), s.elapsedSeconds()));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training log: " + e.getMessage(), e);
    }
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** {@code models/long_term.params} -> {@code models/long_term.log.csv}. */
  public static Path besides(Path params) {
    String name = params.getFileName().toString();
    String stem = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
    return params.resolveSibling(stem + ".log.csv");
  }
}
