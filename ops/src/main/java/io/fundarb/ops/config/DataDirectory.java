package io.fundarb.ops.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where market data is read from: {@code --data}, else {@code $FUNDARB_DATA}, else
 * {@code fundarb.data-dir} from the config, else {@code ../shared/data} when it sits beside the
 * project, else {@code ~/.fundarb/data}.
 */
public final class DataDirectory {
  private DataDirectory() {}

  /** The chosen directory and why it was chosen (printed so users know what they ran on). */
  public record Choice(Path path, String source) {}

  public static Choice resolve(Path flag, Map<String, String> env, String configured, Path projectHome, Path userHome) {
    if (flag != null) {
      return new Choice(flag.toAbsolutePath().normalize(), "--data");
    }
    String fromEnv = env.get("FUNDARB_DATA");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Choice(Path.of(fromEnv).toAbsolutePath().normalize(), "$FUNDARB_DATA");
    }
    if (configured != null && !configured.isBlank()) {
      return new Choice(Path.of(configured).toAbsolutePath().normalize(), "fundarb.data-dir");
    }
    if (projectHome != null) {
      Path shared = projectHome.toAbsolutePath().normalize().resolveSibling("shared").resolve("data");
      if (Files.isDirectory(shared)) {
        return new Choice(shared, "../shared/data beside the project");
      }
    }
    return new Choice(userHome.resolve(".fundarb").resolve("data"), "~/.fundarb/data");
  }

  /**
   * The project root: {@code -Dfundarb.home} (set by bin/fundarb), else the checkout holding the
   * running jar ({@code ops/target/fundarb.jar}), else the working directory.
   */
  public static Path projectHome() {
    String home = System.getProperty("fundarb.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    try {
      Path jar = Path.of(DataDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = jar.getParent();
      if (target != null && target.getFileName().toString().equals("target") && target.getParent() != null
          && target.getParent().getParent() != null) {
        return target.getParent().getParent();
      }
    } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
      // fall through to the working directory
    }
    return Path.of("").toAbsolutePath();
  }
}
