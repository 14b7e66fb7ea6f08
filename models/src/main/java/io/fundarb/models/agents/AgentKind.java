package io.fundarb.models.agents;

import io.fundarb.engine.env.EnvLimits;
import io.fundarb.engine.env.RewardConfig;
import io.fundarb.engine.features.Feature;
import java.util.List;
import java.util.Locale;

/**
 * The four specialised agents and their defaults: which features each observes, how it acts,
 * how its reward is shaped, its default size and network, and where its untrained policy starts.
 *
 * <p>Starting points are deliberate: a continuous agent starts at full carry (the baseline) with
 * narrow exploration and a 0.25 deadband, a timing agent starts choosing between holding and
 * entering full, so that early training explores deviations from a sensible position instead of
 * paying fees to churn a random one.
 *
 * <p>Reward scale: carry earns roughly half a standard deviation of its per-step return per step
 * (an annualised Sharpe near 15 at 8-hour steps), so the volatility penalty is 0.1 sigma: at 0.5 it
 * would cancel the funding income and make standing aside optimal. The anomaly gate keeps strong
 * risk terms on purpose. Every default can be overridden.
 */
public enum AgentKind {
  /** Base carry positioning from slow features: multi-day funding, basis level, volatility regime. */
  LONG_TERM(
      List.of(Feature.FUNDING_AVG_3D_BPS, Feature.FUNDING_AVG_7D_BPS, Feature.FUNDING_TREND_BPS, Feature.BASIS_BPS,
          Feature.BASIS_Z_7D, Feature.SPOT_VOL_7D, Feature.SPOT_VOL_30D, Feature.VOL_REGIME, Feature.SPOT_RETURN_7D_PCT),
      false, new double[0], 1.0, new int[] {128, 64}, 270,
      new RewardConfig(100, 0.1, 21, 5, 0.0, 0.0, 1), new EnvLimits(0.05, 0.03), false, new float[] {1f}),
  /** Entry and exit timing around funding settlements and basis swings (discrete: hold/exit/enter). */
  SHORT_TERM(
      List.of(Feature.FUNDING_LAST_BPS, Feature.FUNDING_AVG_1D_BPS, Feature.FUNDING_NEXT_BPS, Feature.BASIS_BPS,
          Feature.BASIS_Z_7D, Feature.BASIS_VOL_1D_BPS, Feature.SPOT_RETURN_PCT, Feature.SPOT_VOL_1D,
          Feature.SPOT_RANGE_PCT, Feature.PERP_RANGE_PCT, Feature.TIME_TO_FUNDING, Feature.QUOTE_VOLUME_RATIO),
      true, new double[] {0.5, 1.0}, 0.5, new int[] {32, 16}, 90,
      new RewardConfig(100, 0.1, 21, 5, 0.05, 0.0, 1), new EnvLimits(0.05, 0.03), false,
      new float[] {1f, 0f, 0f, 1f}),
  /** A bias from sentiment combined with funding. */
  SENTIMENT(
      List.of(Feature.SENTIMENT, Feature.SENTIMENT_CHANGE_7D, Feature.SENTIMENT_AVG_7D, Feature.SENTIMENT_EXTREME,
          Feature.FUNDING_AVG_1D_BPS, Feature.FUNDING_AVG_7D_BPS, Feature.BASIS_BPS),
      false, new double[0], 0.5, new int[] {32, 16}, 270,
      new RewardConfig(100, 0.1, 21, 5, 0.0, 0.0, 1), new EnvLimits(0.05, 0.03), false, new float[] {1f}),
  /**
   * A risk gate: how much carry exposure to allow (1 normal, 0 stand aside), trained with crashes,
   * funding squeezes and basis blow-outs injected into the data so that it learns to cut exposure
   * before and during stress.
   */
  ANOMALY(
      List.of(Feature.SPOT_VOL_1D, Feature.SPOT_VOL_7D, Feature.VOL_REGIME, Feature.SPOT_RETURN_PCT, Feature.BASIS_BPS,
          Feature.BASIS_Z_7D, Feature.BASIS_VOL_1D_BPS, Feature.BASIS_VOL_7D_BPS, Feature.SPOT_RANGE_PCT,
          Feature.PERP_RANGE_PCT, Feature.QUOTE_VOLUME_RATIO, Feature.FUNDING_LAST_BPS, Feature.FUNDING_NEXT_BPS),
      false, new double[0], 1.0, new int[] {128, 64}, 180,
      new RewardConfig(100, 1.0, 21, 50, 0.0, 0.0, 5), new EnvLimits(0.03, 0.02), true, new float[] {1f});

  /** Continuous targets move only by at least this much. */
  public static final double DEADBAND = 0.25;
  /** Initial log standard deviation of continuous exploration (about 0.22). */
  public static final float INITIAL_LOG_STD = -1.5f;

  private final List<Feature> features;
  private final boolean discrete;
  private final double[] buckets;
  private final double targetScale;
  private final int[] hidden;
  private final int episodeSteps;
  private final RewardConfig reward;
  private final EnvLimits limits;
  private final boolean trainsOnShocks;
  private final float[] prior;

  AgentKind(List<Feature> features, boolean discrete, double[] buckets, double targetScale, int[] hidden,
      int episodeSteps, RewardConfig reward, EnvLimits limits, boolean trainsOnShocks, float[] prior) {
    this.features = features;
    this.discrete = discrete;
    this.buckets = buckets;
    this.targetScale = targetScale;
    this.hidden = hidden;
    this.episodeSteps = episodeSteps;
    this.reward = reward;
    this.limits = limits;
    this.trainsOnShocks = trainsOnShocks;
    this.prior = prior;
  }

  /** The untrained policy head's bias: action mean (continuous) or logits (hold, exit, buckets). */
  public float[] prior() {
    return prior.clone();
  }

  /** The name used on the command line and in files: long_term, short_term, sentiment, anomaly. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AgentKind of(String key) {
    for (AgentKind kind : values()) {
      if (kind.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown agent '" + key + "'; agents: long_term, short_term, sentiment, anomaly");
  }

  public List<Feature> features() {
    return features;
  }

  public boolean discrete() {
    return discrete;
  }

  public double[] buckets() {
    return buckets.clone();
  }

  public double targetScale() {
    return targetScale;
  }

  public int[] hidden() {
    return hidden.clone();
  }

  public int episodeSteps() {
    return episodeSteps;
  }

  public RewardConfig reward() {
    return reward;
  }

  public EnvLimits limits() {
    return limits;
  }

  public boolean trainsOnShocks() {
    return trainsOnShocks;
  }

  /** Whether this agent needs the sentiment feature group. */
  public boolean needsSentiment() {
    return features.stream().anyMatch(f -> f.group() == Feature.Group.SENTIMENT);
  }
}
