package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;

/**
 * Binance websocket frames (spot and USDT-M futures) to {@link MarketUpdate}s: book ticker,
 * aggregate trade and mark price / funding rate, raw or wrapped in a combined-stream envelope.
 * Never throws: a frame that cannot be trusted comes back as a drop with its reason.
 */
public final class BinanceFrames {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BinanceFrames() {}

  /** A parse outcome: an update, or the reason it was dropped. */
  public record Parsed(MarketUpdate update, DropReason reason, String detail) {
    static Parsed ok(MarketUpdate update) {
      return new Parsed(update, null, null);
    }

    static Parsed drop(DropReason reason, String detail) {
      return new Parsed(null, reason, detail);
    }

    public boolean isUpdate() {
      return update != null;
    }
  }

  /** A field that cannot be read, and under which reason the frame goes. */
  private static final class BadField extends Exception {
    private static final long serialVersionUID = 1L;
    final DropReason reason;

    BadField(DropReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /** A frame's update; a frame the client already parsed is not parsed again (its size was the client's to limit). */
  public static Parsed parse(Frame frame, int maxChars) {
    JsonNode root = frame.json();
    if (root == null) {
      if (frame.text().length() > maxChars) {
        return Parsed.drop(DropReason.OVERSIZED, frame.text().length() + " chars > " + maxChars);
      }
      try {
        root = JSON.readTree(frame.text());
      } catch (JsonProcessingException e) {
        return Parsed.drop(DropReason.MALFORMED, "not JSON: " + e.getOriginalMessage());
      }
    }
    if (root == null || !root.isObject()) {
      return Parsed.drop(DropReason.MALFORMED, "not a JSON object");
    }
    JsonNode data = root.has("stream") && root.has("data") ? root.get("data") : root;
    try {
      if (!data.isObject()) {
        throw new BadField(DropReason.MALFORMED, "data is not an object");
      }
      String event = data.path("e").asText("");
      if (event.isEmpty() && data.has("u") && data.has("b") && data.has("a")) {
        return Parsed.ok(bookTicker(frame.leg(), data, frame.receivedAt())); // spot: no event type, no time
      }
      switch (event) {
        case "bookTicker":
          return Parsed.ok(bookTicker(frame.leg(), data, integer(data, "E")));
        case "aggTrade":
          return Parsed.ok(trade(frame.leg(), data));
        case "markPriceUpdate":
          return Parsed.ok(markPrice(data));
        default:
          return Parsed.drop(DropReason.UNKNOWN_EVENT, event.isEmpty() ? "no event type" : "event " + event);
      }
    } catch (BadField e) {
      return Parsed.drop(e.reason, e.getMessage());
    }
  }

  private static MarketUpdate bookTicker(Leg leg, JsonNode d, long time) throws BadField {
    long bid = price(d, "b");
    long ask = price(d, "a");
    if (bid > ask) {
      throw new BadField(DropReason.CROSSED_BOOK, "bid " + Fixed.toString(bid) + " above ask " + Fixed.toString(ask));
    }
    return new MarketUpdate.BookTicker(symbol(d), leg, time, integer(d, "u"), bid, quantity(d, "B"), ask,
        quantity(d, "A"));
  }

  private static MarketUpdate trade(Leg leg, JsonNode d) throws BadField {
    return new MarketUpdate.Trade(symbol(d), leg, integer(d, "T"), integer(d, "a"), price(d, "p"), quantity(d, "q"));
  }

  private static MarketUpdate markPrice(JsonNode d) throws BadField {
    long rate;
    try {
      rate = Rate.parse(text(d, "r"));
    } catch (NumberFormatException e) {
      throw new BadField(DropReason.NOT_A_NUMBER, "r: " + e.getMessage());
    }
    return new MarketUpdate.MarkPrice(symbol(d), integer(d, "E"), price(d, "p"), price(d, "i"), rate, integer(d, "T"));
  }

  private static String symbol(JsonNode d) throws BadField {
    String s = text(d, "s");
    if (s.isEmpty() || s.length() > 32) {
      throw new BadField(DropReason.MALFORMED, "symbol '" + s + "'");
    }
    return s;
  }

  private static String text(JsonNode d, String field) throws BadField {
    JsonNode v = d.get(field);
    if (v == null || !v.isTextual()) {
      throw new BadField(DropReason.MALFORMED, field + " missing or not a string");
    }
    return v.asText();
  }

  private static long integer(JsonNode d, String field) throws BadField {
    JsonNode v = d.get(field);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new BadField(DropReason.MALFORMED, field + " missing or not an integer");
    }
    return v.asLong();
  }

  private static long decimal(JsonNode d, String field) throws BadField {
    try {
      return Fixed.parse(text(d, field));
    } catch (NumberFormatException e) {
      throw new BadField(DropReason.NOT_A_NUMBER, field + ": " + e.getMessage());
    }
  }

  private static long price(JsonNode d, String field) throws BadField {
    long p = decimal(d, field);
    if (p <= 0) {
      throw new BadField(DropReason.NON_POSITIVE_PRICE, field + " = " + Fixed.toString(p));
    }
    return p;
  }

  private static long quantity(JsonNode d, String field) throws BadField {
    long q = decimal(d, field);
    if (q < 0) {
      throw new BadField(DropReason.NON_POSITIVE_PRICE, field + " = " + Fixed.toString(q) + " (negative quantity)");
    }
    return q;
  }
}
