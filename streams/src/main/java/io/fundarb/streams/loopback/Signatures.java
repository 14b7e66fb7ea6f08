package io.fundarb.streams.loopback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's request signature: HMAC-SHA256, hex, over the query string (without the
 * {@code signature} parameter) followed by the request body.
 */
final class Signatures {
  private Signatures() {}

  static String hmacHex(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Throws the venue's -1022 unless {@code rawQuery} carries the right signature of query + body. */
  static void verify(String secret, String rawQuery, String body) {
    String given = null;
    StringBuilder unsigned = new StringBuilder();
    for (String part : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
      if (part.startsWith("signature=")) {
        given = part.substring("signature=".length());
      } else {
        unsigned.append(unsigned.length() == 0 ? "" : "&").append(part);
      }
    }
    if (given == null) {
      given = Arrays.stream(body.split("&")).filter(p -> p.startsWith("signature=")).map(p -> p.substring(10))
          .collect(Collectors.joining());
      body = Arrays.stream(body.split("&")).filter(p -> !p.startsWith("signature=")).collect(Collectors.joining("&"));
    }
    String expected = hmacHex(secret, unsigned + body);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      throw VenueError.badRequest(-1022, "Signature for this request is not valid.");
    }
  }
}
