package io.fundarb.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesLoaderTest {
  private static final String HEADER = "open_time,open,high,low,close,volume\n";
  private static final long H8 = 8 * Times.HOUR_MS;
  @TempDir Path dir;

  private List<DataFile> file(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, content);
    return List.of(DataFile.of(dir, path));
  }

  private static String row(long t, String close) {
    return t + ",100," + "200,50," + close + ",10\n";
  }

  private DataFormatException strictError(String content) throws IOException {
    return assertThrows(DataFormatException.class, () -> SeriesLoader.bars("s", file("bars.csv", content), H8, false));
  }

  @Test
  void missingColumnIsAnErrorNamingTheColumn() throws IOException {
    DataFormatException e = strictError("open_time,open,high,low,volume\n0,1,1,1,1\n");
    assertEquals("close", e.column());
    assertEquals(1, e.line());
    assertTrue(e.getMessage().startsWith("bars.csv line 1 column 'close': missing required column"), e.getMessage());
  }

  @Test
  void nonNumericCellIsAnErrorWithFileLineAndColumnUnlessLenient() throws IOException {
    String content = HEADER + row(0, "101") + row(H8, "abc") + row(2 * H8, "102");
    DataFormatException e = strictError(content);
    assertEquals(3, e.line());
    assertEquals("close", e.column());
    assertTrue(e.getMessage().contains("not a decimal number: 'abc'"), e.getMessage());
    assertTrue(e.getMessage().contains("--lenient"), e.getMessage());

    var loaded = SeriesLoader.bars("s", file("bars2.csv", content), H8, true);
    assertEquals(2, loaded.series().size());
    assertEquals(1, loaded.quality().skippedBadRows());
    assertEquals(1, loaded.quality().missingRows(), "the skipped bar leaves a gap, which is reported too");
    assertTrue(loaded.quality().badRowSamples().get(0).contains("line 3"));
  }

  @Test
  void nanAndNegativePricesAreBadRows() throws IOException {
    assertTrue(strictError(HEADER + row(0, "NaN")).getMessage().contains("'NaN'"));
    assertTrue(strictError(HEADER + row(0, "-5")).getMessage().contains("price must be positive"));
    assertTrue(strictError(HEADER + "0,100,200,50,100,-1\n").getMessage().contains("must not be negative"));
    assertTrue(strictError(HEADER + "0,100,200\n").getMessage().contains("column is missing"));
  }

  @Test
  void identicalDuplicatesCollapseConflictingOnesNeedLenience() throws IOException {
    var loaded = SeriesLoader.bars("s", file("dup.csv", HEADER + row(0, "101") + row(0, "101") + row(H8, "102")), H8, false);
    assertEquals(2, loaded.series().size());
    assertEquals(1, loaded.quality().identicalDuplicates());

    String conflicting = HEADER + row(0, "101") + row(0, "105") + row(H8, "102");
    DataFormatException e = strictError(conflicting);
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("different value than line 2"), e.getMessage());
    var lenient = SeriesLoader.bars("s", file("dup2.csv", conflicting), H8, true);
    assertEquals(Fixed.parse("101"), lenient.series().close()[0], "the first row wins");
    assertEquals(1, lenient.quality().conflictingDuplicates());
  }

  @Test
  void unorderedRowsAreSortedAndReported() throws IOException {
    var loaded = SeriesLoader.bars("s", file("order.csv", HEADER + row(H8, "102") + row(0, "101") + row(2 * H8, "103")), H8, false);
    assertEquals(0, loaded.series().openTime()[0]);
    assertEquals(Fixed.parse("101"), loaded.series().close()[0]);
    assertEquals(1, loaded.quality().outOfOrder());
  }

  @Test
  void gapsAndOutliersAreReportedNotDropped() throws IOException {
    String content = HEADER + row(0, "100") + row(H8, "150") + row(4 * H8, "151") + "" + (5 * H8) + ",151,150,152,151,0\n";
    var loaded = SeriesLoader.bars("s", file("gap.csv", content), H8, false);
    assertEquals(4, loaded.series().size());
    assertEquals(2, loaded.quality().missingRows());
    assertTrue(loaded.quality().outlierSamples().stream().anyMatch(s -> s.contains("moved 50.0 %")));
    assertTrue(loaded.quality().outlierSamples().stream().anyMatch(s -> s.contains("inconsistent OHLC")));
    assertTrue(loaded.quality().outlierSamples().stream().anyMatch(s -> s.contains("zero volume")));
  }

  @Test
  void quoteVolumesBeyondTheFixedPointRangeStillLoad() throws IOException {
    // A busy daily perp bar trades more than 92 billion USDT, past what a 10^-8 long holds.
    var loaded = SeriesLoader.bars("s", file("big.csv",
        "open_time,open,high,low,close,volume,quote_volume\n0,70000,71000,69000,70500,2000000,150000000000.5\n"),
        Times.DAY_MS, false);
    assertEquals(150_000_000_000.5, loaded.series().quoteVolume()[0]);
  }

  @Test
  void fundingKeepsEveryPublishedDigit() throws IOException {
    var loaded = SeriesLoader.funding("f", file("f.csv", "funding_time,funding_rate\n0,0.0001872446163727\n28800000,-1.488e-05\n"), false);
    assertEquals(Rate.parse("0.0001872446163727"), loaded.series().rate()[0]);
    assertEquals(Rate.parse("-0.00001488"), loaded.series().rate()[1]);
  }

  @Test
  void sentimentOutsideItsScaleIsABadRow() throws IOException {
    DataFormatException e = assertThrows(DataFormatException.class, () ->
        SeriesLoader.sentiment("s", file("fg.csv", "timestamp,value,classification\n0,50,Neutral\n86400000,150,Greed\n"), false));
    assertTrue(e.getMessage().contains("within 0..100"), e.getMessage());
  }
}
