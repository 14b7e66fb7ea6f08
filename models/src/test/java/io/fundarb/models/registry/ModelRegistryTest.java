package io.fundarb.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.models.agents.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path tmp;

  private final ModelRegistry registry = new ModelRegistry(Path.of("unused"), Clock.fixed(
      Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC));

  /** A trained model as fundarb train leaves it: weights, card and log beside each other. */
  private Path trained(String name, String weights) throws Exception {
    Path params = tmp.resolve("train").resolve(name + ".params");
    Files.createDirectories(params.getParent());
    Files.writeString(params, weights);
    new ModelCard(ModelCard.FORMAT, "long_term", "2026-11-24T00:00:00Z",
        new ModelCard.Network(10, new int[] {8}, "gaussian", 1, -1, 1), new ModelCard.Action("continuous", -1, 1, 0.05,
        null), 1.0, new ModelCard.Features(List.of("funding"), 4, 3_600_000L, List.of(), "abc", new double[] {0},
        new double[] {1}), new ModelCard.Normalizer(false, new double[0], new double[0], 0),
        new ModelCard.Training("BINANCE", List.of("BTCUSDT"), "2023-01-01", "2023-10-01", "data"), 7, Map.of(),
        Map.of("meanReturn", 0.01)).write(ModelCard.besides(params));
    Files.writeString(params.resolveSibling(name + ".log.csv"), "epoch\n0\n");
    return params;
  }

  @Test
  void versionsArePromotedAndRolledBackWithAnAuditTrail() throws Exception {
    ModelRegistry models = new ModelRegistry(tmp.resolve("registry"), Clock.fixed(
        Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC));
    ModelRegistry.Version v1 = models.register(trained("a", "weights-1"), "first training");
    ModelRegistry.Version v2 = models.register(trained("b", "weights-2"), "retrained");
    assertEquals(List.of("v0001", "v0002"), models.versions("long_term").stream().map(ModelRegistry.Version::name)
        .toList());
    assertEquals("weights-2", Files.readString(v2.params()));
    assertTrue(Files.isRegularFile(v2.dir().resolve("model.log.csv")));
    assertEquals("long_term", v1.card().agent());
    assertTrue(models.current("long_term").isEmpty(), "registering does not promote");

    models.promote("long_term", "v0001", "baseline");
    assertEquals("v0002", models.promote("long_term", "v0002", "beats v0001 on hold-out").isPresent()
        ? models.current("long_term").get().name() : "none");
    assertEquals("v0001", models.rollbackTarget("long_term").get().name(), "what a rollback would restore");
    assertEquals("v0002", models.current("long_term").get().name(), "asking changes nothing");
    assertEquals("v0001", models.rollback("long_term", "drawdown in paper").name());
    assertEquals("v0001", models.current("long_term").get().name());
    assertTrue(models.rollbackTarget("long_term").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> models.rollback("long_term", "again"), "nothing earlier");

    List<String> actions = models.auditLog("long_term").stream().map(e -> e.get("action").asText()).toList();
    assertEquals(List.of("register", "register", "promote", "promote", "rollback"), actions);
    assertEquals("v0002", models.auditLog("long_term").get(4).get("previous").asText());
    assertEquals("2026-11-25T00:00:00Z", models.auditLog("long_term").get(4).get("time").asText());
    assertEquals(List.of("long_term"), models.agents());
  }

  @Test
  void unknownVersionsAndIncompleteModelsAreRefusedClearly() throws Exception {
    ModelRegistry models = new ModelRegistry(tmp.resolve("registry"), Clock.systemUTC());
    models.register(trained("a", "w"), "x");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> models.promote("long_term", "v0009", "typo"));
    assertTrue(unknown.getMessage().contains("it has [v0001]"), unknown.getMessage());
    Path lonely = tmp.resolve("lonely.params");
    Files.writeString(lonely, "w");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> models.register(lonely, "no card")).getMessage()
        .contains("lonely.json"));
    assertThrows(IllegalArgumentException.class, () -> registry.versions("../etc"));
  }
}
