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
    assertTrue(missing.exitCode() != 0 && missing.err().contains("neither a backtest result directory"), missing.err());
  }

  /** The paper node's run beside the baselines on the same data: on the simulated venue it equals its backtest. */
  @Test
  void aPaperRunWritesItsReportAgainstTheBaselines() throws Exception {
    Path html = tmp.resolve("paper.html");
    CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue", "binance", "--strategy", "carry",
        "--from", "2023-09-01", "--to", "2023-11-01", "--speed", "0", "--admin-port", "0",
        "--out", tmp.resolve("paper").toString(), "--report", html.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("report: " + html), run.out());
    String page = Files.readString(html);
    Matcher rows = Pattern.compile("<tr><td>BINANCE</td><td>([a-z-]+)</td>(.*?)</tr>").matcher(page);
    java.util.Map<String, String> figures = new java.util.HashMap<>();
    while (rows.find()) {
      figures.put(rows.group(1), rows.group(2));
    }
    assertEquals(java.util.Set.of("paper-carry", "carry", "threshold", "flat"), figures.keySet(), page);
    assertEquals(figures.get("carry"), figures.get("paper-carry"),
        "the node on the simulated venue trades exactly as the backtester");
    assertEquals(4, page.split("data:image/png").length - 1, "equity, drawdown, funding vs costs, exposure");
  }

  @Test
  void trainingLogsBecomeAReportWithTrainingCurves() throws Exception {
    Path models = Files.createDirectories(tmp.resolve("models"));
    String header = "epoch,env_steps,mean_episode_return,policy_loss,value_loss,entropy,approx_kl,clip_fraction,"
        + "explained_variance,learning_rate,passes,skipped_updates,steps_per_second,elapsed_seconds\n";
    Files.writeString(models.resolve("long_term.log.csv"), header
        + "0,512,,0.01,0.5,1.42,0.003,0.1,0.2,3e-4,4,0,900.0,0.6\n"
        + "1,1024,0.012,0.008,0.4,1.40,0.004,0.1,0.3,3e-4,4,0,950.0,1.1\n");
    Files.writeString(models.resolve("anomaly.log.csv"), header + "0,512,-0.002,0.02,0.7,1.41,0.002,0.1,0.1,3e-4,4,0,"
        + "880.0,0.6\n");
    Path html = tmp.resolve("training.html");
    CliRun run = CliRun.of("report", "--input", models.toString(), "--out", html.toString());
    assertEquals(0, run.exitCode(), run.err());
    String page = Files.readString(html);
    assertTrue(page.contains("<td>long_term</td><td>2</td><td>1024</td><td>0.012</td>"), page);
    assertTrue(page.contains("<td>anomaly</td><td>1</td>"), page);
    assertEquals(5, page.split("data:image/png").length - 1, "return, policy loss, value loss, KL, entropy");
  }

  @Test
  void aWalkForwardBecomesAReportWithChainedOutOfSampleCurvesAndAPerFoldTable() throws Exception {
    Path wf = Files.createDirectories(tmp.resolve("wf"));
    String header = "fold,strategy,return,sharpe,sortino,max_drawdown,calmar,turnover,funding,fees,fills,liquidations\n";
    Files.writeString(wf.resolve("results.csv"), header
        + "validation-0,ensemble,0.001000,1.0000,1.0000,0.000100,2.0000,1.000,1.00,0.10,2,0\n"
        + "test-0,ensemble,0.100000,3.0000,4.0000,0.010000,5.0000,2.000,10.00,1.00,4,0\n"
        + "test-0,carry,-0.020000,-1.0000,-1.0000,0.030000,-0.5000,3.000,5.00,2.00,6,0\n"
        + "test-0,flat,0.000000,NaN,NaN,0.000000,NaN,0.000,0.00,0.00,0,0\n"
        + "test-0,ensemble-without-anomaly,0.050000,2.0000,2.0000,0.010000,3.0000,2.000,8.00,1.00,4,0\n"
        + "test-1,ensemble,0.050000,2.5000,3.0000,0.020000,4.0000,2.000,9.00,1.00,4,0\n"
        + "test-1,carry,0.010000,0.5000,0.6000,0.010000,1.0000,3.000,6.00,2.00,6,0\n"
        + "overall,ensemble,0.155000,2.7500,3.5000,0.020000,4.5000,2.000,19.00,2.00,8,0\n");
    Files.writeString(wf.resolve("equity.csv"), "fold,strategy,time,equity\n"
        + "0,ensemble,2023-05-31T00:00:00Z,100000\n0,ensemble,2023-06-30T00:00:00Z,110000\n"
        + "1,ensemble,2023-06-30T00:00:00Z,100000\n1,ensemble,2023-07-30T00:00:00Z,105000\n"
        + "0,carry,2023-05-31T00:00:00Z,100000\n0,carry,2023-06-30T00:00:00Z,98000\n"
        + "0,ensemble-without-anomaly,2023-05-31T00:00:00Z,100000\n");
    Path html = tmp.resolve("wf.html");
    CliRun run = CliRun.of("report", "--input", wf.toString(), "--out", html.toString());
    assertEquals(0, run.exitCode(), run.err());
    String page = Files.readString(html);
    assertTrue(page.contains("<tr><td>overall</td><td>ensemble</td><td>15.50 %</td><td>2.75</td>"), "overall row");
    assertTrue(page.contains("<tr><td>ensemble</td><td>10.00 % / 3.00</td><td>5.00 % / 2.50</td></tr>"),
        "per-fold matrix: strategies as rows, test folds as columns");
    assertTrue(page.contains("<tr><td>flat</td><td>0.00 % / n/a</td><td></td></tr>"), "no Sharpe without variance");
    assertTrue(page.contains("<td>validation-0</td>"), "validation rows listed with every row");
    assertEquals(4, page.split("data:image/png").length - 1, "chained equity, drawdown, return per fold, ablations");
  }
}
