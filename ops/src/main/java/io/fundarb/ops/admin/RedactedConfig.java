package io.fundarb.ops.admin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective configuration as JSON with every secret-looking value replaced: keys naming a
 * token, secret, password, credential, API key or webhook, at any depth. Token files are shown by
 * path (the path is not the secret).
 */
final class RedactedConfig {
  static final String REDACTED = "<redacted>";
  private static final List<String> SECRET_WORDS = List.of("token", "secret", "password", "credential", "api-key",
      "apikey", "webhook", "private-key");

  private RedactedConfig() {
  }

  static String render(Config config) {
    Config redacted = config;
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      if (isSecret(entry.getKey()) && !entry.getValue().unwrapped().toString().isEmpty()) {
        redacted = redacted.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return redacted.root().render(ConfigRenderOptions.concise());
  }

  static boolean isSecret(String path) {
    String key = path.toLowerCase(Locale.ROOT);
    if (key.endsWith("-file")) {
      return false;
    }
    return SECRET_WORDS.stream().anyMatch(key::contains);
  }
}
