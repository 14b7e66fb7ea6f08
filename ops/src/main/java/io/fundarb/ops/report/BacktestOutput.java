package io.fundarb.ops.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.PerformanceMetrics;
import io.fundarb.engine.backtest.PositionHistory;
import io.fundarb.engine.data.DataQualityReport;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.multivenue.AllocationHistory;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.time.Times;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a backtest's machine-readable result: {@code summary.json} (inputs, data quality and
 * every run's metrics) and, per venue and strategy, CSVs of the equity curve, positions,
 * funding payments and fills. Money is written as exact decimal text, never as a float.
 */
public final class BacktestOutput {
  /** The venue column of a portfolio over several venues. */
  public static final String PORTFOLIO = "PORTFOLIO";

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode summary = json.createObjectNode();
  private final ArrayNode runs = summary.putArray("runs");

  public BacktestOutput(Path dir, ObjectNode inputs) {
    this.dir = dir;
    summary.put("generated", java.time.Instant.now().toString());
    summary.set("inputs", inputs);
  }

  public ObjectMapper mapper() {
    return json;
  }

  public Path dir() {
    return dir;
  }

  public void addQuality(String venue, DataQualityReport report) {
    ObjectNode q = summary.with("dataQuality").putObject(venue);
    q.put("summary", report.summary());
    q.put("findings", report.issueCount());
    ArrayNode series = q.putArray("series");
    report.series().forEach(s -> series.add(json.valueToTree(s)));
    q.set("crossChecks", json.valueToTree(report.crossChecks()));
  }

  public void add(BacktestResult result, Universe universe) {
    String stem = result.venue().toLowerCase(Locale.ROOT) + "-" + result.strategy();
    ObjectNode run = runs.addObject();
    run.put("venue", result.venue());
    run.put("strategy", result.strategy());
    run.set("metrics", metrics(result.metrics()));
    ObjectNode files = run.putObject("files");
    files.put("equity", write(stem + "-equity.csv", out -> equity(out, result.equity())));
    if (result.positions() != null) {
      files.put("positions", write(stem + "-positions.csv", out -> positions(out, result.positions(), result.equity(), universe)));
    }
    files.put("funding", write(stem + "-funding.csv", out -> funding(out, result)));
    files.put("fills", write(stem + "-fills.csv", out -> fills(out, result)));
  }

  /**
   * A portfolio run: its metrics, transfers, mean weight per opportunity and funding per venue
   * perp in the summary; the
   * portfolio's equity, its allocation at every step, and each venue account's equity and
   * positions (isolated margin included) as CSVs.
   */
  public void addPortfolio(PortfolioResult result) {
    String stem = "portfolio-" + result.policy();
    ObjectNode run = runs.addObject();
    run.put("venue", PORTFOLIO);
    run.put("strategy", result.policy());
    run.set("metrics", metrics(result.metrics()));
    run.put("transfers", result.transfers());
    run.put("transferFees", Fixed.toString(result.transferFees()));
    run.put("invalidWeights", result.invalidWeights());
    run.put("dailyLossHalts", result.lossHalts());
    run.putPOJO("excludedCrossVenue", result.excludedCrossVenue());
    AllocationHistory allocation = result.allocation();
    ObjectNode opportunities = run.putObject("meanWeights");
    for (int o = 0; o < allocation.opportunities().size(); o++) {
      opportunities.put(allocation.opportunities().get(o).label(), allocation.meanWeight(o));
    }
    ObjectNode funding = run.putObject("fundingByPerp");
    result.fundingByPerp().forEach((perp, amount) -> funding.put(perp, Fixed.toString(amount)));
    ObjectNode files = run.putObject("files");
    files.put("equity", write(stem + "-equity.csv", out -> equity(out, result.equity())));
    files.put("allocation", write(stem + "-allocation.csv", out -> allocation(out, allocation)));
    for (BacktestResult venue : result.venues()) {
      String venueStem = stem + "-" + venue.venue().toLowerCase(Locale.ROOT);
      files.put(venue.venue() + "-equity", write(venueStem + "-equity.csv", out -> equity(out, venue.equity())));
      if (venue.positions() != null) {
        files.put(venue.venue() + "-positions", write(venueStem + "-positions.csv",
            out -> positions(out, venue.positions(), venue.equity(), venue.portfolio().universe())));
      }
    }
  }

