package io.fundarb.engine.env;

import java.util.Arrays;

/** Running and finished episode returns of N environments stepped together, for progress logs. */
public final class EpisodeReturns {
  private final double[] running;
  private double finishedSum;
  private int finishedSince;
  private long finishedTotal;

  public EpisodeReturns(int environments) {
    running = new double[environments];
  }

  /** Every environment starts a new episode. */
  public void restartAll() {
    Arrays.fill(running, 0);
  }

  public void add(int env, double reward) {
    running[env] += reward;
  }

  /** Environment {@code env}'s episode ended; its return counts and the next one starts at 0. */
  public void finish(int env) {
    finishedSum += running[env];
    finishedSince++;
    finishedTotal++;
    running[env] = 0;
  }

  /** Mean return of the episodes finished since the last call (NaN if none). */
  public double takeMean() {
    double mean = finishedSince == 0 ? Double.NaN : finishedSum / finishedSince;
    finishedSum = 0;
    finishedSince = 0;
    return mean;
  }

  public long finishedTotal() {
    return finishedTotal;
  }
}
