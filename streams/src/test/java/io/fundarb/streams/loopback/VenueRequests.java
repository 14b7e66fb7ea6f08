package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests to a loopback venue at {@code base} (e.g. {@code http://127.0.0.1:41234}) as Binance's
 * clients make them, from the JDK's HTTP client: the API key header, and for a signed one a
 * timestamp and the HMAC over the query. Answers are read as JSON, errors included.
 */
record VenueRequests(String base, LoopbackVenue.Credentials keys) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An API-key-only request (Binance's USER_STREAM endpoints); {@code query} may be empty. */
  JsonNode keyed(String method, String path, String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
        .header("X-MBX-APIKEY", keys.apiKey()).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** A signed request (TRADE, USER_DATA): {@code params} (may be empty), a timestamp and the signature. */
  JsonNode signed(String method, String path, String params) throws Exception {
    String query = (params.isEmpty() ? "" : params + "&") + "timestamp=" + System.currentTimeMillis();
    return keyed(method, path, query + "&signature=" + Signatures.hmacHex(keys.secret(), query));
  }
}
