package io.fundarb.ops.report;

import static io.fundarb.ops.report.ReportPage.html;
import static io.fundarb.ops.report.ReportPage.img;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A self-contained HTML report of a backtest result directory ({@code summary.json} and its
 * CSVs): the metrics table and PNG charts embedded as data URIs — equity of every run, drawdown,
 * cumulative funding against fees and slippage, and gross exposure over time. Charts are for
 * reading; every figure also stays in the CSVs and the summary.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** One CSV column as (time, value) points, in file order. */
  private record Series(List<Date> x, List<Double> y) {
    static Series empty() {
      return new Series(new ArrayList<>(), new ArrayList<>());
    }

    void add(long time, double value) {
      x.add(new Date(time));
      y.add(value);
    }
  }

  public static Path write(Path input, Path out) throws IOException {
    JsonNode summary = new ObjectMapper().readTree(input.resolve("summary.json").toFile());
    XYChart equity = chart("Equity (USDT)", "USDT");
    XYChart drawdown = chart("Drawdown", "fraction of peak");
    XYChart costs = chart("Cumulative funding vs fees and slippage (USDT)", "USDT");
    XYChart exposure = chart("Gross exposure (USDT, both legs)", "USDT");
    StringBuilder table = new StringBuilder("<table><tr><th>venue</th><th>strategy</th><th>return</th><th>Sharpe</th>"
        + "<th>Sortino</th><th>max DD</th><th>Calmar</th><th>funding</th><th>fees</th><th>slippage</th>"
        + "<th>fills</th></tr>\n");
    for (JsonNode run : summary.get("runs")) {
      String name = run.get("venue").asText() + " " + run.get("strategy").asText();
      JsonNode m = run.get("metrics");
      table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.2f %%</td><td>%s</td><td>%s</td>"
              + "<td>%.2f %%</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>%n",
          html(run.get("venue").asText()), html(run.get("strategy").asText()), 100 * m.path("totalReturn").asDouble(),
          ratio(m.get("sharpe")), ratio(m.get("sortino")), 100 * m.path("maxDrawdown").asDouble(), ratio(m.get("calmar")),
          m.get("fundingEarned").asText(), m.get("feesPaid").asText(), m.get("slippagePaid").asText(),
          m.get("fills").asInt()));
      Series eq = column(input.resolve(run.at("/files/equity").asText()), 0, 2);
      plot(equity, name, eq);
      plot(drawdown, name, drawdown(eq));
      Series funding = cumulative(column(input.resolve(run.at("/files/funding").asText()), 0, 4));
      plot(costs, name + " funding", funding);
      Series fills = fillCosts(input.resolve(run.at("/files/fills").asText()));
      plot(costs, name + " fees+slippage", fills);
      if (run.at("/files/positions").isTextual()) {
        plot(exposure, name, exposure(input.resolve(run.at("/files/positions").asText())));
      }
    }
    table.append("</table>\n");
    return ReportPage.write(out, "fundarb backtest report", "<p>From " + html(input.toString()) + ", generated "
        + html(summary.path("generated").asText()) + ". All figures after fees, slippage and funding.</p>"
        + table + img(equity) + img(drawdown) + img(costs) + img(exposure));
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart = ReportPage.chart(title, null, yTitle);
    chart.getStyler().setDatePattern("yyyy-MM-dd");
    return chart;
  }

  private static void plot(XYChart chart, String name, Series s) {
    if (!s.x().isEmpty()) {
      chart.addSeries(name, s.x(), s.y()).setMarker(SeriesMarkers.NONE);
    }
  }

  /** Column {@code value} against column {@code time} of a CSV with a header line. */
  private static Series column(Path csv, int time, int value) {
    Series s = Series.empty();
    ReportPage.rows(csv).forEach(cols -> s.add(Long.parseLong(cols[time]), Double.parseDouble(cols[value])));
    return s;
  }

  private static Series drawdown(Series equity) {
    Series s = Series.empty();
    double peak = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < equity.x().size(); k++) {
      peak = Math.max(peak, equity.y().get(k));
      s.add(equity.x().get(k).getTime(), peak <= 0 ? 0 : equity.y().get(k) / peak - 1);
    }
    return s;
  }

  private static Series cumulative(Series s) {
    Series out = Series.empty();
    double sum = 0;
    for (int k = 0; k < s.x().size(); k++) {
      sum += s.y().get(k);
      out.add(s.x().get(k).getTime(), sum);
    }
    return out;
  }

  /** Cumulative fee + slippage per fill time (fills CSV: fee and slippage columns). */
  private static Series fillCosts(Path csv) {
    Series s = Series.empty();
    double sum = 0;
    for (String[] cols : ReportPage.rows(csv)) {
      sum += Double.parseDouble(cols[6]) + Double.parseDouble(cols[7]);
      s.add(Long.parseLong(cols[0]), sum);
    }
    return s;
  }

  /** Sum of |quantity x mark| over instruments per time (positions CSV). */
  private static Series exposure(Path csv) {
    TreeMap<Long, Double> gross = new TreeMap<>();
    for (String[] cols : ReportPage.rows(csv)) {
      gross.merge(Long.parseLong(cols[0]), Math.abs(Double.parseDouble(cols[2]) * Double.parseDouble(cols[3])),
          Double::sum);
    }
    Series s = Series.empty();
    gross.forEach(s::add);
    return s;
  }

  private static String ratio(JsonNode value) {
    return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.2f", value.asDouble());
  }
}
