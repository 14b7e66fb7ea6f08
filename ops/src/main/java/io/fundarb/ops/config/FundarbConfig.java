package io.fundarb.ops.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.LinearPerpetual;
import io.fundarb.engine.instrument.SpotPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Currency;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.multivenue.AllocationLimits;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.RotationAllocation;
import io.fundarb.engine.multivenue.SplitAllocation;
import io.fundarb.engine.multivenue.TransferTerms;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.FeeSchedule;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.engine.venue.SlippageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fundarb} HOCON tree (defaults from {@code conf/reference.conf}, then an optional
 * user file, then {@code -D} overrides) mapped into the engine's typed settings. Every read
 * names the key when the value is missing or malformed, so a bad config is one clear line.
 */
public final class FundarbConfig {
  private final Config root;

  private FundarbConfig(Config root) {
    this.root = root;
  }

  /** Defaults plus {@code file} (may be null) plus system-property overrides. */
  public static FundarbConfig load(Path file) {
    try {
      Config user = ConfigFactory.empty();
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw new ConfigError("config file not found: " + file);
        }
        user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      }
      Config merged = ConfigFactory.systemProperties()
          .withFallback(user)
          .withFallback(ConfigFactory.defaultReference())
          .resolve();
      merged.checkValid(ConfigFactory.defaultReference(), "fundarb");
      return new FundarbConfig(merged);
    } catch (ConfigException e) {
      throw new ConfigError("config error: " + e.getMessage(), e);
    }
  }

  public Config raw() {
    return root;
  }

  private Config f() {
    return root.getConfig("fundarb");
  }

  public String dataDir() {
    return read(() -> f().getString("data-dir"));
  }

  public String venue() {
    return read(() -> f().getString("venue")).toUpperCase(Locale.ROOT);
  }

  public List<String> symbols() {
    return read(() -> f().getStringList("symbols"));
  }

  public List<String> backtestStrategies() {
    return read(() -> f().getStringList("backtest.strategies"));
  }

  public List<String> backtestVenues() {
    return read(() -> f().getStringList("backtest.venues")).stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
  }

  public long capital() {
    return fixed(f(), "capital");
  }

  public Sizing sizing() {
    Config s = f().getConfig("sizing");
    return guard("fundarb.sizing", () -> new Sizing(capital(), rate(s, "reserve"), read(() -> s.getInt("leverage"))));
  }

  public PlannerSettings planner() {
    Config p = f().getConfig("planner");
    return guard("fundarb.planner", () -> new PlannerSettings(rate(p, "rebalance-band"), rate(p, "delta-tolerance"),
        rate(p, "top-up-below"), rate(p, "release-above")));
  }

  /** Limits and transfer terms of a portfolio over several venues ({@code fundarb.portfolio}). */
  public PortfolioSettings portfolio() {
    Config p = f().getConfig("portfolio");
    return guard("fundarb.portfolio", () -> new PortfolioSettings(
        new AllocationLimits(dbl(p, "limits.per-opportunity"), dbl(p, "limits.per-venue"), dbl(p, "limits.total")),
        new TransferTerms(fixed(p, "transfer.fee"), rate(p, "transfer.fee-rate"),
            read(() -> p.getDuration("transfer.delay", TimeUnit.MILLISECONDS))),
        fixed(p, "transfer.min-amount"), read(() -> p.getBoolean("cross-venue")),
        dbl(f().getConfig("risk"), "max-daily-loss")));
  }

  /** The portfolio baselines' names, in the order they are reported. */
  public static final List<String> PORTFOLIO_BASELINES = List.of("split", "rotation");

  /** The portfolio baselines, by name: {@code split} and {@code rotation}. */
  public AllocationPolicy portfolioBaseline(String name) {
    return switch (name) {
      case "split" -> new SplitAllocation(strategySettings("carry").getInt("window-settlements", 21));
      case "rotation" -> {
        Config r = f().getConfig("portfolio.rotation");
        yield guard("fundarb.portfolio.rotation", () -> new RotationAllocation(read(() -> r.getInt("top")),
            read(() -> r.getInt("window-settlements")), read(() -> r.getDuration("min-hold", TimeUnit.MILLISECONDS)),
            dbl(r, "switch-margin"), read(() -> r.getDuration("cost-horizon", TimeUnit.MILLISECONDS))));
      }
      default -> throw new ConfigError("unknown portfolio baseline '" + name + "'; known: split, rotation");
    };
  }

  /** The simulated venue as configured for {@code venue} (its fee tier, or {@code tier} if given). */
  public SimVenueConfig simVenue(String venue, String tier) {
    Config sim = f().getConfig("sim");
    Config v = venueConfig(venue);
    String feeTier = tier != null ? tier : read(() -> v.getString("fee-tier"));
    if (!v.hasPath("fee-tiers." + quoted(feeTier))) {
      throw new ConfigError("unknown fee tier '" + feeTier + "' for " + venue + "; known: " + v.getConfig("fee-tiers").root().keySet());
    }
    Config fees = v.getConfig("fee-tiers." + quoted(feeTier));
    Config slip = sim.getConfig("slippage");
    return guard("fundarb.sim", () -> new SimVenueConfig(
        read(() -> sim.getDuration("latency", TimeUnit.MILLISECONDS)),
        rate(sim, "max-participation"),
        new SlippageModel(dbl(slip, "half-spread-bps"), dbl(slip, "impact-bps"), dbl(slip, "impact-exponent")),
        fees(fees.getConfig("spot")),
        fees(fees.getConfig("perp")),
        read(() -> sim.getBoolean("spot-borrow")),
        rate(sim, "borrow-rate-annual"),
        rate(sim, "max-borrow-to-equity"),
        dbl(sim, "faults.reject-rate"),
        read(() -> sim.getLong("faults.seed"))));
  }

  /** Instruments of {@code symbols} on {@code venue}, as configured. */
  public Universe universe(String venue, List<String> symbols) {
    Config instruments = venueConfig(venue).getConfig("instruments");
    List<CarryPair> pairs = new ArrayList<>();
    for (String raw : symbols) {
      String symbol = raw.toUpperCase(Locale.ROOT);
      if (!instruments.hasPath(symbol)) {
        throw new ConfigError("no instrument rules for " + symbol + " on " + venue
            + " (fundarb.venues." + venue.toLowerCase(Locale.ROOT) + ".instruments); configured: "
            + instruments.root().keySet());
      }
      pairs.add(pair(new AssetId(venue, symbol), instruments.getConfig(symbol)));
    }
    return new Universe(pairs);
  }

  public StrategySettings strategySettings(String name) {
    String path = "strategies." + quoted(name);
    Map<String, String> values = new TreeMap<>();
    if (f().hasPath(path)) {
      for (Map.Entry<String, ConfigValue> e : f().getConfig(path).entrySet()) {
        values.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return new StrategySettings(values);
  }

  private Config venueConfig(String venue) {
    String key = "venues." + venue.toLowerCase(Locale.ROOT);
    if (!f().hasPath(key)) {
      throw new ConfigError("venue '" + venue + "' is not configured; configured: " + f().getConfig("venues").root().keySet());
    }
    return f().getConfig(key);
  }

  private static CarryPair pair(AssetId asset, Config c) {
    String quote = "USDT";
    if (!asset.symbol().endsWith(quote)) {
      throw new ConfigError(asset + ": only USDT-quoted pairs are supported");
    }
    Currency base = Currency.of(asset.symbol().substring(0, asset.symbol().length() - quote.length()));
    Config s = c.getConfig("spot");
    Config p = c.getConfig("perp");
    return guard("instrument " + asset, () -> new CarryPair(asset,
        new SpotPair(asset.spot(), base, Currency.USDT, fixed(s, "tick"), fixed(s, "lot"), fixed(s, "min-notional")),
        new LinearPerpetual(asset.perp(), base, Currency.USDT, fixed(p, "tick"), fixed(p, "lot"),
            fixed(p, "min-notional"), fixed(p, "multiplier"), rate(p, "maintenance-margin"), rate(p, "liquidation-fee"),
            read(() -> p.getInt("max-leverage")))));
  }

  private static FeeSchedule fees(Config c) {
    return new FeeSchedule(Rate.ofBps(text(c, "maker-bps")), Rate.ofBps(text(c, "taker-bps")));
  }

  private static String quoted(String key) {
    return "\"" + key + "\"";
  }

  private static String text(Config c, String key) {
    return read(() -> c.getValue(key).unwrapped().toString());
  }

  private static long fixed(Config c, String key) {
    return exact(c, key, Fixed::parse);
  }

  private static long rate(Config c, String key) {
    return exact(c, key, Rate::parse);
  }

  /** A number read as exact decimal text, so 0.1 in a config file is exactly one tenth. */
  private static long exact(Config c, String key, java.util.function.ToLongFunction<String> parser) {
    String value = text(c, key);
    try {
      return parser.applyAsLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigError("config error: " + c.origin().description() + ": " + key + " = '" + value + "': " + e.getMessage());
    }
  }

  private static double dbl(Config c, String key) {
    return read(() -> c.getDouble(key));
  }

  private static <T> T read(java.util.function.Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException e) {
      throw new ConfigError("config error: " + e.getMessage(), e);
    }
  }

  /** Runs a constructor that validates; its IllegalArgumentException becomes a config error. */
  private static <T> T guard(String where, java.util.function.Supplier<T> build) {
    try {
      return read(build);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("config error in " + where + ": " + e.getMessage(), e);
    }
  }
}
