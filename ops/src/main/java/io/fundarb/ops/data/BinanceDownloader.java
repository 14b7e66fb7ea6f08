package io.fundarb.ops.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.time.Clock;
import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Fills a data directory with Binance spot and USDT-M perpetual klines and funding rates, in
 * Binance's public-data layout so {@link io.fundarb.engine.data.DataCatalog} reads it directly.
 *
 * <p>Complete months come from the monthly archives of data.binance.vision and are verified
 * against the SHA-256 {@code .CHECKSUM} the archive publishes; days of incomplete months come
 * from the daily archives; what no archive has yet (the last day or two) comes from the REST
 * API. A file already present and verified is skipped, so an interrupted download resumes.
 * Archives are written through a {@code .part} file and renamed only once verified.
 *
 * <p>What the REST API answers is checked before it is written: every kline row has Binance's
 * fields, numbers that parse, a low and high around its open and close, and an open time past the
 * previous row's; every funding record a time and a rate. A payload that fails (cut short, not JSON,
 * a bad row) stops the download with the URL and the reason, and writes nothing for that day. A
 * past day with fewer bars than it holds is written as the venue has it and reported as a gap, for
 * {@code fundarb data check} to flag, never filled in.
 */
public final class BinanceDownloader {
  /** Where to fetch from; tests point all three at a loopback server. */
  public record Endpoints(URI archive, URI spotApi, URI futuresApi, URI sentimentApi) {
    public static Endpoints binance() {
      return new Endpoints(URI.create("https://data.binance.vision/"), URI.create("https://api.binance.com/"),
          URI.create("https://fapi.binance.com/"), URI.create("https://api.alternative.me/"));
    }
  }

