package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.money.Fixed;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The user-data stream events of the loopback venue in Binance's shapes: spot
 * {@code executionReport} and {@code outboundAccountPosition}, futures {@code ORDER_TRADE_UPDATE}
 * and {@code ACCOUNT_UPDATE} (reason ORDER or FUNDING_FEE).
 */
final class UserDataEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UserDataEvents() {}

  /** Spot: one change of an order; {@code trade} is the execution of a TRADE, else null. */
  static String executionReport(VenueOrder o, String execution, VenueOrder.Execution trade, long now) {
    boolean canceled = execution.equals("CANCELED");
    return JSON.createObjectNode().put("e", "executionReport").put("E", now).put("s", o.symbol)
        // a cancel is told under the cancel request's id, with the order's own in C
        .put("c", canceled ? "cancel-" + o.orderId : o.clientOrderId).put("S", o.side.name()).put("o", o.type)
        .put("f", o.timeInForce).put("q", Fixed.toString(o.quantity)).put("p", Fixed.toString(o.price))
        .put("P", "0").put("F", "0").put("g", -1).put("C", canceled ? o.clientOrderId : "").put("x", execution)
        .put("X", o.status).put("r", "NONE").put("i", o.orderId)
        .put("l", trade == null ? "0" : Fixed.toString(trade.quantity())).put("z", Fixed.toString(o.executed))
        .put("L", trade == null ? "0" : Fixed.toString(trade.price()))
        .put("n", trade == null ? "0" : Fixed.toString(trade.fee())).put("N", trade == null ? null : "USDT")
        .put("T", trade == null ? o.updateTime : trade.time()).put("t", trade == null ? -1 : trade.id())
        .put("I", 0).put("w", o.open()).put("m", trade != null && trade.maker()).put("M", false).put("O", o.time)
        .put("Z", Fixed.toString(o.quoteExecuted))
        .put("Y", trade == null ? "0" : Fixed.toString(Fixed.mul(trade.quantity(), trade.price(),
            RoundingMode.HALF_EVEN)))
        .put("Q", "0").put("W", o.time).put("V", "NONE").toString();
  }

  /** Spot: the balances of the assets a change touched. */
  static String accountPosition(Map<String, Long> balances, long now) {
    ObjectNode json = JSON.createObjectNode().put("e", "outboundAccountPosition").put("E", now).put("u", now);
    ArrayNode list = json.putArray("B");
    balances.forEach((asset, free) -> list.addObject().put("a", asset).put("f", Fixed.toString(free)).put("l", "0"));
    return json.toString();
  }

  /** Futures: one change of an order; {@code trade} is the execution of a TRADE, else null. */
  static String orderTradeUpdate(VenueOrder o, String execution, VenueOrder.Execution trade, long now) {
    ObjectNode json = JSON.createObjectNode().put("e", "ORDER_TRADE_UPDATE").put("E", now)
        .put("T", trade == null ? o.updateTime : trade.time());
    json.putObject("o").put("s", o.symbol).put("c", o.clientOrderId).put("S", o.side.name()).put("o", o.type)
        .put("f", o.timeInForce).put("q", Fixed.toString(o.quantity)).put("p", Fixed.toString(o.price))
        .put("ap", o.executed == 0 ? "0" : Fixed.toString(Fixed.div(o.quoteExecuted, o.executed,
            RoundingMode.HALF_EVEN)))
        .put("sp", "0").put("x", execution).put("X", o.status).put("i", o.orderId)
        .put("l", trade == null ? "0" : Fixed.toString(trade.quantity())).put("z", Fixed.toString(o.executed))
        .put("L", trade == null ? "0" : Fixed.toString(trade.price())).put("N", "USDT")
        .put("n", trade == null ? "0" : Fixed.toString(trade.fee()))
        .put("T", trade == null ? o.updateTime : trade.time()).put("t", trade == null ? 0 : trade.id())
        .put("b", "0").put("a", "0").put("m", trade != null && trade.maker()).put("R", o.reduceOnly)
        .put("wt", "CONTRACT_PRICE").put("ot", o.type).put("ps", "BOTH").put("cp", false)
        .put("rp", trade == null ? "0" : Fixed.toString(trade.realized())).put("pP", false).put("si", 0)
        .put("ss", 0).put("V", "NONE").put("pm", "NONE").put("gtd", 0);
    return json.toString();
  }

  /** Futures: the wallet and the position of {@code symbol} after a trade ("ORDER") or a funding ("FUNDING_FEE"). */
  static String accountUpdate(String reason, long wallet, long change, String symbol, PerpBook.Position position,
      long unrealized, boolean isolated, long now) {
    ObjectNode json = JSON.createObjectNode().put("e", "ACCOUNT_UPDATE").put("E", now).put("T", now);
    ObjectNode a = json.putObject("a").put("m", reason);
    a.putArray("B").addObject().put("a", "USDT").put("wb", Fixed.toString(wallet)).put("cw", Fixed.toString(wallet))
        .put("bc", Fixed.toString(change));
    a.putArray("P").addObject().put("s", symbol).put("pa", Fixed.toString(position.quantity()))
        .put("ep", Fixed.toString(position.entry())).put("bep", Fixed.toString(position.entry())).put("cr", "0")
        .put("up", Fixed.toString(unrealized)).put("mt", isolated ? "isolated" : "cross").put("iw", "0")
        .put("ps", "BOTH");
    return json.toString();
  }
}
