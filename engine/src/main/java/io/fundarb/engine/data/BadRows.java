package io.fundarb.engine.data;

import java.util.ArrayList;
import java.util.List;

/** Rows skipped under {@code --lenient}: counted, with the first few reasons kept. */
final class BadRows {
  private static final int SAMPLES = 5;
  private int count;
  private final List<String> samples = new ArrayList<>();

  void add(DataFormatException e) {
    count++;
    if (samples.size() < SAMPLES) {
      samples.add(e.getMessage());
    }
  }

  int count() {
    return count;
  }

  List<String> samples() {
    return samples;
  }
}
