package dev.geminipi.cli;

import dev.geminipi.audio.AudioCheck;
import dev.geminipi.audio.SoundCheck;
import dev.geminipi.camera.Cameras;
import dev.geminipi.config.Config;
import dev.geminipi.gpio.GpioCheck;
import dev.geminipi.gpio.PwmCheck;
import dev.geminipi.home.MqttCheck;
import dev.geminipi.live.Credential;
import dev.geminipi.live.EndpointProbe;
import dev.geminipi.live.SessionProbe;
import dev.geminipi.wakeword.WakeWordCheck;
import dev.geminipi.mcp.McpCheck;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gemini-pi check}: one ✓ or ✗ line per thing that must work, each ✗ with what to
 * do. Exit status 1 when any line is ✗. Line texts are public surface.
 */
final class CheckCommand {
  /** The config as loaded, or the problems that kept it from loading. */
  record ConfigState(Config config, String source, List<String> problems) {
  }

  static final long PROBE_TIMEOUT_MS = 10_000;
  /** No correct clock is earlier than the release this code belongs to. */
  static final Instant CLOCK_FLOOR = Instant.parse("2026-01-01T00:00:00Z");

  private final PrintStream out;
  private final Map<String, String> env;
  private final Clock clock;
  private final EndpointProbe endpointProbe;
  private final SessionProbe sessionProbe;
  private boolean allOk = true;

  CheckCommand(PrintStream out, Map<String, String> env) {
    this(out, env, Clock.systemUTC(), EndpointProbe.system(PROBE_TIMEOUT_MS),
        new SessionProbe(System::nanoTime));
  }

  /**
   * @param clock the wall clock whose sanity is checked (not used to time anything)
   * @param endpointProbe how the endpoint is reached, with whom TLS trusts
   * @param sessionProbe opens one real session, to prove the key and the model
   */
  CheckCommand(PrintStream out, Map<String, String> env, Clock clock,
      EndpointProbe endpointProbe, SessionProbe sessionProbe) {
    this.out = out;
    this.env = env;
    this.clock = clock;
    this.endpointProbe = endpointProbe;
    this.sessionProbe = sessionProbe;
  }

  boolean run(ConfigState state) {
    return run(state, false);
  }

  /** @param sound also play a sweep and listen for it ({@link SoundCheck}) */
  boolean run(ConfigState state, boolean sound) {
    if (!state.problems().isEmpty()) {
      fail("config " + state.source() + " has problems:");
      state.problems().forEach(p -> out.println("    " + p));
      return false;
    }
    ok("config " + state.source() + " is valid");
    Config config = state.config();
    String variable = config.gemini().apiKeyEnv();
    Optional<Credential> credential = Credential.fromEnvironment(env, variable);
    if (credential.isPresent()) {
      ok("API key: " + variable + " is set (" + describe(credential.get()) + ", not shown)");
    } else {
      fail(Credential.missingMessage(variable));
    }
    AudioCheck.Result capture = AudioCheck.capture(config.audio());
    line(capture.ok(), capture.line());
    AudioCheck.Result playback = AudioCheck.playback(config.audio());
    line(playback.ok(), playback.line());
    if (sound && capture.ok() && playback.ok()) {
      SoundCheck.Result heard = SoundCheck.run(config.audio());
      line(heard.ok(), heard.line());
    }
    GpioCheck.run(config).forEach(g -> line(g.ok(), g.line()));
    PwmCheck.run(config).ifPresent(pwm -> line(pwm.ok(), pwm.line()));
    WakeWordCheck.run(config.triggers()).forEach(w -> line(w.ok(), w.line()));
    Cameras.CheckResult camera = Cameras.system(variable).check(config.camera());
    line(camera.ok(), camera.line());
    config.mqtt().ifPresent(m -> {
      MqttCheck.Result mqtt = MqttCheck.run(m, env);
      line(mqtt.ok(), mqtt.line());
    });
    mcp(config);
    clock();
    if (credential.isEmpty()) {
      fail("endpoint: not tried without a key");
      return false;
    }
    EndpointProbe.Result probe = endpointProbe.probe(config.gemini().endpoint(),
        credential.get(), variable);
    line(probe.ok(), "endpoint: " + probe.detail());
    if (probe.ok()) {
      session(config, credential.get());
    }
    return allOk;
  }

  /** The upgrade alone proves nothing about the key: the service refuses it after the setup. */
  private void session(Config config, Credential credential) {
    try {
      SessionProbe.Result r = sessionProbe.probe(config.gemini(), credential);
      if (r.ok()) {
        ok("key accepted by the service (session ready in " + r.readyMs() + " ms)");
      } else {
        fail("session refused: " + r.detail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("session: interrupted");
    }
  }

  /** Each MCP server; nothing of the MCP client is loaded without an mcp section. */
  private void mcp(Config config) {
    if (config.mcp().isEmpty()) {
      return;
    }
    String version = java.util.Objects.requireNonNullElse(
        CheckCommand.class.getPackage().getImplementationVersion(), "dev");
    // A server started as a command inherits this environment: never with the API key.
    java.util.Map<String, String> mcpEnv = new java.util.HashMap<>(env);
    mcpEnv.remove(config.gemini().apiKeyEnv());
    for (McpCheck.Line l : McpCheck.run(config.mcp(), mcpEnv, version)) {
      line(l.ok(), l.text());
    }
  }

  /** TLS certificates are refused by a clock that is off by years (a Pi has no RTC). */
  private void clock() {
    Instant now = clock.instant();
    if (now.isBefore(CLOCK_FLOOR)) {
      fail("clock: the system time is " + now + ", before this release; TLS will fail until "
          + "it is right: check NTP with 'timedatectl status'");
    } else {
      ok("clock: " + now.truncatedTo(ChronoUnit.SECONDS));
    }
  }

  private static String describe(Credential c) {
    return c instanceof Credential.EphemeralToken ? "an ephemeral token" : "an API key";
  }

  private void line(boolean ok, String text) {
    if (ok) {
      ok(text);
    } else {
      fail(text);
    }
  }

  private void ok(String text) {
    out.println("\u2713 " + text);
  }

  private void fail(String text) {
    allOk = false;
    out.println("\u2717 " + text);
  }
}
