package io.fundarb.ops.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A loopback server answering like data.binance.vision and the Binance REST API: archives with
 * .CHECKSUM files, 404 for what is not published, paged klines and funding history, and a 429
 * with Retry-After on demand. Bars are deterministic (price rises 1 USDT per hour).
 */
final class FakeBinance implements AutoCloseable {
  static final long HOUR = 3_600_000L;
  final HttpServer server;
  final List<String> requests = new ArrayList<>();
  final Map<String, byte[]> files = new HashMap<>();
  int throttleNextRest;
  boolean corruptChecksums;

  FakeBinance() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Publishes an archive (zip of one CSV) and its checksum at {@code path}. */
  void publish(String path, String csv) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(path.substring(path.lastIndexOf('/') + 1).replace(".zip", ".csv")));
      zip.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = bytes.toByteArray();
    files.put(path, body);
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      files.put(path + ".CHECKSUM", (hash + "  " + path.substring(path.lastIndexOf('/') + 1) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long millis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static String klineRow(long open, long intervalMs) {
    long price = 40_000 + (open - millis(LocalDate.of(2024, 1, 1))) / HOUR;
    return open + "," + price + ".00," + (price + 5) + ".00," + (price - 5) + ".00," + (price + 1) + ".00,12.5,"
        + (open + intervalMs - 1) + ",500000.0,100,6.0,240000.0,0";
  }

  static String klines(LocalDate from, LocalDate to, long intervalMs, boolean header) {
    StringBuilder sb = new StringBuilder(header ? "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        + "taker_buy_volume,taker_buy_quote_volume,ignore\n" : "");
    for (long t = millis(from); t < millis(to); t += intervalMs) {
      sb.append(klineRow(t, intervalMs)).append('\n');
    }
    return sb.toString();
  }

  static String funding(LocalDate from, LocalDate to) {
    StringBuilder sb = new StringBuilder("calc_time,funding_interval_hours,last_funding_rate\n");
    for (long t = millis(from); t < millis(to); t += 8 * HOUR) {
      sb.append(t).append(",8,0.00010000\n");
    }
    return sb.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(1);
    String query = exchange.getRequestURI().getQuery();
    requests.add(path + (query == null ? "" : "?" + query));
    if (path.startsWith("api/") || path.startsWith("fapi/")) {
      if (throttleNextRest > 0) {
        throttleNextRest--;
        exchange.getResponseHeaders().add("Retry-After", "2");
        respond(exchange, 429, "{\"code\":-1003,\"msg\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      exchange.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", "12");
      respond(exchange, 200, rest(path, params(query)).getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] body = files.get(path);
    if (body == null) {
      respond(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (corruptChecksums && path.endsWith(".CHECKSUM")) {
      body = ("0".repeat(64) + "  x.zip\n").getBytes(StandardCharsets.UTF_8);
    }
    respond(exchange, 200, body);
  }

  private static String rest(String path, Map<String, String> p) {
    long start = Long.parseLong(p.get("startTime"));
    long end = Long.parseLong(p.get("endTime"));
    int limit = Integer.parseInt(p.get("limit"));
    List<String> items = new ArrayList<>();
    if (path.endsWith("fundingRate")) {
      for (long t = ((start + 8 * HOUR - 1) / (8 * HOUR)) * 8 * HOUR; t <= end && items.size() < limit; t += 8 * HOUR) {
        items.add("{\"symbol\":\"" + p.get("symbol") + "\",\"fundingTime\":" + t + ",\"fundingRate\":\"0.00012000\","
            + "\"markPrice\":\"41000.00000000\"}");
      }
    } else {
      long interval = io.fundarb.engine.time.Times.parseInterval(p.get("interval"));
      for (long t = start; t <= end && items.size() < limit; t += interval) {
        String[] cells = klineRow(t, interval).split(",");
        items.add("[" + cells[0] + ",\"" + cells[1] + "\",\"" + cells[2] + "\",\"" + cells[3] + "\",\"" + cells[4] + "\",\""
            + cells[5] + "\"," + cells[6] + ",\"" + cells[7] + "\"," + cells[8] + ",\"" + cells[9] + "\",\"" + cells[10]
            + "\",\"0\"]");
      }
    }
    return "[" + String.join(",", items) + "]";
  }

  private static Map<String, String> params(String query) {
    Map<String, String> map = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      map.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return map;
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
