package io.fundarb.engine.features;

/**
 * Every feature the engine computes for one asset at one clock step, in column order. Units are
 * chosen so raw values sit near [-10, 10] before normalisation: rates in basis points, returns
 * and ranges in percent, volatilities annualised in percent, ratios as logs.
 */
public enum Feature {
  FUNDING_LAST_BPS(Group.MARKET, "last settled funding rate"),
  FUNDING_AVG_1D_BPS(Group.MARKET, "mean settled funding over 1 day"),
  FUNDING_AVG_3D_BPS(Group.MARKET, "mean settled funding over 3 days"),
  FUNDING_AVG_7D_BPS(Group.MARKET, "mean settled funding over 7 days"),
  FUNDING_TREND_BPS(Group.MARKET, "1-day minus 7-day funding mean"),
  FUNDING_NEXT_BPS(Group.MARKET, "predicted next funding: published when known, else estimated from the basis"),
  BASIS_BPS(Group.MARKET, "perp / spot - 1"),
  BASIS_Z_7D(Group.MARKET, "z-score of the basis over 7 days"),
  BASIS_VOL_1D_BPS(Group.MARKET, "std of basis changes over 1 day"),
  BASIS_VOL_7D_BPS(Group.MARKET, "std of basis changes over 7 days"),
  SPOT_RETURN_PCT(Group.MARKET, "last step's spot log return"),
  SPOT_RETURN_7D_PCT(Group.MARKET, "spot log return over 7 days"),
  SPOT_VOL_1D(Group.MARKET, "realised spot volatility over 1 day, annualised %"),
  SPOT_VOL_7D(Group.MARKET, "realised spot volatility over 7 days, annualised %"),
  SPOT_VOL_30D(Group.MARKET, "realised spot volatility over 30 days, annualised %"),
  VOL_REGIME(Group.MARKET, "log of 1-day over 30-day volatility"),
  QUOTE_VOLUME_RATIO(Group.MARKET, "log of spot quote volume over its 7-day mean"),
  PERP_SPOT_VOLUME(Group.MARKET, "log of perp over spot quote volume"),
  SPOT_RANGE_PCT(Group.MARKET, "spot bar high - low over close"),
  PERP_RANGE_PCT(Group.MARKET, "perp bar high - low over close"),
  TRADE_COUNT_RATIO(Group.MARKET, "log of spot trade count over its 7-day mean (0 when not published)"),
  TIME_TO_FUNDING(Group.MARKET, "time to the next settlement as a share of the funding interval"),
  SENTIMENT(Group.SENTIMENT, "Fear & Greed, (value - 50) / 50, 0 when unknown"),
  SENTIMENT_CHANGE_7D(Group.SENTIMENT, "change of Fear & Greed over 7 days / 50"),
  SENTIMENT_AVG_7D(Group.SENTIMENT, "7-day mean of Fear & Greed, (mean - 50) / 50"),
  SENTIMENT_EXTREME(Group.SENTIMENT, "1 in extreme fear (<= 20) or greed (>= 80), else 0");

  /** Which windows file a feature goes to. */
  public enum Group {
    MARKET,
    SENTIMENT
  }

  private final Group group;
  private final String description;

  Feature(Group group, String description) {
    this.group = group;
    this.description = description;
  }

  public Group group() {
    return group;
  }

  public String description() {
    return description;
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static final int COUNT = values().length;

  /** Features of a group, in column order. */
  public static java.util.List<Feature> of(Group group) {
    return java.util.Arrays.stream(values()).filter(f -> f.group == group).toList();
  }
}
