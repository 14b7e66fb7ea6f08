package io.fundarb.engine.account;

import io.fundarb.engine.instrument.InstrumentId;

/** One funding settlement on a position (Fixed amounts, Rate rate; payment positive = received). */
public record FundingPayment(InstrumentId perp, long time, long rate, long markPrice, long payment) {}
