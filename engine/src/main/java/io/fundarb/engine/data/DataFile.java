package io.fundarb.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A CSV file on disk, plain or zipped (the first entry of the archive), with a display name. */
public record DataFile(Path path, String displayName) {

  public static DataFile of(Path root, Path path) {
    Path relative = path.startsWith(root) ? root.relativize(path) : path;
    return new DataFile(path, relative.toString());
  }

  /** Calls {@code consumer} with each line and its 1-based number. */
  void forEachLine(LineConsumer consumer) {
    try (InputStream raw = Files.newInputStream(path);
        BufferedReader reader = open(raw)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        consumer.accept(line, number);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + displayName + ": " + e.getMessage(), e);
    }
  }

  private BufferedReader open(InputStream raw) throws IOException {
    if (path.getFileName().toString().endsWith(".zip")) {
      ZipInputStream zip = new ZipInputStream(raw);
      ZipEntry entry = zip.getNextEntry();
      if (entry == null) {
        throw new DataFormatException(displayName, 0, null, "zip archive is empty");
      }
      return new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
    }
    return new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
  }

  @FunctionalInterface
  interface LineConsumer {
    void accept(String line, int number);
  }
}
