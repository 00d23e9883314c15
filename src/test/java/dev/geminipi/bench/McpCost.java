package dev.geminipi.bench;

import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.EverythingServer;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What MCP costs (bench/mcp-cost.sh): the time from the model's call (the fake Live server
 * sends the toolCall) to the function response on the wire, for the local reference server
 * (server-everything's echo); and the daemon's RSS after a conversation, with an mcp section
 * and without one, plus how many dev.geminipi.mcp classes each has loaded (jcmd VM.classes).
 */
public final class McpCost {
  private McpCost() {
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (EverythingServer everything = EverythingServer.start()) {
      for (boolean withMcp : new boolean[] {false, true}) {
        run(work.resolve(withMcp ? "mcp" : "none"), withMcp ? everything : null, calls);
      }
    }
  }

  private static void run(Path dir, EverythingServer everything, int calls) throws Exception {
    Files.createDirectories(dir.resolve("out"));
    try (FakeLiveServer server = FakeLiveServer.start();
        PulseServer pulse = PulseServer.start(dir.resolve("pulse"))) {
      Path mic = dir.resolve("mic.raw");
      Files.write(mic, new byte[0]);
      pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
      String mcp = everything == null ? "" : "\"mcp\": [{\"name\": \"everything\", \"url\": \""
          + everything.url() + "\", \"allow\": [\"echo\"]}],";
      Path config = dir.resolve("config.json");
      Files.writeString(config, """
          {"gemini": {"endpoint": "%s"}, "camera": {"mode": "off"}, "gpio": {"provider": "mock"},
           %s "control": {"socket": "%s"}}
          """.formatted(server.endpoint(), mcp, dir.resolve("control.sock")));
      try (DaemonProcess daemon = DaemonProcess.start(config, Map.of("HOME",
          dir.resolve("home").toString(), "GEMINI_API_KEY", FakeLiveServer.API_KEY))) {
        daemon.awaitLine("ready in", Duration.ofSeconds(60));
        DaemonProcess.Run say = DaemonProcess.cli(Map.of(), "say", "Hello.", "--socket",
            dir.resolve("control.sock").toString());
        if (say.code() != 0) {
          throw new IllegalStateException(say.out());
        }
        server.takeMessage("setup", Duration.ofSeconds(10));
        daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));
        List<Double> ms = new ArrayList<>();
        if (everything != null) {
          for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            server.sendToolCall("echo", "{\"message\":\"m" + i + "\"}");
            server.takeMessage("toolResponse", Duration.ofSeconds(15));
            ms.add((System.nanoTime() - t0) / 1e6);
          }
          Collections.sort(ms);
          System.out.printf("mcp call -> response, %d calls: median %.1f ms, p90 %.1f ms, "
              + "min %.1f ms, max %.1f ms%n", calls, ms.get(calls / 2),
              ms.get(calls * 9 / 10), ms.get(0), ms.get(calls - 1));
        }
        long rssKb = rssKb(daemon.pid());
        long mcpClasses = mcpClasses(daemon.pid());
        System.out.printf("%s: RSS %d kB after a conversation, %d dev.geminipi.mcp classes "
            + "loaded%n", everything == null ? "without mcp" : "with mcp (1 server)", rssKb,
            mcpClasses);
      }
    }
  }

  private static long rssKb(long pid) throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static long mcpClasses(long pid) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), Long.toString(pid), "VM.classes").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().filter(l -> l.contains("dev.geminipi.mcp.")).count();
  }
}
