package io.fundarb.engine.testing;


import java.nio.file.Files;
import java.nio.file.Path;

/** The real market data in {@code ../shared/data} beside the project root, read in place. */
public final class SharedData {
  private SharedData() {}

  public static Path dir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve("klines"))) {
        return candidate;
      }
    }
    Required.require(false, "../shared/data is not beside the project; real-data tests need it");
    return null;
  }
}
