package io.fundarb.ops.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** What every fundarb HTML report shares: the page, charts as embedded PNGs, escaping, CSV rows. */
final class ReportPage {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;
  private static final String STYLE = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}img{display:block;margin:1em 0}";

  private ReportPage() {
  }

  static XYChart chart(String title, String xTitle, String yTitle) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    chart.getStyler().setMarkerSize(0);
    return chart;
  }

  /** A chart over time (x values are dates). */
  static XYChart timeChart(String title, String yTitle) {
    XYChart chart = chart(title, null, yTitle);
    chart.getStyler().setDatePattern("yyyy-MM-dd");
    return chart;
  }

  static String img(Chart<?, ?> chart) throws IOException {
    if (chart.getSeriesMap().isEmpty()) {
      return "<p>" + html(chart.getTitle()) + ": no data.</p>";
    }
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    return "<img alt=\"" + html(chart.getTitle()) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\">\n";
  }

  static Path write(Path out, String title, String body) throws IOException {
    String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title><style>" + STYLE
        + "</style></head><body><h1>" + html(title) + "</h1>" + body + "</body></html>\n";
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, page, StandardCharsets.UTF_8);
    return out;
  }

  /** The rows of a CSV with a header line, split on commas (empty cells kept). */
  static List<String[]> rows(Path csv) {
    try {
      List<String> all = Files.readAllLines(csv);
      List<String[]> rows = new ArrayList<>(all.size());
      for (String line : all.subList(1, all.size())) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }

  /** The header line of a CSV, split on commas. */
  static String[] header(Path csv) {
    try (var lines = Files.lines(csv)) {
      return lines.findFirst().orElse("").split(",", -1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }

  static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
