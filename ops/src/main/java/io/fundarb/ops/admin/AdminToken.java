package io.fundarb.ops.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token that every mutating admin route requires, from the environment variable
 * {@value #ENV} or a file. Compared in constant time; never printed ({@link #toString} is
 * redacted). No token configured means every mutating request is refused.
 */
public final class AdminToken {
  public static final String ENV = "FUNDARB_ADMIN_TOKEN";
  private final byte[] token;

  private AdminToken(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** From {@code file} when given, else from the environment; absent = mutations refused. */
  public static AdminToken load(Path file, Map<String, String> env) throws IOException {
    if (file != null) {
      return new AdminToken(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    String value = env.get(ENV);
    return new AdminToken(value == null || value.isBlank() ? null : value.strip());
  }

  public static AdminToken of(String token) {
    return new AdminToken(token);
  }

  public boolean configured() {
    return token != null;
  }

  /** Whether an {@code Authorization} header value carries this token. */
  public boolean accepts(Optional<String> authorization) {
    if (token == null || authorization.isEmpty() || !authorization.get().startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.get().substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(token, given);
  }

  @Override
  public String toString() {
    return token == null ? "AdminToken[none]" : "AdminToken[redacted]";
  }
}
