package io.fundarb.ops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalkForwardReportTest {
  @Test
  void testWindowsChainInFoldOrderAsGrowthOfOne() {
    Map<String, Curve> curves = WalkForwardReport.chain(List.of(
        new String[] {"1", "ensemble", "2023-06-30T00:00:00Z", "50000"},
        new String[] {"1", "ensemble", "2023-07-30T00:00:00Z", "52500"},
        new String[] {"0", "ensemble", "2023-05-31T00:00:00Z", "100000"},
        new String[] {"0", "ensemble", "2023-06-15T00:00:00Z", "120000"},
        new String[] {"0", "ensemble", "2023-06-30T00:00:00Z", "110000"}));
    Curve ensemble = curves.get("ensemble");
    assertEquals(List.of(1.0, 1.2, 1.1, 1.1, 1.155), ensemble.y().stream().map(v -> Math.round(v * 1e6) / 1e6).toList(),
        "fold 0 then fold 1 (whatever the file order), each fold scaled by its own start and the growth before it");
    assertEquals(-1 / 12.0, ensemble.drawdown().y().get(2), 1e-12, "from the 1.2 peak to 1.1");
  }
}
