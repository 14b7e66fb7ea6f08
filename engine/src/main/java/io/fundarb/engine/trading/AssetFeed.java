package io.fundarb.engine.trading;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.LedgerSnapshot;
import io.fundarb.engine.features.FeatureBuilder;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.time.ManualClock;
import java.util.Arrays;

/**
 * One asset's market and position as its own actors see them: the asset's two-leg market state,
 * a mirror of its books (the order actor's ledger, restored whenever it changes), its funding
 * history and, when asked for, its feature rows. Each {@link MarketStep} becomes the
 * {@link AssetTick} the strategy and the risk rules read. Fed the steps of a replay, with the books
 * the venue's reports built, its ticks equal what the backtester's in-place view answers.
 */
public final class AssetFeed {
  /** Feature rows kept per asset for strategies that read windows of them. */
  public static final int HISTORY = 256;
  private static final long[] NONE = new long[0];

  private final MarketState market = new MarketState(2);
  private final Ledger books;
  private final ManualClock clock = new ManualClock(Long.MIN_VALUE);
  private final AssetContext view;
  private final FeatureBuilder features;
  private final boolean featuresOnTicks;
  private long[] settled = new long[2];
  private int settledCount;

  /**
   * @param asset the asset's own universe ({@link Universe#single})
   * @param leverage the account's default perp leverage (the books' mirror starts with it)
   * @param features the asset's feature builder, or null when nothing reads features
   * @param featuresOnTicks ship the last feature row with every tick (a model strategy reads it)
   */
  public AssetFeed(Universe asset, int leverage, long maxNotional, double roundTripCost, FeatureBuilder features,
      boolean featuresOnTicks) {
    if (asset.assetCount() != 1) {
      throw new IllegalArgumentException("an asset feed keeps one asset, not " + asset.assetCount());
    }
    this.books = new Ledger(asset, 0, leverage);
    this.view = new AssetContext(0, asset, market, books, clock, maxNotional, roundTripCost);
    this.features = features;
    this.featuresOnTicks = featuresOnTicks && features != null;
    if (features != null) {
      view.attachFeatures(features);
    }
  }

  /** The asset's books as its order actor holds them now. */
  public void position(LedgerSnapshot snapshot) {
    books.restore(snapshot);
  }

  /** Time of the last step applied ({@link Long#MIN_VALUE} before the first). */
  public long time() {
    return clock.now();
  }

  /**
   * Applies a step's events to the market, the features and the funding history, and returns the
   * tick of step number {@code step}. A step not after the last one is not applied (the caller
   * drops it as out of order first).
   */
  public AssetTick apply(long step, MarketStep marketStep) {
    long t = marketStep.time();
    clock.set(t);
    settledCount = 0;
    for (MarketEvent event : marketStep.events()) {
      event.applyTo(market, 0, t);
      if (event instanceof MarketEvent.Funding f) {
        if (settledCount == settled.length) {
          settled = Arrays.copyOf(settled, 2 * settledCount);
        }
        settled[settledCount++] = f.rate();
        view.fundingHistory().add(f.rate());
      }
      if (features != null) {
        feature(event);
      }
    }
    if (features != null) {
      features.endStep(t);
    }
    return tick(step);
  }

  private void feature(MarketEvent event) {
    if (event instanceof MarketEvent.Bar b) {
      int i = b.leg().index(0);
      if (b.leg() == Leg.PERP) {
        features.onPerpBar(market.high(i), market.low(i), market.close(i), market.quoteVolume(i));
      } else {
        features.onSpotBar(market.high(i), market.low(i), market.close(i), market.quoteVolume(i), market.trades(i));
      }
    } else if (event instanceof MarketEvent.Funding f) {
      features.onFunding(f.rate());
    } else if (event instanceof MarketEvent.Sentiment s) {
      features.onSentiment(s.value());
    }
  }

  /** The tick of the last step applied, with the books as they are now. */
  public AssetTick tick(long step) {
    return new AssetTick(step, view.asset(), clock.now(), view.spotPrice(), view.perpPrice(),
        settledCount == 0 ? NONE : Arrays.copyOf(settled, settledCount), view.sentiment(), view.hedgeRatio(),
        view.exposureRatio(), view.marginRatio(), view.assetPnl(), view.maxNotional(), view.roundTripCost(),
        Math.min(market.barTime(Universe.spotIndex(0)), market.barTime(Universe.perpIndex(0))),
        featuresOnTicks ? features() : null);
  }

  /** The last feature row, or null when the feed builds none. */
  public FeatureRow features() {
    if (features == null) {
      return null;
    }
    return features.steps() == 0 ? new FeatureRow(0, false, new float[0])
        : new FeatureRow(features.steps(), features.ready(), features.row(0).clone());
  }

  /** Whether both legs have a price. */
  public boolean priced() {
    return market.hasPrice(Universe.spotIndex(0)) && market.hasPrice(Universe.perpIndex(0));
  }
}
