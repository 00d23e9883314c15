package dev.geminipi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's command line and environment read from systemd/gemini-pi.service, so a benchmark
 * runs the JVM flags the service runs and cannot drift from them.
 */
record UnitCommand(List<String> argv, Map<String, String> env) {

  UnitCommand {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /** ExecStart= (continuation lines joined, split on blanks) and every Environment=. */
  static UnitCommand parse(Path unit) throws IOException {
    String text = Files.readString(unit).replace("\\\n", " ");
    List<String> argv = List.of();
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("ExecStart=")) {
        argv = Arrays.asList(line.substring("ExecStart=".length()).strip().split("\\s+"));
      } else if (line.startsWith("Environment=")) {
        for (String pair : line.substring("Environment=".length()).strip().split("\\s+")) {
          int eq = pair.indexOf('=');
          env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    if (argv.isEmpty()) {
      throw new IOException(unit + " has no ExecStart=");
    }
    return new UnitCommand(argv, env);
  }

  /**
   * The command with this machine's paths for the installed ones, e.g. /usr/bin/java for the
   * running JDK; each key must occur, so a changed unit fails here rather than run something
   * else. {@code extraJvmFlags} go right after the java binary.
   */
  List<String> localized(Map<String, String> paths, List<String> extraJvmFlags) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> used = new LinkedHashMap<>();
    for (String arg : argv) {
      String a = arg;
      for (Map.Entry<String, String> p : paths.entrySet()) {
        if (a.contains(p.getKey())) {
          a = a.replace(p.getKey(), p.getValue());
          used.merge(p.getKey(), 1, Integer::sum);
        }
      }
      out.add(a);
      if (out.size() == 1) {
        out.addAll(extraJvmFlags);
      }
    }
    for (String key : paths.keySet()) {
      if (!used.containsKey(key)) {
        throw new IllegalStateException("the unit's ExecStart no longer mentions " + key
            + "; update the benchmark's path map: " + String.join(" ", argv));
      }
    }
    return out;
  }
}
