package io.fundarb.engine.instrument;

import io.fundarb.engine.money.Currency;

/**
 * A USDT-margined linear perpetual swap, margined in isolated mode.
 *
 * @param maintenanceMarginRate fraction of position notional that must stay in the isolated
 *     margin ({@link io.fundarb.engine.money.Rate}); below it the position is liquidated
 * @param liquidationFeeRate clearance fee charged on liquidated notional (Rate)
 * @param maxLeverage highest leverage the venue accepts for this instrument
 */
public record LinearPerpetual(
    InstrumentId id,
    Currency base,
    Currency quote,
    long tickSize,
    long lotSize,
    long minNotional,
    long contractMultiplier,
    long maintenanceMarginRate,
    long liquidationFeeRate,
    int maxLeverage)
    implements Instrument {
  public LinearPerpetual {
    SpotPair.validateKind(id, InstrumentKind.PERP);
    if (maintenanceMarginRate <= 0 || liquidationFeeRate < 0 || maxLeverage < 1) {
      throw new IllegalArgumentException(id + ": invalid margin parameters");
    }
  }
}