  private static void allocation(BufferedWriter out, AllocationHistory allocation) throws IOException {
    out.write("time,iso_time");
    for (var op : allocation.opportunities()) {
      out.write("," + op.label());
    }
    out.write("\n");
    for (int k = 0; k < allocation.size(); k++) {
      out.write(allocation.time(k) + "," + Times.isoInstant(allocation.time(k)));
      for (int o = 0; o < allocation.opportunities().size(); o++) {
        out.write(String.format(Locale.ROOT, ",%.6f", allocation.weight(k, o)));
      }
      out.write("\n");
    }
  }

  public Path finish() {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("summary.json");
      json.writeValue(file.toFile(), summary);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Metrics as JSON: money as exact decimal strings, ratios as numbers or null. */
  public ObjectNode metrics(PerformanceMetrics m) {
    ObjectNode node = json.createObjectNode();
    node.put("start", Times.isoInstant(m.start()));
    node.put("end", Times.isoInstant(m.end()));
    node.put("steps", m.steps());
    node.put("initialEquity", Fixed.toString(m.initialEquity()));
    node.put("finalEquity", Fixed.toString(m.finalEquity()));
    number(node, "totalReturn", m.totalReturn());
    number(node, "annualReturn", m.annualReturn());
    number(node, "annualVolatility", m.annualVolatility());
    number(node, "sharpe", m.sharpe());
    number(node, "sortino", m.sortino());
    number(node, "maxDrawdown", m.maxDrawdown());
    node.put("maxDrawdownDays", m.maxDrawdownDurationMs() / (double) Times.DAY_MS);
    number(node, "calmar", m.calmar());
    node.put("fundingEarned", Fixed.toString(m.fundingEarned()));
    node.put("feesPaid", Fixed.toString(m.feesPaid()));
    node.put("slippagePaid", Fixed.toString(m.slippagePaid()));
    node.put("borrowInterest", Fixed.toString(m.borrowInterest()));
    node.put("liquidationFees", Fixed.toString(m.liquidationFees()));
    number(node, "turnoverPerYear", m.turnover());
    number(node, "timeInMarket", m.timeInMarket());
    node.put("roundTrips", m.roundTrips());
    node.put("liquidations", m.liquidations());
    node.put("fills", m.fills());
    node.put("rejections", m.rejections());
    return node;
  }

  private static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  private interface CsvBody {
    void write(BufferedWriter out) throws IOException;
  }

  private String write(String name, CsvBody body) {
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(name))) {
        body.write(out);
      }
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  private static void equity(BufferedWriter out, EquityCurve curve) throws IOException {
    out.write("time,iso_time,equity,in_market\n");
    for (int k = 0; k < curve.size(); k++) {
      out.write(curve.time(k) + "," + Times.isoInstant(curve.time(k)) + "," + Fixed.toString(curve.equity(k)) + ","
          + curve.inMarket(k) + "\n");
    }
  }

  private static void positions(BufferedWriter out, PositionHistory p, EquityCurve curve, Universe universe) throws IOException {
    out.write("time,instrument,quantity,mark_price,isolated_margin\n");
    for (int k = 0; k < p.steps(); k++) {
      for (int i = 0; i < universe.instrumentCount(); i++) {
        out.write(curve.time(k) + "," + universe.instrument(i).id() + "," + Fixed.toString(p.quantity(k, i)) + ","
            + Fixed.toString(p.mark(k, i)) + "," + Fixed.toString(p.margin(k, i)) + "\n");
      }
    }
  }

  private static void funding(BufferedWriter out, BacktestResult result) throws IOException {
    out.write("time,instrument,rate,mark_price,payment\n");
    for (FundingPayment f : result.journal().funding()) {
      out.write(f.time() + "," + f.perp() + "," + Rate.toString(f.rate()) + "," + Fixed.toString(f.markPrice()) + ","
          + Fixed.toString(f.payment()) + "\n");
    }
  }

  private static void fills(BufferedWriter out, BacktestResult result) throws IOException {
    out.write("time,client_order_id,instrument,side,price,quantity,fee,slippage,liquidity,remaining\n");
    for (Fill f : result.journal().fills()) {
      out.write(f.time() + "," + f.clientOrderId() + "," + f.instrument() + "," + f.side() + "," + f.price() + ","
          + f.quantity() + "," + Fixed.toString(f.fee()) + "," + Fixed.toString(f.slippage()) + "," + f.liquidity() + ","
          + f.remaining() + "\n");
    }
  }
}
