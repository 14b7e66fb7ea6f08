package io.fundarb.streams.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.engine.instrument.Leg;

/**
 * One websocket text frame: as the websocket client already parsed it ({@code json}, the hot path:
 * a frame is parsed once), or as text still to parse ({@code json} null: recorded frames, tests).
 *
 * @param receivedAt local receive time, epoch ms (Binance's spot book ticker carries no event time)
 */
public record Frame(Leg leg, JsonNode json, String text, long receivedAt) {
  /** A frame still to parse. */
  public Frame(Leg leg, String text, long receivedAt) {
    this(leg, null, text, receivedAt);
  }

  /** A frame the websocket client parsed. */
  public static Frame parsed(Leg leg, JsonNode json, long receivedAt) {
    return new Frame(leg, json, null, receivedAt);
  }
}
