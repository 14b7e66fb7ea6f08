package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;

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

  /**
   * A funding settlement as the venue recorded it (Binance's funding-rate history), fetched over
   * REST when a gap may have hidden its announcement: the rate that settled at {@code fundingTime}.
   */
  record Settlement(String symbol, long fundingTime, long rate) implements MarketUpdate {
    @Override
    public Leg leg() {
      return Leg.PERP;
    }

    @Override
    public long eventTime() {
      return fundingTime;
    }
  }

  /**
   * A closed bar fetched over REST to fill a gap a reconnect left (Binance's kline: {@code closeTime}
   * is the bar's last millisecond); it stands for every trade of its bar on that leg.
   */
  record Kline(String symbol, Leg leg, long openTime, long closeTime, long open, long high, long low, long close,
      long volume) implements MarketUpdate {
    @Override
    public long eventTime() {
      return closeTime;
    }
  }
}
