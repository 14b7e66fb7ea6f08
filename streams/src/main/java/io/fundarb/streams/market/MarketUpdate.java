package io.fundarb.streams.market;

/**
 * A validated market-data update: prices and quantities exact ({@code Fixed}), the funding rate
 * a {@code Rate}, times epoch ms.
 */
public sealed interface MarketUpdate {
  String symbol();

  Leg leg();

  long eventTime();

  /** Best bid and ask; {@code updateId} only grows on a healthy stream. */
  record BookTicker(String symbol, Leg leg, long eventTime, long updateId, long bid, long bidQty, long ask,
      long askQty) implements MarketUpdate {}

  /** A trade (Binance aggregate trade); {@code tradeId} only grows on a healthy stream. */
  record Trade(String symbol, Leg leg, long eventTime, long tradeId, long price, long quantity)
      implements MarketUpdate {}

  /** The perp's mark and index price and the funding rate that settles at {@code nextFundingTime}. */
  record MarkPrice(String symbol, long eventTime, long markPrice, long indexPrice, long fundingRate,
      long nextFundingTime) implements MarketUpdate {
    @Override
    public Leg leg() {
      return Leg.PERP;
    }
  }
}
