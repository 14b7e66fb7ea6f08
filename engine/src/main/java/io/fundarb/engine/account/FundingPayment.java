package io.fundarb.engine.account;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;

/** One funding settlement on a position (Fixed amounts, Rate rate; payment positive = received). */
public record FundingPayment(InstrumentId perp, long time, long rate, long markPrice, long payment) {
  /**
   * What a position of {@code size} (signed base units) receives at a settlement: longs pay a
   * positive rate to shorts, on the position's value at the mark (Fixed; negative = paid).
   */
  public static long amount(long size, long markPrice, long rate) {
    return -Rate.apply(Fixed.mul(size, markPrice, RoundingMode.HALF_EVEN), rate, RoundingMode.HALF_EVEN);
  }
}
