package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void onATerminalOneLineIsRedrawnWithRateAndEta() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), "train", "steps", 1_000, true, clock::get);
    clock.set(2 * SECOND);
    bar.update(250, "loss 0.12");
    clock.set(2 * SECOND + 1_000);
    bar.update(260, "");
    bar.finish();
    assertEquals("\rtrain  25% [######..................] 250/1,000 125 steps/s loss 0.12 ETA 0:06  \n", text.toString(),
        "the second update came within 100 ms: not redrawn");
  }

  @Test
  void inALogAShortJobIsSilentAndALongOnePrintsPlainLinesEveryTenth() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), "backtest", "steps", 100, false, clock::get);
    clock.set(SECOND);
    bar.update(50, "");
    assertEquals("", text.toString(), "quiet for the first seconds");
    clock.set(10 * SECOND);
    bar.update(60, "");
    bar.update(61, "");
    clock.set(20 * SECOND);
    bar.update(100, "");
    bar.finish();
    String[] lines = text.toString().split("\n");
    assertEquals(2, lines.length, text.toString());
    assertEquals("backtest  60% 60/100 6 steps/s elapsed 0:10 ETA 0:07", lines[0]);
    assertTrue(lines[1].startsWith("backtest 100% 100/100 5 steps/s elapsed 0:20 ETA 0:00"), lines[1]);
  }
}
