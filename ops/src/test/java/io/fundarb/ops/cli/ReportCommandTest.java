package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void aBacktestBecomesASelfContainedHtmlReportWithFourCharts() throws Exception {
    Path out = tmp.resolve("run");
    Path html = tmp.resolve("report.html");
    CliRun run = CliRun.of("backtest", "--data", SharedData.dir().toString(), "--venue", "binance", "--from",
        "2023-06-01", "--to", "2024-01-01", "--out", out.toString(), "--report", html.toString());
    assertEquals(0, run.exitCode(), run.err());
    String page = Files.readString(html);
    for (String strategy : new String[] {"carry", "threshold", "flat"}) {
      assertTrue(page.contains("<td>" + strategy + "</td>"), strategy);
    }
    Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    int count = 0;
    while (images.find()) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
      assertNotNull(png, "a decodable PNG");
      assertTrue(png.getWidth() >= 800 && png.getHeight() >= 300);
      count++;
    }
    assertEquals(4, count, "equity, drawdown, funding vs costs, exposure");
    assertTrue(!page.contains("src=\"http"), "self-contained: nothing fetched from elsewhere");

    Path again = tmp.resolve("again.html");
    assertEquals(0, CliRun.of("report", "--input", out.toString(), "--out", again.toString()).exitCode());
    assertEquals(4, Files.readString(again).split("data:image/png").length - 1, "the report command writes the same");
    CliRun missing = CliRun.of("report", "--input", tmp.toString());
    assertTrue(missing.exitCode() != 0 && missing.err().contains("no summary.json"), missing.err());
  }
}
