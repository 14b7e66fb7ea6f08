package io.fundarb.ops.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON written beside a windows {@code .npy}: which features (columns, in order), which
 * symbols (row ranges), the time range, the bar interval, the data the windows came from, and the
 * normalisation applied (fitted on this file's own rows, or copied from a training file).
 */
public record WindowsSidecar(
    String format,
    String group,
    List<String> features,
    int window,
    String venue,
    String interval,
    long stepMs,
    String from,
    String to,
    String loadedFrom,
    String dataDir,
    List<Series> series,
    Normalization normalization,
    String specHash,
    String created) {

  public static final String FORMAT = "fundarb-windows/1";

  /** Rows {@code offset .. offset + count} are this symbol's windows, ending at consecutive steps. */
  public record Series(String symbol, int offset, int count, String firstEnd, String lastEnd, long firstEndMs) {}

  /** Per-feature z-score statistics and where they were fitted. */
  public record Normalization(double[] mean, double[] std, String fittedOn) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static WindowsSidecar read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no windows description " + file + " (written by fundarb windows next to the .npy)");
    }
    WindowsSidecar sidecar = JSON.readValue(file.toFile(), WindowsSidecar.class);
    if (!FORMAT.equals(sidecar.format())) {
      throw new IOException(file + " is not a fundarb windows description");
    }
    return sidecar;
  }

  /** {@code runs/train_windows_50.npy} -> {@code runs/train_windows_50.json}. */
  public static Path besides(Path npy) {
    String name = npy.getFileName().toString();
    String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    return npy.resolveSibling(stem + ".json");
  }
}
