package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's reproductions on the jar as a process, through nothing but its public surface
 * (the config file, the control socket, the wire, the journal lines), so the same test runs
 * against a build from before the fix: there a say-steered call pulsed pin 23 at once, and a
 * reload forgot minIntervalSec.
 */
class ToolSafetyEndToEndIT {
  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private DaemonProcess daemon;

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    if (pulse != null) {
      pulse.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Path start(String tools) throws Exception {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
    Path config = dir.resolve("config.json");
    // Only keys the build before the fix knew, so both builds load this config.
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "triggers": [{"type": "button", "pin": 17}],
         "tools": %s,
         "conversation": {"idleTimeoutSec": 120},
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), tools, dir.resolve("control.sock")));
    daemon = DaemonProcess.start(config, Map.of("HOME", dir.resolve("home").toString(),
        "GEMINI_API_KEY", FakeLiveServer.API_KEY));
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    return config;
  }

  private DaemonProcess.Run cli(String... args) throws Exception {
    String[] withSocket = Stream.concat(Stream.of(args),
        Stream.of("--socket", dir.resolve("control.sock").toString())).toArray(String[]::new);
    return DaemonProcess.cli(Map.of(), withSocket);
  }

  /** A say starts a conversation on a new connection; returns once the session is set up. */
  private void say(String text) throws Exception {
    DaemonProcess.Run say = cli("say", text);
    assertEquals(0, say.code(), say.out());
    server.takeMessage("setup", Duration.ofSeconds(10));
    daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));
  }

  private JsonObject toolResponse(Duration timeout) {
    return server.takeMessage("toolResponse", timeout).body().get("functionResponses")
        .asArray().get(0).asObject().get("response").asObject();
  }

  /** Issue 13, finding 1: after a say, open_garage (confirm: true) pulsed pin 23 at once. */
  @Test
  void sayConversation_confirmedTool_waitsForTheButton_andWithoutItNoPinMoves()
      throws Exception {
    start("""
        [{"name": "open_garage", "description": "the garage door opener", "pin": 23,
          "action": "pulse", "pulseMs": 400, "confirm": true}]""");
    say("Open the garage door.");
    server.sendToolCall("open_garage", "{}");
    daemon.awaitLine("tool=open_garage args={} pin=23 source=model confirm=button "
        + "outcome=asked why=waiting 20 s for a press of the button on GPIO 17",
        Duration.ofSeconds(5));
    JsonObject status = Json.parse(cli("status", "--json").out().strip()).asObject();
    assertEquals("{\"pin\":23,\"on\":false}", status.get("outputs").asObject()
        .get("open_garage").toString());
    JsonObject response = toolResponse(Duration.ofSeconds(30));
    assertEquals("not_confirmed", response.getString("status", ""), response.toString());
    daemon.awaitLine("tool=open_garage args={} pin=23 source=model confirm=button "
        + "outcome=expired why=no press within 20 s", Duration.ofSeconds(5));
    List<String> lines = daemon.lines();
    assertFalse(lines.stream().anyMatch(l -> l.contains("result=pulsing")),
        String.join("\n", lines));
  }

  /** Issue 13, finding 5: two pulses 3 s apart across a SIGHUP with minIntervalSec 10. */
  @Test
  void minIntervalSec_holdsAcrossAReload() throws Exception {
    start("""
        [{"name": "bell", "description": "the door bell", "pin": 24, "action": "pulse",
          "pulseMs": 100, "minIntervalSec": 60}]""");
    say("Ring the bell.");
    server.sendToolCall("bell", "{}");
    JsonObject rang = toolResponse(Duration.ofSeconds(5));
    assertEquals("ok", rang.getString("status", ""), rang.toString());
    assertEquals(100, rang.getInt("pulsed_ms", 0), rang.toString());

    daemon.hangUp();
    daemon.awaitLine("reloaded", Duration.ofSeconds(10));
    say("Ring the bell again.");
    server.sendToolCall("bell", "{}");
    JsonObject refused = toolResponse(Duration.ofSeconds(5));
    assertEquals("not_allowed", refused.getString("status", ""), refused.toString());
    String error = refused.getString("message", "");
    assertEquals("bell may be used once every 60 seconds; try again in ",
        error.replaceAll("\\d+ seconds?$", ""), error);
  }
}
