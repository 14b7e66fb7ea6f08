package io.fundarb.streams.xchange;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.knowm.xchange.binance.dto.BinanceException;

/**
 * Binance USDT-M futures' funding-rate history ({@code GET /fapi/v1/fundingRate}, public), which
 * XChange's {@code BinanceFutures} does not declare; a rescu interface like XChange's own, so it
 * goes through the same HTTP client, JSON mapping and error type.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
interface BinanceFundingHistory {
  @GET
  @Path("fapi/v1/fundingRate")
  List<Settled> fundingRate(@QueryParam("symbol") String symbol, @QueryParam("startTime") Long startTime,
      @QueryParam("endTime") Long endTime, @QueryParam("limit") Integer limit) throws IOException, BinanceException;

  /** One settlement: the rate that settled at {@code fundingTime} (epoch ms). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Settled(String symbol, long fundingTime, BigDecimal fundingRate) {}
}
