package io.fundarb.engine.venue;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.instrument.Instrument;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.MulDiv;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.OrderType;
import io.fundarb.engine.order.RejectReason;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.order.TimeInForce;
import io.fundarb.engine.time.Clock;
import io.fundarb.engine.time.Times;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An exchange simulated against replayed market data: the same {@link Venue} contract as the
 * live connector, with the account kept in its own {@link Ledger}.
 *
 * <p>Orders arrive {@code latencyMs} after submission and see the market as it was then. Market
 * orders fill at the top of book when one is fresh, else at the last close moved by the
 * {@link SlippageModel}; fills on an instrument take at most {@code maxParticipation} of a bar's
 * volume (or the quoted size), and what is left keeps working on later bars. Resting limit orders
 * fill at their price when a later bar trades through it. Perp positions are isolated: funding
 * settles into their margin, and a bar that touches the liquidation price closes the position
 * there (or at the open when the bar gapped through it).
 */
public final class SimulatedVenue implements Venue {
  private final Universe universe;
  private final MarketState market;
  private final Ledger ledger;
  private final SimVenueConfig config;
  private final Clock clock;
  private final ExecutionListener listener;
  private static final double LIQUIDATION_SCREEN = 1e-9;
  private static final int REMEMBERED_IDS = 100_000;
  private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();
  private final List<WorkingOrder>[] working;
  private final long[] liquidityKey;
  private final long[] liquidityUsed;
  /** Approximate liquidation trigger per perp (0 = none), refreshed on every change to the position. */
  private final double[] liquidationNear;
  private final long[] interestSince;
  private final java.util.SplittableRandom faults;
  /** Client ids seen recently; like a real venue it forgets old ones, so memory stays bounded. */
  private final RecentIds seenIds = new RecentIds(REMEMBERED_IDS);

  /** A request on its way to the venue, handled when its arrival time has passed. */
  private sealed interface Inbound permits InboundOrder, InboundCancel, InboundTransfer {
    long arrival();

    void handle(SimulatedVenue venue);
  }

  private record InboundOrder(long arrival, OrderRequest order) implements Inbound {
    @Override
    public void handle(SimulatedVenue venue) {
      venue.arrive(order, arrival);
    }
  }

  private record InboundCancel(long arrival, InstrumentId instrument, long clientOrderId) implements Inbound {
    @Override
    public void handle(SimulatedVenue venue) {
      venue.cancelWorking(instrument, clientOrderId, arrival);
    }
  }

  private record InboundTransfer(long arrival, long requestId, InstrumentId perp, long amount) implements Inbound {
    @Override
    public void handle(SimulatedVenue venue) {
      venue.transfer(requestId, perp, amount, arrival);
    }
  }

  public SimulatedVenue(
      Universe universe, MarketState market, Ledger ledger, SimVenueConfig config, Clock clock,
      ExecutionListener listener) {
    this.universe = universe;
    this.market = market;
    this.ledger = ledger;
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    int n = universe.instrumentCount();
    @SuppressWarnings("unchecked")
    List<WorkingOrder>[] lists = new List[n];
    for (int i = 0; i < n; i++) {
      lists[i] = new ArrayList<>(2);
    }
    this.working = lists;
    liquidityKey = new long[n];
    liquidityUsed = new long[n];
    liquidationNear = new double[n];
    interestSince = new long[n];
    faults = new java.util.SplittableRandom(config.faultSeed());
  }

  @Override
  public void submit(OrderRequest order) {
    inbound.addLast(new InboundOrder(clock.now() + config.latencyMs(), order));
  }

  @Override
  public void cancel(InstrumentId instrument, long clientOrderId) {
    inbound.addLast(new InboundCancel(clock.now() + config.latencyMs(), instrument, clientOrderId));
  }

  @Override
  public void transferMargin(long requestId, InstrumentId perp, long amount) {
    inbound.addLast(new InboundTransfer(clock.now() + config.latencyMs(), requestId, perp, amount));
  }

