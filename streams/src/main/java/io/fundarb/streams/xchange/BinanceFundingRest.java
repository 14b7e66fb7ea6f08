package io.fundarb.streams.xchange;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.knowm.xchange.binance.dto.BinanceException;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Binance USDT-M futures' funding endpoints that XChange's {@code BinanceFutures} and
 * {@code BinanceFuturesAuthenticated} do not declare: the funding-rate history (public) and the
 * account's income history (signed). A rescu interface like XChange's own, so requests go through
 * the same HTTP client, signing, JSON mapping and error type.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
interface BinanceFundingRest {
  @GET
  @Path("fapi/v1/fundingRate")
  List<Settled> fundingRate(@QueryParam("symbol") String symbol, @QueryParam("startTime") Long startTime,
      @QueryParam("endTime") Long endTime, @QueryParam("limit") Integer limit) throws IOException, BinanceException;

  @GET
  @Path("fapi/v1/income")
  List<Income> income(@QueryParam("symbol") String symbol, @QueryParam("incomeType") String incomeType,
      @QueryParam("startTime") Long startTime, @QueryParam("endTime") Long endTime, @QueryParam("limit") Integer limit,
      @QueryParam("recvWindow") Long recvWindow, @QueryParam("timestamp") SynchronizedValueFactory<Long> timestamp,
      @HeaderParam("X-MBX-APIKEY") String apiKey, @QueryParam("signature") ParamsDigest signature)
      throws IOException, BinanceException;

  /** One settlement: the rate that settled at {@code fundingTime} (epoch ms). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Settled(long fundingTime, BigDecimal fundingRate) {}

  /** One income record: {@code income} (USDT for USDT-M), positive = received, at {@code time}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Income(BigDecimal income, long time) {}
}
