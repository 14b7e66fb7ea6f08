package io.fundarb.engine.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Exactly what a model was trained to see: which features, in which order, over how many steps
 * of which bar interval, followed by which state features. Its hash travels with windows files
 * and models; a model asked to run on data with a different spec refuses with a clear error
 * instead of silently reading the wrong columns.
 */
public record FeatureSpec(List<Feature> features, int window, long stepMs, List<String> stateFeatures) {
  /** Bump when a feature's formula changes: old models must not run on new numbers. */
  public static final int VERSION = 1;

  public static final List<String> STATE = List.of("hedge_ratio", "exposure_ratio", "margin_ratio");

  public FeatureSpec {
    features = List.copyOf(features);
    stateFeatures = List.copyOf(stateFeatures);
    if (features.isEmpty() || window < 1 || stepMs <= 0) {
      throw new IllegalArgumentException("a feature spec needs features, a window and a step");
    }
  }

  public String hash() {
    StringBuilder canonical = new StringBuilder("fundarb-features/").append(VERSION).append('|');
    features.forEach(f -> canonical.append(f.key()).append(','));
    canonical.append("|window=").append(window).append("|step=").append(stepMs).append("|state=");
    stateFeatures.forEach(s -> canonical.append(s).append(','));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Numbers per observation: window rows of the features, then the state features. */
  public int observationSize() {
    return window * features.size() + stateFeatures.size();
  }
}
