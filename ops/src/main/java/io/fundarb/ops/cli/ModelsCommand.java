package io.fundarb.ops.cli;

import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.ensemble.EnsembleManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fundarb models}: the versioned model registry (register, list, promote, rollback). */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "The model registry: versioned models per agent, a current pointer, an audit trail.",
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Register.class, ModelsCommand.Promote.class,
        ModelsCommand.Rollback.class})
public final class ModelsCommand extends GroupCommand {
  /** Options every registry subcommand shares. */
  static class RegistryOptions {
    @Option(names = "--registry", defaultValue = "models/registry", paramLabel = "<dir>",
        description = "registry directory (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--reason", defaultValue = "", paramLabel = "<text>", description = "recorded in the audit trail")
    String reason;

    ModelRegistry open() {
      return new ModelRegistry(registry, Clock.systemUTC());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every agent's versions; * marks the current one.")
  static final class ListVersions implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      ModelRegistry registry = options.open();
      if (registry.agents().isEmpty()) {
        out.println("no models in " + registry.root() + " (fundarb models register <file.params>)");
      }
      for (String agent : registry.agents()) {
        Optional<ModelRegistry.Version> current = registry.current(agent);
        out.println(agent + ":");
        for (ModelRegistry.Version v : registry.versions(agent)) {
          boolean isCurrent = current.isPresent() && current.get().name().equals(v.name());
          out.printf("  %s %s  %s%n", isCurrent ? "*" : " ", v.name(), describe(v));
        }
      }
      return 0;
    }
  }

  /** A version's origin: from its card, or for an ensemble bundle from its manifest. */
  private static String describe(ModelRegistry.Version v) throws java.io.IOException {
    if (java.nio.file.Files.isRegularFile(v.dir().resolve(EnsembleManifest.FILE))) {
      var m = EnsembleManifest.read(v.dir());
      return String.format("created %s, ensemble trained on %s %s..%s", m.get("created").asText(), m.get("venue").asText(),
          m.get("trainFrom").asText(), m.get("trainTo").asText());
    }
    ModelCard card = v.card();
    return String.format("created %s, trained on %s %s..%s", card.created(), card.training().venue(),
        card.training().from(), card.training().to());
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Copies a trained model (<name>.params with its card and log) in as its agent's next version.")
  static final class Register implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "<file.params>") Path params;

    @Override
    public Integer call() throws Exception {
      ModelRegistry.Version v = options.open().register(params, options.reason);
      spec.commandLine().getOut().println("registered " + v.agent() + " " + v.name() + " in " + v.dir()
          + " (not current until promoted)");
      return 0;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Makes a version its agent's current one.")
  static final class Promote implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", paramLabel = "<agent>") String agent;
    @Parameters(index = "1", paramLabel = "<version>") String version;

    @Override
    public Integer call() throws Exception {
      Optional<ModelRegistry.Version> previous = options.open().promote(agent, version, options.reason);
      spec.commandLine().getOut().println(agent + ": current is now " + version
          + previous.map(p -> " (was " + p.name() + ")").orElse(""));
      return 0;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Makes the version current before the latest promotion current again.")
  static final class Rollback implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "<agent>") String agent;

    @Override
    public Integer call() throws Exception {
      ModelRegistry.Version v = options.open().rollback(agent, options.reason);
      spec.commandLine().getOut().println(agent + ": rolled back, current is now " + v.name());
      return 0;
    }
  }
}
