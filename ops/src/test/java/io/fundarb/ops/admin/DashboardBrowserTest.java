package io.fundarb.ops.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.Required;
import io.fundarb.engine.testing.TestInstruments;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard end to end: a paper node on real data, its admin API, and headless Chromium
 * opening {@code /ui}. The assets and a P&amp;L figure must appear; the screenshot is kept at
 * {@code ops/target/dashboard.png}. .ci/run installs Chromium (Debian package) when it is absent.
 */
class DashboardBrowserTest {
  static final Path SCREENSHOT = Path.of("target", "dashboard.png");

  @TempDir Path dir;

  @Test
  void theDashboardShowsTheAssetsAndThePnlInABrowser() throws Exception {
    Optional<Path> chromium = Chromium.find();
    Required.require(chromium.isPresent(), "no chromium on PATH (.ci/run installs the Debian package)");
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("carry");
    try (FundarbNode node = FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config,
        AdminApiTest.carryAssets(), new NodeSettings(86_400_000.0 / 20, Duration.ofSeconds(5), 1.0, 0.02),
        JournalSettings.h2Memory("browser"), ConfigFactory.empty())) {
      AdminApi api = new AdminApi(node, AdminToken.of("unused"), new TokenBucket(1, 1));
      String base = "http://127.0.0.1:" + api.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .localAddress().getPort();
      Files.createDirectories(dir.resolve("profile"));
      try (Chromium browser = new Chromium(chromium.get(), dir.resolve("profile"))) {
        browser.navigate(base + "/ui");
        String rows = await().atMost(Duration.ofSeconds(30)) // the page renders on its first snapshot
            .until(() -> browser.evaluate("document.getElementById('assets').innerText"),
                text -> text.contains("BINANCE:ETHUSDT"));
        assertTrue(rows.contains("BINANCE:BTCUSDT") && rows.contains("BINANCE:ETHUSDT"), "assets listed: " + rows);
        String pnl = browser.evaluate("document.getElementById('pnl').textContent");
        assertTrue(pnl.matches("-?[0-9,]+(\\.[0-9]+)?"), "a P&L figure: " + pnl);
        String equity = browser.evaluate("document.getElementById('equity').textContent");
        assertTrue(equity.matches("[0-9,]+(\\.[0-9]+)?"), "an equity figure: " + equity);
        assertEquals("1", browser.evaluate("String(document.querySelectorAll('#pnl-curve polyline').length)"));
        String members = await().atMost(Duration.ofSeconds(30)) // the cluster table: this one-member cluster
            .until(() -> browser.evaluate("document.getElementById('cluster').innerText"),
                text -> text.contains("(this node)") && text.contains("BINANCE:ETHUSDT"));
        assertTrue(members.contains("account") && members.contains("up") && members.contains("BINANCE:BTCUSDT"),
            "the member, its status, the account singleton and its asset entities: " + members);
        byte[] png = browser.screenshot();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600, image.getWidth() + "x" + image.getHeight());
      }
    }
  }
}
