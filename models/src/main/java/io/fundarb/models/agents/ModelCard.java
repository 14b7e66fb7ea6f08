package io.fundarb.models.agents;

import io.fundarb.models.ppo.PpoTrainer;

import io.fundarb.models.ppo.EpochStats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to use a trained model correctly, saved as JSON beside its weights
 * ({@code long_term.params} + {@code long_term.json}): the agent, the network shape, the action
 * space and size, the feature spec and its hash with the training-only normalisation, the PPO
 * observation statistics, the training data range, the seed, the hyper-parameters and the
 * training metrics.
 */
public record ModelCard(
    String format,
    String agent,
    String created,
    Network network,
    Action action,
    double targetScale,
    Features features,
    Normalizer observationNormalizer,
    Training training,
    long seed,
    Map<String, Object> hyperparameters,
    Map<String, Object> metrics) {

  public static final String FORMAT = "fundarb-model/1";

  /** Layer sizes and head. */
  public record Network(int input, int[] hidden, String head, int outputs, float low, float high) {}

  /** How actions become targets: continuous in [low, high] with a deadband, or discrete with size buckets. */
  public record Action(String type, double low, double high, double deadband, double[] buckets) {}

  /** The observed features, their spec hash and the statistics fitted on training data only. */
  public record Features(List<String> names, int window, long stepMs, List<String> stateFeatures, String specHash,
      double[] mean, double[] std) {}

  /** The PPO running observation statistics, frozen at the end of training. */
  public record Normalizer(boolean enabled, double[] mean, double[] variance, double count) {
    /** What {@code trainer} learned of its observations. */
    public static Normalizer of(PpoTrainer trainer, boolean enabled) {
      return new Normalizer(enabled, trainer.normalizer().mean(), trainer.normalizer().variance(),
          trainer.normalizer().count());
    }
  }

  /** Inputs that are not windows of normalised features (the meta controller's, the allocator's): unit scaling. */
  public static Features inputs(List<String> names, long stepMs, String spec) {
    double[] ones = new double[names.size()];
    java.util.Arrays.fill(ones, 1);
    return new Features(names, 1, stepMs, List.of(), spec, new double[names.size()], ones);
  }

  /** The figures every card records about its training. */
  public static Map<String, Object> trainingMetrics(PpoTrainer trainer, List<EpochStats> history, double seconds) {
    Map<String, Object> metrics = new java.util.LinkedHashMap<>();
    metrics.put("envSteps", trainer.envSteps());
    metrics.put("trainSeconds", seconds);
    metrics.put("parameters", trainer.model().parameterCount());
    metrics.put("finalMeanEpisodeReturn", EpochStats.tailMeanReturn(history));
    return metrics;
  }

  /** What the model was trained on. */
  public record Training(String venue, List<String> symbols, String from, String to, String dataDir) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }

  public static ModelCard read(Path file) throws IOException {
    ModelCard card = JSON.readValue(file.toFile(), ModelCard.class);
    if (!FORMAT.equals(card.format())) {
      throw new IOException(file + " is not a fundarb model card (format " + card.format() + ")");
    }
    return card;
  }

  /** {@code models/long_term.params} -> {@code models/long_term.json}. */
  public static Path besides(Path params) {
    String name = params.getFileName().toString();
    String stem = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
    return params.resolveSibling(stem + ".json");
  }
}
