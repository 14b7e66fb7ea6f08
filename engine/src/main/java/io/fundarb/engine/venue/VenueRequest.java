package io.fundarb.engine.venue;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.OrderRequest;

/** What an asset asks its venue to do, as a value: sent, journaled, carried between actors. */
public sealed interface VenueRequest {
  /** The request's id (an order's client id, a transfer's request id). */
  long id();

  /** Hands the request to {@code venue}. */
  void sendTo(Venue venue);

  record Submit(OrderRequest order) implements VenueRequest {
    @Override
    public long id() {
      return order.clientOrderId();
    }

    @Override
    public void sendTo(Venue venue) {
      venue.submit(order);
    }
  }

  record Cancel(InstrumentId instrument, long clientOrderId) implements VenueRequest {
    @Override
    public long id() {
      return clientOrderId;
    }

    @Override
    public void sendTo(Venue venue) {
      venue.cancel(instrument, clientOrderId);
    }
  }

  record Transfer(long requestId, InstrumentId perp, long amount) implements VenueRequest {
    @Override
    public long id() {
      return requestId;
    }

    @Override
    public void sendTo(Venue venue) {
      venue.transferMargin(requestId, perp, amount);
    }
  }

  /** A {@link Venue} that keeps what it is asked, in order, for someone else to send. */
  final class Outbox implements Venue {
    private final java.util.List<VenueRequest> requests = new java.util.ArrayList<>(4);

    @Override
    public void submit(OrderRequest order) {
      requests.add(new Submit(order));
    }

    @Override
    public void cancel(InstrumentId instrument, long clientOrderId) {
      requests.add(new Cancel(instrument, clientOrderId));
    }

    @Override
    public void transferMargin(long requestId, InstrumentId perp, long amount) {
      requests.add(new Transfer(requestId, perp, amount));
    }

    /** The requests kept since the last call, oldest first. */
    public java.util.List<VenueRequest> drain() {
      if (requests.isEmpty()) {
        return java.util.List.of();
      }
      java.util.List<VenueRequest> out = java.util.List.copyOf(requests);
      requests.clear();
      return out;
    }
  }
}
