package io.fundarb.models.ppo;

/**
 * One PPO epoch (a rollout and its update), as printed on the progress line and written to the
 * training log.
 *
 * @param meanEpisodeReturn mean return of episodes that finished during the rollout (NaN if none)
 * @param approxKl approximate KL divergence between the rollout policy and the updated one
 * @param clipFraction share of samples whose ratio hit the clip
 * @param explainedVariance how much of the returns the value network explains (1 is perfect)
 * @param passes update passes over the rollout before KL early stopping (or all of them)
 * @param skippedUpdates minibatch steps skipped because their gradient was not finite
 */
public record EpochStats(
    int epoch,
    long envSteps,
    double meanEpisodeReturn,
    double policyLoss,
    double valueLoss,
    double entropy,
    double approxKl,
    double clipFraction,
    double explainedVariance,
    double learningRate,
    int passes,
    int skippedUpdates,
    double stepsPerSecond,
    double elapsedSeconds) {

  /** Mean episode return over the last tenth of epochs that finished episodes (a model card's headline). */
  public static double tailMeanReturn(java.util.List<EpochStats> history) {
    int from = history.size() - Math.max(1, history.size() / 10);
    return history.subList(Math.max(0, from), history.size()).stream().mapToDouble(EpochStats::meanEpisodeReturn)
        .filter(Double::isFinite).average().orElse(Double.NaN);
  }
}
