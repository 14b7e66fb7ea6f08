package io.fundarb.ops.cli;

import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.AllocatorEnv;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.time.Times;
import io.fundarb.models.allocator.AllocatorModel;
import io.fundarb.ops.config.FundarbConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fundarb paper --venues a,b,c} runs: one simulated account per venue replaying that
 * venue's data on one clock, the portfolio's allocation (a learned allocator from {@code fundarb
 * train allocator}, or a portfolio baseline) setting the legs of every venue asset, each asset's
 * own hierarchy trading them ({@link FundarbNode#portfolio}).
 */
final class PortfolioPaper implements AutoCloseable {
  private final List<VenueMarket> markets = new ArrayList<>();
  private final Opportunities.Offered offered;
  private final PortfolioSettings settings;
  private final BacktestConfig config;
  private final AllocationPolicy policy;
  private final AllocatorModel model;

  /**
   * @param allocator a directory (or params file) from {@code fundarb train allocator}, or null
   * @param baseline the portfolio baseline to run without an allocator ({@code split}, {@code rotation})
   * @param from trading starts here (Long.MIN_VALUE: at the start of the data); the month before it
   *     is loaded as the allocation's warm-up
   */
  PortfolioPaper(FundarbConfig fundarb, DataCatalog catalog, List<String> venues, List<String> symbols, long from,
      long to, boolean lenient, Path allocator, String baseline) throws IOException {
    if (venues.size() < 2) {
      throw new IllegalArgumentException("--venues needs two venues or more: a portfolio over one venue is"
          + " that venue's own paper run (--venue)");
    }
    // Which venue pairs' bars line up is judged on the whole data set, as for training and evaluation,
    // so the run is offered the opportunities an allocator was trained on.
    List<VenueMarket> whole = new ArrayList<>();
    for (String venue : venues) {
      String v = venue.toUpperCase(Locale.ROOT);
      MarketData data = MarketDataLoader.load(catalog, new MarketDataLoader.Request(v, symbols, 0, Long.MIN_VALUE + 1,
          Long.MAX_VALUE, lenient)).data();
      whole.add(new VenueMarket(data, fundarb.universe(v, symbols), fundarb.simVenue(v, null)));
    }
    this.settings = fundarb.portfolio();
    this.offered = Opportunities.of(whole, settings.crossVenue());
    long loadFrom = from == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : from - AllocatorEnv.WARM_UP_MS;
    for (VenueMarket m : whole) {
      markets.add(new VenueMarket(m.data().slice(loadFrom, to), m.universe(), m.venue()));
    }
    if (allocator != null) {
      this.model = AllocatorModel.load(allocator);
      model.check(offered.opportunities());
      this.policy = model;
    } else {
      if (!FundarbConfig.PORTFOLIO_BASELINES.contains(baseline)) {
        throw new IllegalArgumentException("a portfolio runs --allocator <dir> or one of the portfolio baselines "
            + FundarbConfig.PORTFOLIO_BASELINES + ", not " + baseline);
      }
      this.model = null;
      this.policy = fundarb.portfolioBaseline(baseline);
    }
    this.config = new BacktestConfig(policy.name(), fundarb.strategySettings("carry"), fundarb.sizing(),
        markets.get(0).venue(), fundarb.planner(), true, from);
  }

  /** Starts the node; its run ends at the end of the data. */
  FundarbNode start(AssetSettings assets, NodeSettings node, JournalSettings journal,
      com.typesafe.config.Config pekko) {
    return FundarbNode.portfolio(markets, offered, config, settings, policy, assets, node, journal, pekko);
  }

  void describe(PrintWriter out) {
    for (VenueMarket m : markets) {
      out.println("data: " + m.name() + " " + m.universe().pairs().stream().map(p -> p.asset().symbol()).toList()
          + " " + Times.format(m.data().from()) + " to " + Times.format(m.data().to()));
    }
    out.println("portfolio: " + policy.name() + " over " + offered.opportunities().size() + " opportunities"
        + (settings.crossVenue() ? "" : " (no cross-venue)") + ", one simulated account per venue");
    offered.excluded().forEach(e -> out.println("  left out of the cross-venue opportunities: " + e));
  }

  String policyName() {
    return policy.name();
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
