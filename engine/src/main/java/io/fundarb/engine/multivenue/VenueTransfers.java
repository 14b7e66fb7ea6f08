package io.fundarb.engine.multivenue;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Moves cash between the venue accounts of one portfolio: the amount leaves the source at once,
 * and arrives, less the fee, {@link TransferTerms#delayMs()} later. Until then it is in transit: it
 * counts in the portfolio's equity but no venue can trade with it. Cash is conserved: the accounts'
 * cash plus what is in transit plus the fees paid only changes by trading.
 */
public final class VenueTransfers {
  /** A venue account's cash, as the transfer desk sees it. */
  public interface CashAccount {
    /** Cash not held in positions or margin (Fixed). */
    long freeCash();

    /** Adds {@code signedAmount} to the account's cash (negative: a withdrawal). */
    void move(long signedAmount);
  }

  private record Pending(int to, long amount, long arrives) {}

  private final List<? extends CashAccount> accounts;
  private final TransferTerms terms;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final long[] incoming;
  private long inTransit;
  private long feesPaid;
  private int sent;

  public VenueTransfers(List<? extends CashAccount> accounts, TransferTerms terms) {
    this.accounts = List.copyOf(accounts);
    this.terms = terms;
    this.incoming = new long[accounts.size()];
  }

  /**
   * Withdraws {@code amount} from {@code from} now; {@code amount} less the fee reaches {@code to} at
   * {@code now + delay} (on the first {@link #settle} at or after it).
   *
   * @throws IllegalArgumentException when the amount does not cover the fee or exceeds the source's free cash
   */
  public void send(int from, int to, long amount, long now) {
    if (from == to) {
      throw new IllegalArgumentException("a transfer needs two venues");
    }
    long fee = terms.fee(amount);
    if (amount <= fee) {
      throw new IllegalArgumentException("a transfer of " + amount + " does not cover its fee " + fee);
    }
    if (amount > accounts.get(from).freeCash()) {
      throw new IllegalArgumentException("a transfer of " + amount + " exceeds the free cash of venue " + from);
    }
    accounts.get(from).move(-amount);
    long net = amount - fee;
    pending.addLast(new Pending(to, net, Math.addExact(now, terms.delayMs())));
    incoming[to] += net;
    inTransit += net;
    feesPaid += fee;
    sent++;
  }

  /** Credits every transfer due at or before {@code now}. */
  public void settle(long now) {
    // One delay for every transfer, so arrivals come in the order the transfers were sent.
    while (!pending.isEmpty() && pending.peekFirst().arrives() <= now) {
      Pending p = pending.pollFirst();
      accounts.get(p.to()).move(p.amount());
      incoming[p.to()] -= p.amount();
      inTransit -= p.amount();
    }
  }

  /** The fee on moving {@code amount}. */
  public long fee(long amount) {
    return terms.fee(amount);
  }

  /** Cash on its way, already net of fees (Fixed). */
  public long inTransit() {
    return inTransit;
  }

  /** Cash on its way to {@code venue}, net of fees. */
  public long incoming(int venue) {
    return incoming[venue];
  }

  public long feesPaid() {
    return feesPaid;
  }

  public int sent() {
    return sent;
  }
}
