package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;

/**
 * One websocket text frame as received, before any parsing.
 *
 * @param receivedAt local receive time, epoch ms (Binance's spot book ticker carries no event time)
 */
public record Frame(Leg leg, String text, long receivedAt) {}
