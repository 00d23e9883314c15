package dev.geminipi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.control.ControlServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gemini-pi rest}, as systemd's ExecStopPost= and a person run it. */
class RestCommandTest {
  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    timers.shutdownNow();
  }

  private int run(Map<String, String> env, String... args) {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
  }

  private Path config(String extra) throws Exception {
    Path c = dir.resolve("config.json");
    Files.writeString(c, """
        {"gpio": {"provider": "mock"}, "led": {"pin": 25},
         "control": {"socket": "%s"},
         "tools": [{"name": "set_lamp", "pin": 22, "action": "switch"},
                   {"name": "garage", "pin": 23, "action": "pulse", "activeHigh": false}]%s}
        """.formatted(dir.resolve("control.sock"), extra));
    return c;
  }

  @Test
  void rest_underSystemdAfterSigkill_auditLinePerOutput_andWhyTheDaemonEnded() throws Exception {
    int code = run(Map.of("SERVICE_RESULT", "signal", "EXIT_CODE", "killed", "EXIT_STATUS",
        "KILL"), "rest", "--config", config("").toString());
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertEquals("""
        tool=set_lamp args=rest pin=22 level=low result=at rest
        tool=garage args=rest pin=23 level=high result=at rest
        led pin=25 level=low result=at rest
        gemini-pi rest: 3 outputs at rest after the daemon was killed by signal KILL (signal)
        """, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rest_byHand_noReason() throws Exception {
    assertEquals(0, run(Map.of(), "rest", "--config", config("").toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).endsWith(
        "gemini-pi rest: 3 outputs at rest\n"));
  }

  @Test
  void rest_whileADaemonListens_refusesAndTouchesNothing() throws Exception {
    Path config = config("");
    try (ControlServer live = ControlServer.start(dir.resolve("control.sock"),
        r -> CompletableFuture.completedFuture(new JsonObject()), timers)) {
      assertEquals(1, run(Map.of(), "rest", "--config", config.toString()));
    }
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals("gemini-pi rest: another gemini-pi is running (pid " + ProcessHandle.current()
        .pid() + ") on " + dir.resolve("control.sock") + "; it holds the pins and rests them "
        + "when it stops: sudo systemctl stop gemini-pi\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rest_badConfig_saysNothingWasRested_exit1() throws Exception {
    Path c = dir.resolve("bad.json");
    Files.writeString(c, "{\"tools\": [{\"name\": \"x\", \"pin\": 40, \"action\": \"switch\"}]}");
    assertEquals(1, run(Map.of(), "rest", "--config", c.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).endsWith(RestCommand.CONFIG_REFUSED + "\n"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rest_help_andStrayWords() {
    assertEquals(0, run(Map.of(), "rest", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(
        "usage: gemini-pi rest [--config PATH]\n"));
    assertEquals(2, run(Map.of(), "rest", "now"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
        "gemini-pi: rest takes no arguments, only --config PATH\n"));
  }

  @Test
  void serviceResult_inWords() {
    assertEquals("stopped feeding the watchdog and was killed by signal ABRT (core dumps are "
        + "off)", ServiceResult.describe(Map.of("SERVICE_RESULT", "watchdog", "EXIT_CODE",
        "dumped", "EXIT_STATUS", "ABRT")).orElseThrow());
    assertEquals("exited with status 3 (exit-code)", ServiceResult.describe(Map.of(
        "SERVICE_RESULT", "exit-code", "EXIT_CODE", "exited", "EXIT_STATUS", "3")).orElseThrow());
    assertEquals("stopped cleanly", ServiceResult.describe(Map.of("SERVICE_RESULT", "success",
        "EXIT_CODE", "exited", "EXIT_STATUS", "0")).orElseThrow());
    assertTrue(ServiceResult.describe(Map.of()).isEmpty());
  }
}
