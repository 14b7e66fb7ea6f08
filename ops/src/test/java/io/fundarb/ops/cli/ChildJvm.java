package io.fundarb.ops.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fundarb command in a JVM of its own (the test's class path), for tests that kill nodes. */
final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code fundarb <args>} with {@code env} added, stderr into stdout. */
  static Process fundarb(List<String> args, Map<String, String> env, String maxHeap) throws java.io.IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Duser.timezone=UTC", "-Dai.djl.offline=true",
        "-Dfundarb.home=" + Path.of("..").toAbsolutePath().normalize(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FUNDARB_LOG_LEVEL", "WARN");
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Reads a process's output on a thread of its own (it never blocks on a full pipe), line by line into the buffer. */
  static StringBuffer drain(Process p) {
    StringBuffer out = new StringBuffer();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.append(line).append('\n');
        }
      } catch (java.io.IOException e) {
        out.append("(output ended: ").append(e.getMessage()).append(")\n"); // the process was killed
      }
    });
    t.setDaemon(true);
    t.start();
    return out;
  }
}
