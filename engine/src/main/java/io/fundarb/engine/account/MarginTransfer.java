package io.fundarb.engine.account;

import io.fundarb.engine.instrument.InstrumentId;

/** Cash moved into (positive) or out of (negative) a perp's isolated margin. */
public record MarginTransfer(long requestId, InstrumentId perp, long time, long amount) {}
