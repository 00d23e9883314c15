package dev.geminipi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.ConfigLoader;
import dev.geminipi.live.EndpointProbe;
import dev.geminipi.live.SessionProbe;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.SelfSignedTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock and endpoint lines of {@code gemini-pi check}, with the clock and TLS trust injected. */
class CheckCommandTest {
  private static final Clock SANE = Clock.fixed(Instant.parse("2026-12-06T22:58:24.750Z"),
      ZoneOffset.UTC);
  private static final Map<String, String> KEY = Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY);

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong sessionNanos = new AtomicLong();
  private FakeLiveServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  /** Each reading of the probe's time source is 7 ms after the one before. */
  private EndpointProbe probe(SSLSocketFactory tls) {
    return new EndpointProbe(tls, () -> nanos.getAndAdd(7_000_000), 5_000);
  }

  private boolean check(Map<String, String> env, Clock clock, EndpointProbe probe,
      String endpoint) throws Exception {
    return check(env, clock, probe, "\"endpoint\": \"" + endpoint + "\"", "");
  }

  /** {@code gemini} holds the gemini section's members; {@code more} more sections. */
  private boolean check(Map<String, String> env, Clock clock, EndpointProbe probe,
      String gemini, String more) throws Exception {
    Path c = dir.resolve("config.json");
    Files.writeString(c, "{\"gemini\": {" + gemini + "}, "
        + "\"gpio\": {\"provider\": \"mock\"}, \"camera\": {\"mode\": \"off\"}" + more + "}");
    CheckCommand.ConfigState state = new CheckCommand.ConfigState(
        new ConfigLoader(w -> { }).load(c), c.toString(), List.of());
    return new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), env, clock, probe,
        new SessionProbe(() -> sessionNanos.getAndAdd(12_000_000))).run(state);
  }

  /** The one line of the output that starts with the mark and this text. */
  private String lineStarting(String mark, String text) {
    List<String> found = out.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith(mark + " " + text)).toList();
    assertEquals(1, found.size(), out.toString(StandardCharsets.UTF_8));
    return found.get(0);
  }

  /** The one line of the output that starts with the mark and this subject. */
  private String line(String subject) {
    List<String> found = out.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.substring(2).startsWith(subject + ":")).toList();
    assertEquals(1, found.size(), out.toString(StandardCharsets.UTF_8));
    return found.get(0);
  }

  @Test
  void clock_beforeReleaseFloor_crossWithTheFix() throws Exception {
    Clock unset = Clock.fixed(Instant.parse("1970-01-01T00:02:13Z"), ZoneOffset.UTC);
    assertFalse(check(Map.of(), unset, probe(null), "ws://127.0.0.1:9"));
    assertEquals("\u2717 clock: the system time is 1970-01-01T00:02:13Z, before this release; "
        + "TLS will fail until it is right: check NTP with 'timedatectl status'", line("clock"));
  }

  @Test
  void clock_sane_tickWithTheTimeToTheSecond() throws Exception {
    check(Map.of(), SANE, probe(null), "ws://127.0.0.1:9");
    assertEquals("\u2713 clock: 2026-12-06T22:58:24Z", line("clock"));
  }

  @Test
  void endpoint_wssWithTrustedCert_answersAndTheServerGetsTheKeyInsideTls() throws Exception {
    SelfSignedTls tls = SelfSignedTls.create(dir);
    server = FakeLiveServer.startTls(tls.server());
    assertTrue(server.endpoint().startsWith("wss://127.0.0.1:"), server.endpoint());
    check(KEY, SANE, probe(tls.trusting()), server.endpoint());
    assertEquals("\u2713 endpoint: wss://127.0.0.1 answered the WebSocket handshake in 7 ms",
        line("endpoint"));
    // The server speaks only TLS, so a header it read came through the TLS session.
    FakeLiveServer.Handshake h = server.takeHandshake();
    assertEquals(FakeLiveServer.API_KEY, h.headers().get("x-goog-api-key"));
    assertEquals("/ws/google.ai.generativelanguage.v1beta.GenerativeService."
        + "BidiGenerateContent", h.path());
    assertFalse(h.path().contains(FakeLiveServer.API_KEY));
    assertTrue(server.history().isEmpty(), "check must send nothing: " + server.history());
  }

  @Test
  void endpoint_wssWithUntrustedCert_namesTheTlsFailureAndTheKeyIsNeverSent() throws Exception {
    server = FakeLiveServer.startTls(SelfSignedTls.create(dir).server());
    assertFalse(check(KEY, SANE, probe((SSLSocketFactory) SSLSocketFactory.getDefault()),
        server.endpoint()));
    assertEquals("\u2717 endpoint: TLS failed: the server's certificate is not signed by an "
        + "authority this system trusts; check the clock and the network", line("endpoint"));
    assertEquals(0, server.connectionCount());
  }

  @Test
  void endpoint_wssCertForAnotherName_saysSoAndTheKeyIsNeverSent() throws Exception {
    SelfSignedTls tls = SelfSignedTls.create(dir);
    server = FakeLiveServer.startTls(tls.server());
    String byName = server.endpoint().replace("127.0.0.1", "localhost");
    assertFalse(check(KEY, SANE, probe(tls.trusting()), byName));
    assertEquals("\u2717 endpoint: TLS failed: the server's certificate is for another name "
        + "(No name matching localhost found); check the clock and the network",
        line("endpoint"));
    assertEquals(0, server.connectionCount());
  }

  @Test
  void key_acceptedBySetupComplete_tickWithTheTimeThenACleanClose() throws Exception {
    server = FakeLiveServer.start();
    assertTrue(check(KEY, SANE, probe(null), server.endpoint()), out.toString());
    assertEquals("\u2713 key accepted by the service (session ready in 12 ms)",
        lineStarting("\u2713", "key"));
    assertEquals("setup", server.takeMessage().kind());
    assertEquals(1, server.takeClientClose()); // the endpoint's handshake
    assertEquals(2, server.takeClientClose()); // the session, closed by the check, not cut
    assertEquals(List.of("setup"), server.history().stream().map(r -> r.kind()).toList());
  }

  @Test
  void key_refusedAfterTheSetup_crossSaysSoWithTheFix() throws Exception {
    server = FakeLiveServer.start();
    assertFalse(check(Map.of("GEMINI_API_KEY", "wrong-key-not-a-secret"), SANE, probe(null),
        server.endpoint()));
    // The upgrade went through: only the session shows the key is refused.
    assertTrue(line("endpoint").startsWith("\u2713 endpoint: ws://127.0.0.1 answered"));
    assertEquals("\u2717 session refused: the service refused the API key; check GEMINI_API_KEY "
        + "in /etc/gemini-pi/env (close 1008)", lineStarting("\u2717", "session"));
    server.takeRefusal();
    server.takeRefusal(); // the model-less probe's and the session's: both refused
  }

  @Test
  void model_unknownToTheService_crossNamesTheModelKey() throws Exception {
    server = FakeLiveServer.start();
    assertFalse(check(KEY, SANE, probe(null), "\"endpoint\": \"" + server.endpoint()
        + "\", \"model\": \"models/gemini-0-nonexistent\"", ""));
    assertEquals("\u2717 session refused: the model was not found (1008: "
        + "models/gemini-0-nonexistent is not found for API version v1beta, or is not supported "
        + "for bidiGenerateContent. Call ListMode); check gemini.model, e.g. "
        + "\"models/gemini-3.8-live\"", lineStarting("\u2717", "session"));
    assertTrue(server.takeRefusal().startsWith("1008 models/gemini-0-nonexistent"));
  }

  @Test
  void quota_usedUp_crossSaysWaitOrCheckThePlan_andTriesOnce() throws Exception {
    server = FakeLiveServer.start(FakeLiveServer.Policy.QUOTA_EXCEEDED);
    assertFalse(check(KEY, SANE, probe(null), server.endpoint()));
    assertEquals("\u2717 session refused: the service says the quota is used up (1011: You "
        + "exceeded your current quota, please check your plan and billing details. "
        + "RESOURCE_EXHAUSTED); wait, or check the plan and rate limits of the key's project in "
        + "Google AI Studio", lineStarting("\u2717", "session"));
    assertEquals(2, server.connectionCount()); // the endpoint's and one session: no retry
    assertTrue(server.takeRefusal().startsWith("1011 You exceeded your current quota"));
  }
}
