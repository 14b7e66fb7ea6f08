package io.fundarb.engine.risk;

import java.util.EnumSet;

/**
 * The risk budget a sizing controller's proposal passes through before it becomes an order
 * intent: a pure function of the proposal and the asset's and portfolio's state, so it is tested
 * without any runtime and gives the same answer in training, backtests and live nodes.
 *
 * <p>In order: unusable input holds the current target; a daily loss at the budget flattens;
 * funding settling against the position's direction beyond the limit exits that direction
 * (carry has become a cost); then the target is capped by the per-asset position limit, by a
 * volatility cap that falls as realised volatility rises above the calm level ({@code calm / vol},
 * the leverage a desk would still run), and by what the portfolio notional budget leaves after the
 * other assets. A cap never flips a sign and never increases a position.
 *
 * @param maxPosition largest |hedge ratio| per asset, in [0, 1]
 * @param maxPortfolio largest sum of |hedge ratio| over assets, as a share of the asset count
 * @param calmVolatility annualised spot volatility up to which the volatility cap is 1
 * @param maxDailyLoss loss since the UTC day's start, as a share of the asset's max notional, that flattens it
 * @param maxAdverseFunding funding per interval (a fraction) against the position beyond which it exits
 */
public record RiskProjection(double maxPosition, double maxPortfolio, double calmVolatility, double maxDailyLoss,
    double maxAdverseFunding) {
  public RiskProjection {
    if (!(maxPosition >= 0 && maxPosition <= 1) || !(maxPortfolio >= 0 && maxPortfolio <= 1)
        || !(calmVolatility > 0) || !(maxDailyLoss > 0) || !(maxAdverseFunding >= 0)) {
      throw new IllegalArgumentException("need 0 <= maxPosition, maxPortfolio <= 1 and positive calm volatility,"
          + " daily-loss budget and adverse-funding limit");
    }
  }

  /** Defaults matching conf/reference.conf's risk section. */
  public static RiskProjection defaults() {
    return new RiskProjection(1.0, 1.0, 0.60, 0.02, 0.0005);
  }

  /**
   * One asset's state at the decision.
   *
   * @param proposed the controller's target hedge ratio
   * @param current the asset's current target
   * @param volatility annualised realised spot volatility (a fraction; NaN or 0 when unknown)
   * @param fundingRate last settled funding rate per interval (positive: shorts receive)
   * @param dailyPnl P&L since the UTC day's start over the asset's max notional
   * @param otherAssetsGross sum of the other assets' |hedge ratio|
   * @param assets assets in the portfolio
   */
  public record Input(double proposed, double current, double volatility, double fundingRate, double dailyPnl,
      double otherAssetsGross, int assets) {}

  public RiskDecision project(Input in) {
    if (Double.isNaN(in.proposed()) || Double.isNaN(in.current()) || Double.isNaN(in.fundingRate())
        || Double.isNaN(in.dailyPnl())) {
      return RiskDecision.hold(RiskRule.BAD_DATA);
    }
    if (in.dailyPnl() <= -maxDailyLoss) {
      return new RiskDecision(0, EnumSet.of(RiskRule.DAILY_LOSS));
    }
    EnumSet<RiskRule> rules = EnumSet.noneOf(RiskRule.class);
    double target = Math.max(-1, Math.min(1, in.proposed()));
    // Long carry (target > 0) is short the perp and receives positive funding; reverse carry the opposite.
    if (target != 0 && Math.signum(target) * in.fundingRate() < -maxAdverseFunding) {
      target = 0;
      rules.add(RiskRule.ADVERSE_FUNDING);
    }
    target = AssetRiskGuard.cap(target, maxPosition, rules, RiskRule.POSITION_LIMIT);
    target = AssetRiskGuard.cap(target, volatilityCap(in.volatility()), rules, RiskRule.LEVERAGE_CAP);
    double budget = Math.max(0, maxPortfolio * in.assets() - in.otherAssetsGross());
    target = AssetRiskGuard.cap(target, budget, rules, RiskRule.PORTFOLIO_NOTIONAL);
    return new RiskDecision(target, rules);
  }

  /** 1 up to the calm volatility, then calm / vol: the cap halves when volatility doubles. */
  public double volatilityCap(double volatility) {
    return Double.isNaN(volatility) || volatility <= calmVolatility ? 1 : calmVolatility / volatility;
  }
}
