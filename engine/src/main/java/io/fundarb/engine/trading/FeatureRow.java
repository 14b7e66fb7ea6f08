package io.fundarb.engine.trading;

/**
 * The feature row an asset's {@code FeatureBuilder} closed last, shipped with the tick to a
 * strategy that runs away from the account (a model in its own actor).
 *
 * @param steps rows closed so far (a tick in a step that closed no new row repeats the count)
 * @param ready whether every lookback of the row is filled
 * @param values the row (see {@link io.fundarb.engine.features.Feature} for the columns)
 */
public record FeatureRow(int steps, boolean ready, float[] values) {}