  /** What to fetch: days [from, to) in UTC. */
  public record Request(List<String> symbols, String interval, LocalDate from, LocalDate to, boolean sentiment) {
    public Request {
      symbols = symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
      Times.parseInterval(interval);
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("--from must be before --to");
      }
    }
  }

  /** What happened, for the closing line. */
  public record Summary(int downloaded, int skipped, int verified, int fromRest, int pauses, int missingBars) {}

  private enum Market {
    SPOT("data/spot", "api/v3/klines"),
    USDT_M("data/futures/um", "fapi/v1/klines");

    final String archivePath;
    final String klinesPath;

    Market(String archivePath, String klinesPath) {
      this.archivePath = archivePath;
      this.klinesPath = klinesPath;
    }
  }

  private static final int REST_LIMIT = 1000;
  private final Endpoints endpoints;
  private final PoliteHttp http;
  private final Clock clock;
  private final Consumer<String> log;
  private final ObjectMapper json = new ObjectMapper();
  private int downloaded;
  private int skipped;
  private int verified;
  private int fromRest;
  private int missingBars;

  public BinanceDownloader(Endpoints endpoints, Sleeper sleeper, Clock clock, Consumer<String> log) {
    this.endpoints = endpoints;
    this.http = new PoliteHttp(sleeper, 1200);
    this.clock = clock;
    this.log = log;
  }

  public Summary download(Request request, Path root) throws IOException, InterruptedException {
    return download(request, root, done -> { });
  }

  /** The units of work {@link #download} reports progress in: one per series (symbol x market, funding, sentiment). */
  public static int units(Request request) {
    return request.symbols().size() * (Market.values().length + 1) + (request.sentiment() ? 1 : 0);
  }

  /** As {@link #download(Request, Path)}, telling {@code progress} the units done after each series. */
  public Summary download(Request request, Path root, java.util.function.IntConsumer progress)
      throws IOException, InterruptedException {
    LocalDate today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(clock.now()), ZoneOffset.UTC);
    LocalDate end = request.to().isAfter(today.plusDays(1)) ? today.plusDays(1) : request.to();
    int done = 0;
    for (String symbol : request.symbols()) {
      for (Market market : Market.values()) {
        klines(root, market, symbol, request.interval(), request.from(), end, today);
        progress.accept(++done);
      }
      funding(root, symbol, request.from(), end, today);
      progress.accept(++done);
    }
    if (request.sentiment()) {
      sentiment(root);
      progress.accept(++done);
    }
    return new Summary(downloaded, skipped, verified, fromRest, http.pauses(), missingBars);
  }

  private void klines(Path root, Market market, String symbol, String interval, LocalDate from, LocalDate to, LocalDate today)
      throws IOException, InterruptedException {
    for (YearMonth month = YearMonth.from(from); !month.atDay(1).isAfter(to.minusDays(1)); month = month.plusMonths(1)) {
      LocalDate first = max(month.atDay(1), from);
      LocalDate last = min(month.atEndOfMonth().plusDays(1), to); // exclusive
      boolean wholeMonth = first.equals(month.atDay(1)) && last.equals(month.atEndOfMonth().plusDays(1));
      if (wholeMonth && month.isBefore(YearMonth.from(today))) {
        String name = symbol + "-" + interval + "-" + month;
        String path = market.archivePath + "/monthly/klines/" + symbol + "/" + interval + "/" + name + ".zip";
        if (archive(root, path)) {
          continue;
        }
      }
      for (LocalDate day = first; day.isBefore(last); day = day.plusDays(1)) {
        String name = symbol + "-" + interval + "-" + day;
        String dir = market.archivePath + "/daily/klines/" + symbol + "/" + interval + "/";
        if (day.isBefore(today) && Files.isRegularFile(root.resolve(dir + name + ".csv"))) {
          skipped++; // fetched over REST on an earlier run, a complete day
          continue;
        }
        if (day.isBefore(today) && archive(root, dir + name + ".zip")) {
          continue;
        }
        restKlines(root, market, symbol, interval, day, dir + name + (day.isBefore(today) ? ".csv" : "-partial.csv"));
      }
    }
  }

  private void funding(Path root, String symbol, LocalDate from, LocalDate to, LocalDate today)
      throws IOException, InterruptedException {
    for (YearMonth month = YearMonth.from(from); !month.atDay(1).isAfter(to.minusDays(1)); month = month.plusMonths(1)) {
      LocalDate first = max(month.atDay(1), from);
      LocalDate last = min(month.atEndOfMonth().plusDays(1), to);
      boolean wholeMonth = first.equals(month.atDay(1)) && last.equals(month.atEndOfMonth().plusDays(1));
      boolean complete = last.isBefore(today) || last.equals(today);
      Path target = root.resolve("data/futures/um/daily/fundingRate/" + symbol + "/" + symbol + "-fundingRate-" + first
          + "_" + last + (complete ? "" : "-partial") + ".csv");
      if (complete && Files.isRegularFile(target)) {
        skipped++; // fetched over REST on an earlier run
        continue;
      }
      if (wholeMonth && month.isBefore(YearMonth.from(today))
          && archive(root, "data/futures/um/monthly/fundingRate/" + symbol + "/" + symbol + "-fundingRate-" + month + ".zip")) {
        continue;
      }
      restFunding(symbol, first, last, target);
    }
  }

  /** Fetches a monthly or daily archive with its checksum; false when the archive has no such file. */
  private boolean archive(Path root, String path) throws IOException, InterruptedException {
    Path target = root.resolve(path);
    Path checksumFile = root.resolve(path + ".CHECKSUM");
    if (Files.isRegularFile(target) && (!Files.isRegularFile(checksumFile) || matches(target, checksumFile))) {
      skipped++;
      return true;
    }
    HttpResponse<byte[]> checksum = http.get(endpoints.archive().resolve(path + ".CHECKSUM"));
    HttpResponse<byte[]> body = http.get(endpoints.archive().resolve(path));
    if (body.statusCode() == 404) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Files.write(part, body.body());
    if (checksum.statusCode() == 200) {
      Files.write(checksumFile, checksum.body());
      if (!matches(part, checksumFile)) {
        Files.delete(part);
        Files.delete(checksumFile);
        throw new IOException("checksum mismatch for " + path + ": the archive's SHA-256 differs from its .CHECKSUM");
      }
      verified++;
    } else {
      log.accept("note: no checksum published for " + path);
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    downloaded++;
    log.accept("archive " + path + " (" + body.body().length + " bytes" + (checksum.statusCode() == 200 ? ", sha256 ok)" : ")"));
    return true;
  }

  private void restKlines(Path root, Market market, String symbol, String interval, LocalDate day, String path)
      throws IOException, InterruptedException {
    Path target = root.resolve(path);
    if (!path.endsWith("-partial.csv") && Files.isRegularFile(target)) {
      skipped++;
      return;
    }
    long step = Times.parseInterval(interval);
    long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = Math.min(start + Times.DAY_MS, clock.now());
    StringBuilder csv = new StringBuilder(
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n");
    int rows = 0;
    long previousOpen = Long.MIN_VALUE;
    for (long cursor = start; cursor < end; ) {
      URI uri = (market == Market.SPOT ? endpoints.spotApi() : endpoints.futuresApi()).resolve(market.klinesPath
          + "?symbol=" + symbol + "&interval=" + interval + "&startTime=" + cursor + "&endTime=" + (end - 1) + "&limit=" + REST_LIMIT);
      JsonNode page = rest(uri);
      if (page.size() == 0) {
        break;
      }
      long lastOpen = cursor;
      for (JsonNode k : page) {
        String row = klineRow(k, previousOpen, uri);
        lastOpen = k.get(0).asLong();
        previousOpen = lastOpen;
        if (lastOpen + step > end && end == clock.now()) {
          continue; // the bar still forming: not a fact yet
        }
        csv.append(row).append('\n');
        rows++;
      }
      if (lastOpen + step <= cursor) {
        break; // the server did not move forward: stop rather than loop
      }
      cursor = lastOpen + step;
    }
    writeAtomically(target, csv.toString());
    fromRest++;
    long expected = end == start + Times.DAY_MS && step <= Times.DAY_MS ? Times.DAY_MS / step : rows;
    if (rows < expected) {
      missingBars += (int) (expected - rows);
      log.accept("gap: " + path + " has " + rows + " of the day's " + expected + " bars (the venue has no others;"
          + " fundarb data check reports it)");
    } else {
      log.accept("rest " + path + " (" + rows + " bars)");
    }
  }

  /**
   * A kline as its CSV line, once it reads as Binance's: open time, open, high, low, close, volume,
   * close time, quote volume, trades, taker volumes; open time past {@code previousOpen}.
   */
  private static String klineRow(JsonNode k, long previousOpen, URI uri) throws IOException {
    try {
      if (!k.isArray() || k.size() < 11 || !k.get(0).canConvertToLong()) {
        throw new IllegalArgumentException("not a kline: " + k);
      }
      long open = Fixed.parse(k.get(1).asText());
      long high = Fixed.parse(k.get(2).asText());
      long low = Fixed.parse(k.get(3).asText());
      long close = Fixed.parse(k.get(4).asText());
      if (low <= 0 || low > Math.min(open, close) || high < Math.max(open, close) || Fixed.parse(k.get(5).asText()) < 0) {
        throw new IllegalArgumentException("prices out of their bar: " + k);
      }
      if (k.get(0).asLong() <= previousOpen) {
        throw new IllegalArgumentException("bars out of order at " + k.get(0).asLong());
      }
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new IOException(uri + ": corrupt kline: " + e.getMessage(), e);
    }
    List<String> cells = new ArrayList<>();
    k.forEach(cell -> cells.add(cell.asText()));
    return String.join(",", cells);
  }

  private void restFunding(String symbol, LocalDate first, LocalDate last, Path target) throws IOException, InterruptedException {
    long start = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = Math.min(last.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), clock.now());
    TreeMap<Long, String> rows = new TreeMap<>();
    for (long cursor = start; cursor < end; ) {
      JsonNode page = rest(endpoints.futuresApi().resolve("fapi/v1/fundingRate?symbol=" + symbol + "&startTime=" + cursor
          + "&endTime=" + (end - 1) + "&limit=" + REST_LIMIT));
      if (page.size() == 0) {
        break;
      }
      long before = cursor;
      for (JsonNode f : page) {
        if (!f.path("fundingTime").canConvertToLong() || !rate(f.path("fundingRate").asText(""))) {
          throw new IOException(endpoints.futuresApi() + "fapi/v1/fundingRate: corrupt funding record: " + f);
        }
        long t = f.get("fundingTime").asLong();
        rows.put(t, t + "," + f.get("fundingRate").asText() + "," + f.path("markPrice").asText(""));
        cursor = Math.max(cursor, t + 1);
      }
      if (page.size() < REST_LIMIT || cursor == before) {
        break;
      }
    }
    StringBuilder csv = new StringBuilder("funding_time,funding_rate,mark_price\n");
    rows.values().forEach(r -> csv.append(r).append('\n'));
    writeAtomically(target, csv.toString());
    fromRest++;
    log.accept("rest " + target.getFileName() + " (" + rows.size() + " settlements)");
  }

  private void sentiment(Path root) throws IOException, InterruptedException {
    JsonNode data = rest(endpoints.sentimentApi().resolve("fng/?limit=0&format=json")).path("data");
    TreeMap<Long, String> rows = new TreeMap<>();
    for (JsonNode d : data) {
      long day = d.get("timestamp").asLong() * 1000;
      rows.put(day, day + "," + d.get("value").asText() + "," + d.path("value_classification").asText(""));
    }
    StringBuilder csv = new StringBuilder("timestamp,value,classification\n");
    rows.values().forEach(r -> csv.append(r).append('\n'));
    writeAtomically(root.resolve("sentiment/fear_greed.csv"), csv.toString());
    fromRest++;
    log.accept("rest sentiment/fear_greed.csv (" + rows.size() + " days)");
  }

  private static boolean rate(String text) {
    try {
      io.fundarb.engine.money.Rate.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private JsonNode rest(URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.get(uri);
    if (response.statusCode() != 200) {
      throw new IOException(uri + ": HTTP " + response.statusCode());
    }
    try {
      return json.readTree(response.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(uri + ": not JSON: " + e.getOriginalMessage(), e); // without Jackson's source excerpt
    }
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Files.createDirectories(target.getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Files.writeString(part, content, StandardCharsets.UTF_8);
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** True when the file's SHA-256 equals the hash in a Binance .CHECKSUM file ("hash  name"). */
  static boolean matches(Path file, Path checksum) throws IOException {
    String expected = Files.readString(checksum, StandardCharsets.UTF_8).trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))).equals(expected);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
    }
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
