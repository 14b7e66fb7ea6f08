package io.fundarb.ops.report;

import static io.fundarb.ops.report.ReportPage.html;
import static io.fundarb.ops.report.ReportPage.img;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * A self-contained HTML report of a backtest result directory ({@code summary.json} and its
 * CSVs): the metrics table and PNG charts embedded as data URIs — equity of every run, drawdown,
 * cumulative funding against fees and slippage, and gross exposure over time; for a portfolio over
 * venues also its allocation, each venue account's equity and margin and the funding of every
 * venue's perp ({@link PortfolioCharts}). Charts are for
 * reading; every figure also stays in the CSVs and the summary.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static Path write(Path input, Path out) throws IOException {
    JsonNode summary = new ObjectMapper().readTree(input.resolve("summary.json").toFile());
    XYChart equity = ReportPage.timeChart("Equity (USDT)", "USDT");
    XYChart drawdown = ReportPage.timeChart("Drawdown", "fraction of peak");
    XYChart costs = ReportPage.timeChart("Cumulative funding vs fees and slippage (USDT)", "USDT");
    XYChart exposure = ReportPage.timeChart("Gross exposure (USDT, both legs)", "USDT");
    StringBuilder table = new StringBuilder("<table><tr><th>venue</th><th>strategy</th><th>return</th><th>Sharpe</th>"
        + "<th>Sortino</th><th>max DD</th><th>Calmar</th><th>funding</th><th>fees</th><th>slippage</th>"
        + "<th>fills</th></tr>\n");
    StringBuilder portfolios = new StringBuilder();
    for (JsonNode run : summary.get("runs")) {
      String name = run.get("venue").asText() + " " + run.get("strategy").asText();
      JsonNode m = run.get("metrics");
      table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.2f %%</td><td>%s</td><td>%s</td>"
              + "<td>%.2f %%</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>%n",
          html(run.get("venue").asText()), html(run.get("strategy").asText()), 100 * m.path("totalReturn").asDouble(),
          ratio(m.get("sharpe")), ratio(m.get("sortino")), 100 * m.path("maxDrawdown").asDouble(), ratio(m.get("calmar")),
          m.get("fundingEarned").asText(), m.get("feesPaid").asText(), m.get("slippagePaid").asText(),
          m.get("fills").asInt()));
      Curve eq = column(input.resolve(run.at("/files/equity").asText()), 0, 2);
      eq.plot(equity, name);
      eq.drawdown().plot(drawdown, name);
      if (run.at("/files/allocation").isTextual()) {
        portfolios.append(PortfolioCharts.section(input, run));
        continue; // its funding and fills are in its venue accounts' books, charted in its section
      }
      Curve funding = cumulative(column(input.resolve(run.at("/files/funding").asText()), 0, 4));
      funding.plot(costs, name + " funding");
      Curve fills = fillCosts(input.resolve(run.at("/files/fills").asText()));
      fills.plot(costs, name + " fees+slippage");
      if (run.at("/files/positions").isTextual()) {
        exposure(input.resolve(run.at("/files/positions").asText())).plot(exposure, name);
      }
    }
    table.append("</table>\n");
    return ReportPage.write(out, "fundarb backtest report", "<p>From " + html(input.toString()) + ", generated "
        + html(summary.path("generated").asText()) + ". All figures after fees, slippage and funding.</p>"
        + table + img(equity) + img(drawdown) + img(costs) + img(exposure) + portfolios);
  }


  /** Column {@code value} against column {@code time} of a CSV with a header line. */
  static Curve column(Path csv, int time, int value) {
    Curve s = Curve.empty();
    ReportPage.rows(csv).forEach(cols -> s.add(Long.parseLong(cols[time]), Double.parseDouble(cols[value])));
    return s;
  }

  private static Curve cumulative(Curve s) {
    Curve out = Curve.empty();
    double sum = 0;
    for (int k = 0; k < s.x().size(); k++) {
      sum += s.y().get(k);
      out.add(s.x().get(k).getTime(), sum);
    }
    return out;
  }

  /** Cumulative fee + slippage per fill time (fills CSV: fee and slippage columns). */
  private static Curve fillCosts(Path csv) {
    Curve s = Curve.empty();
    double sum = 0;
    for (String[] cols : ReportPage.rows(csv)) {
      sum += Double.parseDouble(cols[6]) + Double.parseDouble(cols[7]);
      s.add(Long.parseLong(cols[0]), sum);
    }
    return s;
  }

  /** Sum of |quantity x mark| over instruments per time (positions CSV). */
  private static Curve exposure(Path csv) {
    TreeMap<Long, Double> gross = new TreeMap<>();
    for (String[] cols : ReportPage.rows(csv)) {
      gross.merge(Long.parseLong(cols[0]), Math.abs(Double.parseDouble(cols[2]) * Double.parseDouble(cols[3])),
          Double::sum);
    }
    Curve s = Curve.empty();
    gross.forEach(s::add);
    return s;
  }

  private static String ratio(JsonNode value) {
    return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.2f", value.asDouble());
  }
}
