package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.money.Fixed;

/**
 * The loopback venue's {@code exchangeInfo} answers, in Binance's shapes: its rate limits, and every
 * listed symbol with its assets, precisions, order types and filters ({@code PRICE_FILTER},
 * {@code LOT_SIZE}, {@code MARKET_LOT_SIZE}, and spot {@code NOTIONAL} / futures {@code MIN_NOTIONAL})
 * from its {@link SymbolRules}, the same rules its order checks apply.
 */
final class ExchangeInfo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExchangeInfo() {}

  static ObjectNode spot(SpotBook book, long now) {
    ObjectNode info = header(now, RequestWeights.SPOT_LIMIT);
    ArrayNode symbols = info.putArray("symbols");
    book.pairs().forEach((symbol, pair) -> {
      SymbolRules r = book.rules(symbol);
      ObjectNode s = symbols.addObject().put("symbol", symbol).put("status", "TRADING").put("baseAsset", pair[0])
          .put("baseAssetPrecision", Fixed.SCALE).put("quoteAsset", pair[1]).put("quotePrecision", Fixed.SCALE)
          .put("quoteAssetPrecision", Fixed.SCALE).put("baseCommissionPrecision", Fixed.SCALE)
          .put("quoteCommissionPrecision", Fixed.SCALE);
      s.putArray("orderTypes").add("LIMIT").add("MARKET");
      s.put("icebergAllowed", false).put("ocoAllowed", false).put("otoAllowed", false)
          .put("quoteOrderQtyMarketAllowed", false).put("allowTrailingStop", false).put("cancelReplaceAllowed", false)
          .put("isSpotTradingAllowed", true).put("isMarginTradingAllowed", false);
      ArrayNode filters = priceAndLot(s, r);
      filters.addObject().put("filterType", "NOTIONAL").put("minNotional", Fixed.toString(r.minNotional()))
          .put("applyMinToMarket", true).put("maxNotional", "9000000").put("applyMaxToMarket", false)
          .put("avgPriceMins", 0);
      s.putArray("permissions");
      s.putArray("permissionSets").addArray().add("SPOT");
      s.put("defaultSelfTradePreventionMode", "NONE");
      s.putArray("allowedSelfTradePreventionModes").add("NONE");
    });
    return info;
  }

  static ObjectNode futures(PerpBook book, long now) {
    ObjectNode info = header(now, RequestWeights.FUTURES_LIMIT).put("futuresType", "U_MARGINED");
    info.putArray("assets").addObject().put("asset", "USDT").put("marginAvailable", true)
        .put("autoAssetExchange", "-10000");
    ArrayNode symbols = info.putArray("symbols");
    for (String symbol : book.symbols()) {
      SymbolRules r = book.rules(symbol);
      ObjectNode s = symbols.addObject().put("symbol", symbol).put("pair", symbol).put("contractType", "PERPETUAL")
          .put("deliveryDate", 4_133_404_800_000L).put("onboardDate", 1_569_398_400_000L).put("status", "TRADING")
          .put("maintMarginPercent", "2.5000").put("requiredMarginPercent", "5.0000")
          .put("baseAsset", symbol.substring(0, symbol.length() - 4)).put("quoteAsset", "USDT")
          .put("marginAsset", "USDT").put("pricePrecision", decimals(r.tickSize()))
          .put("quantityPrecision", decimals(r.stepSize())).put("baseAssetPrecision", Fixed.SCALE)
          .put("quotePrecision", Fixed.SCALE).put("underlyingType", "COIN").put("settlePlan", 0)
          .put("triggerProtect", "0.0500").put("liquidationFee", "0.012500").put("marketTakeBound", "0.05");
      s.putArray("underlyingSubType");
      ArrayNode filters = priceAndLot(s, r);
      filters.addObject().put("filterType", "MIN_NOTIONAL").put("notional", Fixed.toString(r.minNotional()));
      s.putArray("orderTypes").add("LIMIT").add("MARKET");
      s.putArray("timeInForce").add("GTC").add("IOC");
    }
    return info;
  }

  private static ObjectNode header(long now, int weightPerMinute) {
    ObjectNode info = JSON.createObjectNode().put("timezone", "UTC").put("serverTime", now);
    info.putArray("rateLimits").addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE")
        .put("intervalNum", 1).put("limit", weightPerMinute);
    info.putArray("exchangeFilters");
    return info;
  }

  /** The filters every symbol has: price, lot and market lot (the same step and bounds). */
  private static ArrayNode priceAndLot(ObjectNode symbol, SymbolRules r) {
    ArrayNode filters = symbol.putArray("filters");
    filters.addObject().put("filterType", "PRICE_FILTER").put("minPrice", Fixed.toString(r.tickSize()))
        .put("maxPrice", Fixed.toString(SymbolRules.MAX_PRICE)).put("tickSize", Fixed.toString(r.tickSize()));
    for (String type : new String[] {"LOT_SIZE", "MARKET_LOT_SIZE"}) {
      filters.addObject().put("filterType", type).put("minQty", Fixed.toString(r.stepSize()))
          .put("maxQty", Fixed.toString(SymbolRules.MAX_QUANTITY)).put("stepSize", Fixed.toString(r.stepSize()));
    }
    return filters;
  }

  /** Decimals of a step: 0.01 -> 2, 1 -> 0. */
  private static int decimals(long step) {
    return Math.max(0, Fixed.toBigDecimal(step).stripTrailingZeros().scale());
  }
}
