package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 2 and issue 12's "two daemons", with the jar as a process: a daemon killed
 * with an output on leaves its pins to {@code gemini-pi rest} (what the unit's ExecStopPost=
 * runs), and a second daemon on a live control socket refuses to start. The mock platform
 * cannot carry a level from one process to the next, so the rest is asserted through what
 * {@code rest} reports, line by line, in the audit format.
 */
class CrashRestIT {
  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private DaemonProcess daemon;
  private DaemonProcess second;

  @BeforeEach
  void setUp() throws IOException {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
  }

  @AfterEach
  void tearDown() {
    for (DaemonProcess d : new DaemonProcess[] {daemon, second}) {
      if (d != null) {
        d.close();
      }
    }
    pulse.close();
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("HOME", dir.resolve("home").toString(), "GEMINI_API_KEY",
        FakeLiveServer.API_KEY);
  }

  private Path socket() {
    return dir.resolve("control.sock");
  }

  private Path config() throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "led": {"pin": 25},
         "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22,
                    "action": "switch"},
                   {"name": "heater", "description": "the heater relay", "pin": 23,
                    "action": "switch", "activeHigh": false}],
         "conversation": {"idleTimeoutSec": 30},
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), socket()));
    return config;
  }

  private JsonObject status() throws Exception {
    DaemonProcess.Run r = DaemonProcess.cli(env(), "status", "--json", "--socket",
        socket().toString());
    assertEquals(0, r.code(), r.out());
    return Json.parse(r.out().strip()).asObject();
  }

  @Test
  void sigkillWithOutputsOn_restAsExecStopPostRunsIt_everyOutputAtRest() throws Exception {
    Path config = config();
    daemon = DaemonProcess.start(config, env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    assertEquals(0, DaemonProcess.cli(env(), "talk", "--socket", socket().toString()).code());
    server.takeMessage("setup", Duration.ofSeconds(10));
    server.sendToolCall("set_lamp", "{\"on\":true}");
    daemon.awaitLine("tool=set_lamp args={\"on\":true} pin=22 level=high", Duration.ofSeconds(5));
    server.sendToolCall("heater", "{\"on\":true}");
    daemon.awaitLine("tool=heater args={\"on\":true} pin=23 level=low", Duration.ofSeconds(5));
    assertEquals("{\"set_lamp\":{\"pin\":22,\"on\":true},\"heater\":{\"pin\":23,\"on\":true}}",
        status().get("outputs").toString());

    assertEquals(137, daemon.kill(Duration.ofSeconds(5)));
    assertFalse(daemon.lines().stream().anyMatch(l -> l.contains("args=shutdown")),
        "SIGKILL runs no shutdown hook: nothing in the daemon rested the pins");
    assertTrue(Files.exists(socket()), "a killed daemon leaves its socket file behind");

    // What systemd does next: ExecStopPost= with the variables it sets for it.
    Map<String, String> stopPost = new HashMap<>(env());
    stopPost.putAll(Map.of("SERVICE_RESULT", "signal", "EXIT_CODE", "killed",
        "EXIT_STATUS", "KILL"));
    long start = System.nanoTime();
    DaemonProcess.Run rest = DaemonProcess.cli(stopPost, "rest", "--config", config.toString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("gemini-pi rest took " + ms + " ms");
    assertEquals(0, rest.code(), rest.out());
    assertEquals("""
        tool=set_lamp args=rest pin=22 level=low result=at rest
        tool=heater args=rest pin=23 level=high result=at rest
        led pin=25 level=low result=at rest
        gemini-pi rest: 3 outputs at rest after the daemon was killed by signal KILL (signal)
        """, rest.out());
    assertFalse(rest.out().contains(FakeLiveServer.API_KEY));
    assertEquals(1, server.connectionCount(), "rest opened no network connection");

    // The stale socket does not keep the next start from binding it.
    daemon = DaemonProcess.start(config, env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    assertEquals("idle", status().getString("state", ""));
  }

  @Test
  void cameraChild_inheritsNeitherTheKeyNorTheVariableTheConfigNames() throws Exception {
    Path config = dir.resolve("config.json");
    Path seen = dir.resolve("camera-env.txt");
    // Written whole, then renamed: the file appears complete or not at all.
    String camera = Json.array("/bin/sh", "-c", "env > '" + seen + ".tmp' && mv '" + seen
        + ".tmp' '" + seen + "'; exec sleep 60").toString();
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s", "apiKeyEnv": "HOUSE_GEMINI_KEY"},
         "camera": {"mode": "on-request", "source": "command", "command": %s},
         "gpio": {"provider": "mock"},
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), camera, socket()));
    Map<String, String> env = new HashMap<>(env());
    env.put("HOUSE_GEMINI_KEY", "house-key-for-tests-0123456789");
    daemon = DaemonProcess.start(config, env);
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    daemon.awaitLine("camera: starting", Duration.ofSeconds(5));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(seen) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
    assertTrue(Files.exists(seen), "the camera command did not run within 10 s");
    String childEnv = Files.readString(seen);
    assertTrue(childEnv.contains("HOME="), "the rest of the environment is passed on");
    for (String hidden : new String[] {"HOUSE_GEMINI_KEY=", "GEMINI_API_KEY=",
        "house-key-for-tests", FakeLiveServer.API_KEY}) {
      assertFalse(childEnv.contains(hidden), hidden + " reached the camera:\n" + childEnv);
    }
    assertEquals(143, daemon.terminate(Duration.ofSeconds(5)));
  }

  @Test
  void secondDaemon_onALiveSocket_refusesToStart_andLeavesTheFirstAlone() throws Exception {
    Path config = config();
    daemon = DaemonProcess.start(config, env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));

    second = DaemonProcess.start(config, env());
    assertEquals(1, second.awaitExit(Duration.ofSeconds(20)));
    String refusal = "another gemini-pi is running (pid " + daemon.pid() + ") on " + socket()
        + "; stop it first (sudo systemctl stop gemini-pi) or give this one another "
        + "control.socket";
    assertTrue(second.lines().stream().anyMatch(l -> l.endsWith(refusal)),
        String.join("\n", second.lines()));
    assertFalse(second.lines().stream().anyMatch(l -> l.contains("ready in")));

    assertTrue(Files.exists(socket()));
    assertEquals("idle", status().getString("state", ""), "the first daemon still answers");

    DaemonProcess.Run rest = DaemonProcess.cli(env(), "rest", "--config", config.toString());
    assertEquals(1, rest.code(), rest.out());
    assertTrue(rest.out().contains("gemini-pi rest: another gemini-pi is running (pid "
        + daemon.pid() + ")"), rest.out());
    assertEquals("idle", status().getString("state", ""));
    assertEquals(143, daemon.terminate(Duration.ofSeconds(5)));
  }
}
