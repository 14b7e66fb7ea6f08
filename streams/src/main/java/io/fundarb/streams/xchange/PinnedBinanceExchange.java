package io.fundarb.streams.xchange;

import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;

/**
 * XChange's Binance exchange, but keeping the base URL it is given: XChange replaces the URL
 * with Binance's production or testnet host according to the exchange type (spot, USDT-M
 * futures), which would send a loopback venue's traffic to the internet. Use it with the
 * loopback venue, or with an explicitly configured testnet URL.
 */
public class PinnedBinanceExchange extends BinanceExchange {
  @Override
  protected void concludeHostParams(ExchangeSpecification specification) {
    // the configured sslUri stands
  }
}
