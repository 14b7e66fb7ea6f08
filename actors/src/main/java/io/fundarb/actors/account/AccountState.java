package io.fundarb.actors.account;

import io.fundarb.actors.serialization.Durable;

/**
 * What every asset must know of its account, pushed to them when it changes (a live run) or carried
 * by the replay clock's steps (a replay, so it takes effect at the same step on every run).
 *
 * @param killed the kill switch is on: flatten, no new exposure
 * @param dailyLossSpent the daily loss budget is spent: flatten, no entries until the next UTC day
 * @param maxPosition the operator's largest |hedge ratio| per asset
 * @param cash the account's free cash (Fixed) as last reported: it caps margin top-ups
 */
public record AccountState(boolean killed, boolean dailyLossSpent, double maxPosition, long cash) implements Durable {
  /** Whether an asset may add exposure at all. */
  public boolean entriesAllowed() {
    return !killed && !dailyLossSpent;
  }
}