  /** The venue's own books, for reconciliation. */
  public Ledger ledger() {
    return ledger;
  }

  /** Orders resting on the book, by instrument then arrival: what an operator sees as open. */
  public List<RestingOrder> restingOrders() {
    List<RestingOrder> out = new ArrayList<>();
    for (List<WorkingOrder> orders : working) {
      for (WorkingOrder w : orders) {
        out.add(new RestingOrder(w.request, new Quantity(w.filled),
            new Quantity(w.remaining)));
      }
    }
    return out;
  }

  public boolean hasPendingWork() {
    if (!inbound.isEmpty()) {
      return true;
    }
    for (List<WorkingOrder> orders : working) {
      if (!orders.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Handles every request that arrived strictly before {@code time}, in arrival order, against
   * the market as it stood before the events stamped {@code time}.
   */
  public void processArrivals(long time) {
    while (!inbound.isEmpty() && inbound.peekFirst().arrival() < time) {
      inbound.pollFirst().handle(this);
    }
  }

  /** Call after {@code market} took a new bar for instrument {@code i}. */
  public void onBar(int i, long time) {
    if (liquidationNear[i] > 0) { // only open perps have a trigger
      checkLiquidation(i, time);
    } else if (!Universe.isPerp(i) && ledger.quantity(i) < 0) {
      accrueInterest(i, time);
    }
    if (!working[i].isEmpty()) {
      matchWorking(i, time);
    }
  }

  /** Settles funding for the position in perp {@code i} at its mark price. */
  public void onFunding(int i, long time, long rate) {
    long size = ledger.quantity(i);
    if (size == 0) {
      return;
    }
    long mark = market.markPrice(i);
    long payment = FundingPayment.amount(size, mark, rate);
    ledger.applyFunding(i, payment);
    refreshLiquidation(i);
    listener.onFunding(universe.id(i), time, rate, mark, payment);
  }

  private void arrive(OrderRequest order, long time) {
    if (!seenIds.add(order.clientOrderId())) {
      reject(order, time, RejectReason.DUPLICATE_CLIENT_ORDER_ID, "client order id already used");
      return;
    }
    if (config.rejectRate() > 0 && faults.nextDouble() < config.rejectRate()) {
      reject(order, time, RejectReason.VENUE_ERROR, "injected fault (fundarb.sim.reject-rate)");
      return;
    }
    int i = universe.indexOf(order.instrument());
    if (i < 0) {
      reject(order, time, RejectReason.UNKNOWN_INSTRUMENT, "not traded here");
      return;
    }
    Instrument instrument = universe.instrument(i);
    long quantity = order.quantity().raw();
    if (!Fixed.isMultipleOf(quantity, instrument.lotSize())) {
      reject(order, time, RejectReason.OFF_LOT_QUANTITY,
          "quantity " + order.quantity() + " is not a multiple of lot " + Fixed.toString(instrument.lotSize()));
      return;
    }
    if (order.type() == OrderType.LIMIT && !order.limitPrice().isMultipleOf(new Price(instrument.tickSize()))) {
      reject(order, time, RejectReason.OFF_TICK_PRICE,
          "price " + order.limitPrice() + " is not a multiple of tick " + Fixed.toString(instrument.tickSize()));
      return;
    }
    if (!market.hasPrice(i)) {
      reject(order, time, RejectReason.NO_MARKET_PRICE, "no market data yet");
      return;
    }
    if (order.reduceOnly()) {
      long position = ledger.quantity(i);
      if (position == 0 || Long.signum(order.signedQuantity()) == Long.signum(position)) {
        reject(order, time, RejectReason.REDUCE_ONLY_WOULD_INCREASE, "position is " + Fixed.toString(position));
        return;
      }
      quantity = Math.min(quantity, Math.abs(position));
    }
    long reference = market.lastPrice(i);
    long notional = Fixed.mul(quantity, reference, RoundingMode.HALF_EVEN);
    if (!order.reduceOnly() && notional < instrument.minNotional()) {
      reject(order, time, RejectReason.BELOW_MIN_NOTIONAL,
          "notional " + Fixed.toString(notional) + " below " + Fixed.toString(instrument.minNotional()));
      return;
    }
    long signed = order.side().sign() * quantity;
    long fee = config.fees(Universe.isPerp(i)).fee(notional, Liquidity.TAKER);
    RejectReason unaffordable = affordability(i, signed, reference, fee);
    if (unaffordable != null) {
      reject(order, time, unaffordable, "needs " + Fixed.toString(ledger.cashNeeded(i, signed, reference) + fee)
          + " " + universe.quote() + ", cash is " + Fixed.toString(ledger.cash()));
      return;
    }
    listener.onAccepted(order.clientOrderId(), order.instrument(), time);
    WorkingOrder w = new WorkingOrder(order, i, quantity);
    takeLiquidity(w, time);
    if (w.remaining > 0) {
      if (order.timeInForce() == TimeInForce.IOC) {
        listener.onCanceled(new Cancellation(order.clientOrderId(), order.instrument(), time,
            new Quantity(w.remaining), "IOC remainder"));
      } else {
        working[i].add(w);
      }
    }
  }

  /** Fills what the book (or the bar's participation budget) allows right now, as taker. */
  private void takeLiquidity(WorkingOrder w, long time) {
    int i = w.instrument;
    Side side = w.request.side();
    Instrument instrument = universe.instrument(i);
    long quantity = Fixed.floorToStep(Math.min(w.remaining, available(i, side)), instrument.lotSize());
    if (quantity <= 0) {
      return;
    }
    long reference = market.lastPrice(i);
    long price;
    if (market.hasFreshQuote(i)) {
      price = side == Side.BUY ? market.ask(i) : market.bid(i);
    } else {
      price = SlippageModel.adversePrice(
          reference, config.slippage().bps(quantity, market.volume(i)), side, instrument.tickSize());
    }
    if (w.request.type() == OrderType.LIMIT && worseThanLimit(price, w.request)) {
      return;
    }
    execute(w, time, quantity, price, reference, Liquidity.TAKER);
  }

  private static boolean worseThanLimit(long price, OrderRequest order) {
    long limit = order.limitPrice().raw();
    return order.side() == Side.BUY ? price > limit : price < limit;
  }

  private void matchWorking(int i, long time) {
    Iterator<WorkingOrder> it = working[i].iterator();
    while (it.hasNext()) {
      WorkingOrder w = it.next();
      if (w.request.type() == OrderType.MARKET) {
        takeLiquidity(w, time);
      } else {
        restingLimitFill(w, time);
      }
      if (w.remaining == 0 || w.request.reduceOnly() && ledger.quantity(i) == 0) {
        if (w.remaining > 0) {
          listener.onCanceled(new Cancellation(w.request.clientOrderId(), w.request.instrument(), time,
              new Quantity(w.remaining), "reduce-only order has no position left"));
        }
        it.remove();
      } else if (w.remaining < 0) {
        throw new IllegalStateException("overfilled " + w.request);
      }
    }
  }

  private void restingLimitFill(WorkingOrder w, long time) {
    int i = w.instrument;
    long limit = w.request.limitPrice().raw();
    boolean traded = w.request.side() == Side.BUY ? market.low(i) <= limit : market.high(i) >= limit;
    if (!traded) {
      return;
    }
    long quantity = Fixed.floorToStep(
        Math.min(w.remaining, available(i, w.request.side())), universe.instrument(i).lotSize());
    if (quantity > 0) {
      execute(w, time, quantity, limit, limit, Liquidity.MAKER);
    }
  }

  private void execute(WorkingOrder w, long time, long quantity, long price, long reference, Liquidity liquidity) {
    int i = w.instrument;
    if (w.request.reduceOnly()) {
      quantity = Math.min(quantity, Math.abs(ledger.quantity(i)));
      if (quantity == 0) {
        return;
      }
    }
    long signed = w.signed(quantity);
    long notional = Fixed.mul(quantity, price, RoundingMode.HALF_EVEN);
    long fee = config.fees(Universe.isPerp(i)).fee(notional, liquidity);
    if (!Universe.isPerp(i)) {
      accrueInterest(i, time);
    }
    RejectReason unaffordable = affordability(i, signed, price, fee);
    if (unaffordable != null) {
      long unfilled = w.remaining;
      w.remaining = 0;
      listener.onCanceled(new Cancellation(w.request.clientOrderId(), w.request.instrument(), time,
          new Quantity(unfilled), unaffordable.name()));
      return;
    }
    long slippage = Math.abs(Fixed.mul(price - reference, quantity, RoundingMode.HALF_EVEN));
    long before = ledger.quantity(i);
    ledger.trade(i, signed, price, fee, slippage);
    if (before >= 0 && ledger.quantity(i) < 0) {
      interestSince[i] = time;
    }
    consume(i, quantity);
    w.remaining -= quantity;
    w.filled += quantity;
    if (Universe.isPerp(i)) {
      refreshLiquidation(i);
    }
    listener.onFill(new Fill(w.request.clientOrderId(), w.request.instrument(), time, w.request.side(),
        new Price(price), new Quantity(quantity), fee, slippage, liquidity, new Quantity(w.remaining)));
  }

  /** Null when the account can pay for the trade, else why not. */
  private RejectReason affordability(int i, long signed, long price, long fee) {
    long needed = Math.addExact(ledger.cashNeeded(i, signed, price), fee);
    if (Universe.isPerp(i)) {
      return needed > ledger.cash() ? RejectReason.INSUFFICIENT_MARGIN : null;
    }
    if (signed > 0) {
      return needed > ledger.cash() ? RejectReason.INSUFFICIENT_BALANCE : null;
    }
    long after = ledger.quantity(i) + signed;
    if (after >= 0) {
      return null;
    }
    if (!config.spotBorrow()) {
      return RejectReason.BORROW_NOT_ALLOWED;
    }
    long borrowed = Fixed.mul(-after, price, RoundingMode.HALF_EVEN);
    long limit = Rate.apply(ledger.equity(market), config.maxBorrowToEquity(), RoundingMode.DOWN);
    return borrowed > limit ? RejectReason.INSUFFICIENT_MARGIN : null;
  }

  /** Liquidity left for this instrument in the current bar (or at the current quote). */
  private long available(int i, Side side) {
    long key;
    long budget;
    if (market.hasFreshQuote(i)) {
      key = -1 - i; // quote liquidity is not renewed by bars; see consume
      budget = side == Side.BUY ? market.askSize(i) : market.bidSize(i);
    } else {
      key = market.barTime(i);
      budget = Rate.apply(market.volume(i), config.maxParticipation(), RoundingMode.DOWN);
    }
    if (liquidityKey[i] != key) {
      liquidityKey[i] = key;
      liquidityUsed[i] = 0;
    }
    return Math.max(0, budget - liquidityUsed[i]);
  }

  private void consume(int i, long quantity) {
    liquidityUsed[i] += quantity;
  }

  /**
   * Liquidation check for a new perp bar. The exact trigger ({@link Ledger#liquidationPrice})
   * costs a division, so it is computed only when the bar comes within a hair (10^-9, far wider
   * than double rounding) of the approximate trigger; a bar clearly short of it cannot liquidate.
   */
  private void checkLiquidation(int i, long time) {
    long size = ledger.quantity(i);
    double near = liquidationNear[i];
    if (size < 0 ? market.high(i) < near * (1 - LIQUIDATION_SCREEN) : market.low(i) > near * (1 + LIQUIDATION_SCREEN)) {
      return;
    }
    long trigger = ledger.liquidationPrice(i);
    if (trigger <= 0) {
      return;
    }
    long price;
    if (size > 0 && market.low(i) <= trigger) {
      price = Math.min(trigger, market.open(i));
    } else if (size < 0 && market.high(i) >= trigger) {
      price = Math.max(trigger, market.open(i));
    } else {
      return;
    }
    for (WorkingOrder w : working[i]) {
      listener.onCanceled(new Cancellation(w.request.clientOrderId(), w.request.instrument(), time,
          new Quantity(w.remaining), "position liquidated"));
    }
    working[i].clear();
    Liquidation liquidation = ledger.liquidate(i, time, Math.max(price, universe.instrument(i).tickSize()));
    liquidationNear[i] = 0;
    listener.onLiquidation(liquidation);
  }

  /** Recomputes the approximate liquidation trigger of perp {@code i} from its books. */
  private void refreshLiquidation(int i) {
    long size = ledger.quantity(i);
    if (size == 0) {
      liquidationNear[i] = 0;
      return;
    }
    double mmr = Rate.toDouble(universe.perp(i).maintenanceMarginRate());
    double numerator = (double) ledger.cost(i) - ledger.margin(i);
    double denominator = size - mmr * Math.abs(size);
    double price = numerator / denominator * Fixed.ONE;
    liquidationNear[i] = Math.max(price, 0);
  }

  private void accrueInterest(int i, long time) {
    long size = ledger.quantity(i);
    if (size >= 0 || time <= interestSince[i]) {
      return;
    }
    long value = Math.abs(Fixed.mul(size, market.markPrice(i), RoundingMode.HALF_EVEN));
    long yearly = Rate.apply(value, config.borrowRateAnnual(), RoundingMode.CEILING);
    long amount = MulDiv.mulDiv(yearly, time - interestSince[i], Times.YEAR_MS, RoundingMode.CEILING);
    interestSince[i] = time;
    if (amount > 0) {
      ledger.chargeBorrowInterest(i, amount);
      listener.onBorrowInterest(universe.id(i), time, amount);
    }
  }

  private void cancelWorking(InstrumentId instrument, long clientOrderId, long time) {
    int i = universe.indexOf(instrument);
    if (i >= 0) {
      Iterator<WorkingOrder> it = working[i].iterator();
      while (it.hasNext()) {
        WorkingOrder w = it.next();
        if (w.request.clientOrderId() == clientOrderId) {
          it.remove();
          listener.onCanceled(new Cancellation(clientOrderId, instrument, time, new Quantity(w.remaining), "canceled"));
          return;
        }
      }
    }
    listener.onRejected(new Rejection(clientOrderId, instrument, time, RejectReason.UNKNOWN_ORDER,
        "no working order with this id"));
  }

  private void transfer(long requestId, InstrumentId perp, long amount, long time) {
    int i = universe.indexOf(perp);
    if (i < 0 || !Universe.isPerp(i)) {
      listener.onRejected(new Rejection(requestId, perp, time, RejectReason.UNKNOWN_INSTRUMENT, "not a perp here"));
      return;
    }
    if (ledger.quantity(i) == 0) {
      listener.onRejected(new Rejection(requestId, perp, time, RejectReason.NO_POSITION, "no position to margin"));
      return;
    }
    if (amount > ledger.cash()) {
      listener.onRejected(new Rejection(requestId, perp, time, RejectReason.INSUFFICIENT_BALANCE,
          "cannot add " + Fixed.toString(amount) + ", cash is " + Fixed.toString(ledger.cash())));
      return;
    }
    long removable = ledger.removableMargin(i, market.markPrice(i));
    if (amount < 0 && -amount > removable) {
      listener.onRejected(new Rejection(requestId, perp, time, RejectReason.INSUFFICIENT_MARGIN,
          "cannot remove " + Fixed.toString(-amount) + ", removable is " + Fixed.toString(removable)));
      return;
    }
    ledger.transferMargin(i, amount);
    refreshLiquidation(i);
    listener.onMarginTransfer(requestId, perp, time, amount);
  }

  private void reject(OrderRequest order, long time, RejectReason reason, String detail) {
    listener.onRejected(new Rejection(order.clientOrderId(), order.instrument(), time, reason, detail));
  }
}
