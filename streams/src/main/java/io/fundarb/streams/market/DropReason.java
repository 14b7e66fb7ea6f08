package io.fundarb.streams.market;

/** Why a frame never became a market update. Every drop is counted under one of these. */
public enum DropReason {
  /** Longer than the configured frame limit: not even parsed. */
  OVERSIZED,
  /** Not JSON, not an object, or a required field missing or of the wrong type. */
  MALFORMED,
  /** An event type this feed does not consume (subscription acks, other streams). */
  UNKNOWN_EVENT,
  /** A price or quantity that is not a finite decimal ("NaN", "Infinity", garbage). */
  NOT_A_NUMBER,
  /** A price at or below zero, or a negative quantity. */
  NON_POSITIVE_PRICE,
  /** A book whose best bid is above its best ask. */
  CROSSED_BOOK,
  /** The same update or trade id again (a replayed or re-sent frame). */
  DUPLICATE,
  /** Older than what the stream already delivered. */
  OUT_OF_ORDER,
  /** The consumer fell behind and the bounded buffer was full: the oldest frame made room. */
  OVERFLOW
}
