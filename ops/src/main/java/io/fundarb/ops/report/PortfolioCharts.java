package io.fundarb.ops.report;

import static io.fundarb.ops.report.ReportPage.html;
import static io.fundarb.ops.report.ReportPage.img;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * A portfolio run's own section of the backtest report: its allocation over time (opportunities it
 * ever held), each venue account's equity and isolated margin, and the funding every venue's perp
 * earned and its transfers.
 */
final class PortfolioCharts {
  private PortfolioCharts() {}

  static String section(Path input, JsonNode run) throws IOException {
    String policy = run.get("strategy").asText();
    XYChart allocation = ReportPage.timeChart(policy + ": allocation (share of capital per opportunity)", "share");
    List<String[]> rows = ReportPage.rows(input.resolve(run.at("/files/allocation").asText()));
    String[] header = ReportPage.header(input.resolve(run.at("/files/allocation").asText()));
    for (int c = 2; c < header.length; c++) {
      if (run.at("/meanWeights").path(header[c]).asDouble() <= 0) {
        continue; // never held: a flat line at zero says nothing
      }
      Curve share = Curve.empty();
      for (String[] cols : rows) {
        share.add(Long.parseLong(cols[0]), Double.parseDouble(cols[c]));
      }
      share.plot(allocation, header[c]);
    }
    XYChart equity = ReportPage.timeChart(policy + ": equity of each venue account (USDT)", "USDT");
    XYChart margin = ReportPage.timeChart(policy + ": isolated margin on each venue (USDT)", "USDT");
    for (Iterator<Map.Entry<String, JsonNode>> it = run.get("files").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> file = it.next();
      if (file.getKey().endsWith("-equity")) {
        HtmlReport.column(input.resolve(file.getValue().asText()), 0, 2).plot(equity, file.getKey().replace("-equity", ""));
      } else if (file.getKey().endsWith("-positions")) {
        margin(input.resolve(file.getValue().asText())).plot(margin, file.getKey().replace("-positions", ""));
      }
    }
    StringBuilder funding = new StringBuilder("<table><tr><th>perp</th><th>funding earned (USDT)</th></tr>\n");
    run.get("fundingByPerp").fields().forEachRemaining(e -> funding.append(String.format(Locale.ROOT,
        "<tr><td>%s</td><td>%s</td></tr>%n", html(e.getKey()), html(e.getValue().asText()))));
    funding.append("</table>\n");
    return "<h2>Portfolio " + html(policy) + "</h2><p>" + run.get("transfers").asInt() + " transfers between venues, "
        + html(run.get("transferFees").asText()) + " USDT in transfer fees.</p>" + funding + img(allocation) + img(equity)
        + img(margin);
  }

  /** Sum of the isolated margin column per time (positions CSV). */
  private static Curve margin(Path csv) {
    TreeMap<Long, Double> sum = new TreeMap<>();
    for (String[] cols : ReportPage.rows(csv)) {
      sum.merge(Long.parseLong(cols[0]), Double.parseDouble(cols[4]), Double::sum);
    }
    Curve s = Curve.empty();
    sum.forEach(s::add);
    return s;
  }
}
