package io.fundarb.engine.account;

import io.fundarb.engine.instrument.InstrumentId;

/**
 * A forced close of an isolated perp position, fully itemised (all amounts Fixed, quote
 * currency): {@code marginBefore + realisedPnl - fee + insuranceCover == returnedToCash}.
 */
public record Liquidation(
    InstrumentId instrument,
    long time,
    long quantity,
    long price,
    long marginBefore,
    long realisedPnl,
    long fee,
    long insuranceCover,
    long returnedToCash) {}
