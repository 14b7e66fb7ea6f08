package io.fundarb.engine.multivenue;

import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;

/**
 * What moving cash from one venue account to another costs: a withdrawal fee (a fixed amount plus a
 * share of the amount, rounded up) and the time until the money can be used on the other venue.
 *
 * @param fixedFee Fixed, quote currency (a USDT withdrawal costs about 1 USDT on the cheap networks)
 * @param feeRate Rate, share of the amount
 * @param delayMs from withdrawal to credit (withdrawal review plus network confirmations)
 */
public record TransferTerms(long fixedFee, long feeRate, long delayMs) {
  public TransferTerms {
    if (fixedFee < 0 || feeRate < 0 || feeRate >= Rate.ONE || delayMs < 0) {
      throw new IllegalArgumentException("transfer fee and delay must be non-negative, the fee rate below 1");
    }
  }

  /** The fee on moving {@code amount}. */
  public long fee(long amount) {
    return Math.addExact(fixedFee, Rate.apply(amount, feeRate, RoundingMode.UP));
  }
}
