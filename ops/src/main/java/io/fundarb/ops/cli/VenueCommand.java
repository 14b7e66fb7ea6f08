package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fundarb venue}: the loopback Binance-compatible venue on 127.0.0.1, replaying real data
 * as its market, for paper trading and client tests with the real exchange client.
 */
@Command(name = "venue", mixinStandardHelpOptions = true,
    description = {"Runs the loopback Binance-compatible venue on 127.0.0.1, replaying real data as its market.",
        "Spot REST under /api/v3, USDT-M futures under /fapi, websockets at /spot/stream and /futures/stream;",
        "signed requests need the keys from FUNDARB_VENUE_API_KEY / FUNDARB_VENUE_API_SECRET, or the ones it",
        "generates into --keys-file (never printed). Faults can be injected with the --fault-* options."})
public final class VenueCommand implements Callable<Integer> {
  static final String KEY_ENV = "FUNDARB_VENUE_API_KEY";
  static final String SECRET_ENV = "FUNDARB_VENUE_API_SECRET";

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--venue", paramLabel = "<venue>", description = "whose data to replay (default from config)")
  String venue;

  @Option(names = "--port", defaultValue = "8900", description = "port on 127.0.0.1, 0 = any free (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--speed", defaultValue = "3600", description = "replay speed, 3600 = an hour of data per second; 0 = unpaced (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--half-spread-bps", defaultValue = "1", description = "quoted half spread around each close (default: ${DEFAULT-VALUE})")
  String halfSpreadBps;

  @Option(names = "--depth-share", defaultValue = "0.1", description = "quoted size per side as a share of the bar's volume (default: ${DEFAULT-VALUE})")
  String depthShare;

  @Option(names = "--keys-file", defaultValue = "runs/venue-keys.properties",
      description = "where generated keys are written (owner-only) when the environment has none (default: ${DEFAULT-VALUE})")
  Path keysFile;

  @Option(names = "--exit-at-end", description = "stop when the data ends instead of serving the last quotes")
  boolean exitAtEnd;

  @Option(names = "--fault-rate-limit-every", defaultValue = "0", description = "every n-th signed request gets 429 + Retry-After")
  int rateLimitEvery;

  @Option(names = "--fault-server-error-every", defaultValue = "0", description = "every n-th signed request gets 503")
  int serverErrorEvery;

  @Option(names = "--fault-reject-rate", defaultValue = "0", description = "share of new orders rejected (-2010)")
  double rejectRate;

  @Option(names = "--fault-reject-market", defaultValue = "both", description = "spot, futures or both")
  String rejectMarket;

  @Option(names = "--fault-drop-frame-every", defaultValue = "0", description = "every n-th websocket frame dropped")
  int dropFrameEvery;

  @Option(names = "--fault-malformed-frame-every", defaultValue = "0", description = "every n-th frame cut in half")
  int malformedFrameEvery;

  @Option(names = "--fault-frame-delay-ms", defaultValue = "0", description = "delay added to every frame")
  long frameDelayMs;

  @Option(names = "--fault-disconnect-after-frames", defaultValue = "0", description = "close each connection after n frames")
  int disconnectAfter;

  @Option(names = "--fault-lose-order-response-every", defaultValue = "0",
      description = "every n-th new order executes but is answered 503")
  int loseResponseEvery;

  @Option(names = "--fault-corrupt-market-data-every", defaultValue = "0",
      description = "every n-th public market-data answer (klines, funding, tickers, depth) cut in half")
  int corruptMarketDataEvery;

  @Option(names = "--fault-seed", defaultValue = "7", description = "seed of the random faults (default: ${DEFAULT-VALUE})")
  long faultSeed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    String v = (venue != null ? venue : config.venue()).toUpperCase(Locale.ROOT);
    DataCatalog catalog = CommonOptions.dataIn(common.dataDirectory());
    List<String> symbols = common.symbolsOrDefault();
    MarketData data = MarketDataLoader.load(catalog, new MarketDataLoader.Request(v, symbols, common.intervalMillis(),
        common.fromMillis(), common.toMillis(), common.lenient)).data();
    VenueFaults faults = new VenueFaults(rateLimitEvery, 1, serverErrorEvery, rejectRate, rejectMarket,
        dropFrameEvery, malformedFrameEvery, Duration.ofMillis(frameDelayMs), disconnectAfter, loseResponseEvery, corruptMarketDataEvery,
        faultSeed);
    LoopbackVenue.Credentials keys = credentials(out);
    try (LoopbackServer server = LoopbackServer.start(data, config.universe(v, symbols), config.simVenue(v, null),
        Rate.ofBps(halfSpreadBps),
        Rate.parse(depthShare), config.capital(), keys, faults, speed, port,
        java.util.concurrent.CompletableFuture.completedFuture(null))) {
      out.println("loopback venue listening on " + server.httpBase()
          + " (spot /api/v3, futures /fapi, websockets /spot/stream and /futures/stream)");
      out.println("replaying " + v + " " + symbols + " " + Times.format(data.from()) + " to " + Times.format(data.to())
          + " at " + (speed == 0 ? "full speed" : speed + "x") + "; accounts: " + Fixed.toString(config.capital())
          + " USDT spot and futures" + (faults.any() ? "; injecting faults " + faults : ""));
      out.flush();
      server.replay().toCompletableFuture().join();
      out.println("replay finished at " + Times.format(data.to()) + (exitAtEnd ? "" : "; serving the last quotes"));
      out.flush();
      if (!exitAtEnd) {
        server.system().getWhenTerminated().toCompletableFuture().join();
      }
    }
    return 0;
  }

  /** A fresh random API key and secret (hex). */
  static LoopbackVenue.Credentials randomKeys() {
    SecureRandom random = new SecureRandom();
    byte[] k = new byte[16];
    byte[] s = new byte[32];
    random.nextBytes(k);
    random.nextBytes(s);
    return new LoopbackVenue.Credentials(HexFormat.of().formatHex(k), HexFormat.of().formatHex(s));
  }

  /** Keys from the environment, else generated once into the keys file (owner-only), never printed. */
  private LoopbackVenue.Credentials credentials(PrintWriter out) throws IOException {
    String key = System.getenv(KEY_ENV);
    String secret = System.getenv(SECRET_ENV);
    if (key != null && secret != null) {
      out.println("keys: from " + KEY_ENV + " / " + SECRET_ENV);
      return new LoopbackVenue.Credentials(key, secret);
    }
    LoopbackVenue.Credentials generated = randomKeys();
    Path parent = keysFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.deleteIfExists(keysFile);
    Files.createFile(keysFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keysFile, KEY_ENV + "=" + generated.apiKey() + "\n" + SECRET_ENV + "=" + generated.secret() + "\n");
    out.println("keys: generated into " + keysFile + " (owner-only); export them to sign requests");
    return generated;
  }
}
