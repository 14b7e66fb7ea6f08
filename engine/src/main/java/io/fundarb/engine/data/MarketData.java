package io.fundarb.engine.data;

import java.util.List;

/**
 * Market history of one venue for a set of assets, sliced to [from, to), plus the market-wide
 * sentiment series (null when the data directory has none).
 */
public record MarketData(String venue, List<AssetSeries> assets, SentimentSeries sentiment, long from, long to) {
  public MarketData {
    assets = List.copyOf(assets);
  }

  public MarketData slice(long newFrom, long newTo) {
    long a = Math.max(from, newFrom);
    long b = Math.min(to, newTo);
    return new MarketData(
        venue,
        assets.stream()
            .map(s -> new AssetSeries(s.asset(), s.spot().slice(a, b), s.perp().slice(a, b), s.funding().slice(a, b)))
            .toList(),
        sentiment == null ? null : sentiment.slice(a, b),
        a,
        b);
  }
}
