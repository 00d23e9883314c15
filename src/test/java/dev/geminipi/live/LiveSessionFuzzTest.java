package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Fuzz;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A few hundred hostile frames from FakeLiveServer into a live session (issue 7): no thread
 * dies, nothing is logged at ERROR, the heap does not grow, the connection survives every
 * frame that the verdict does not close for, and a frame over the 16 MiB limit costs one
 * reconnect with the handle kept.
 */
class LiveSessionFuzzTest {
  private static final long SEED = ServerEventDecoderFuzzTest.SEED;
  private static final String SENTINEL = "sentinel after the fuzz";

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "test-live-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private final AtomicLong eventCount = new AtomicLong();
  /** Only the events a test waits for; the rest are counted, so the heap measures the session. */
  private final BlockingQueue<ServerEvent> notable = new LinkedBlockingQueue<>();
  private final ServerEventDecoder localDecoder = new ServerEventDecoder();
  private final CountDownLatch firstHandle = new CountDownLatch(1);
  private Thread.UncaughtExceptionHandler previousHandler;
  private LogCapture logs;
  private FakeLiveServer server;
  private LiveSession session;

  @BeforeEach
  void setUp() {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    logs = LogCapture.open();
    server = FakeLiveServer.start();
    GeminiConfig gemini = dev.geminipi.testkit.GeminiConfigBuilder.gemini().endpoint(server.endpoint())
        .setupTimeoutMs(2000).build();
    scheduler.setRemoveOnCancelPolicy(true);
    session = new LiveSession(gemini, List.of(), Credential.of(FakeLiveServer.API_KEY), e -> {
      eventCount.incrementAndGet();
      if (e instanceof ServerEvent.ResumptionUpdate u && u.resumable()) {
        firstHandle.countDown();
      }
      if (e instanceof ServerEvent.SetupComplete || e instanceof ServerEvent.Closed
          || (e instanceof ServerEvent.Text t && t.text().equals(SENTINEL))) {
        notable.add(e);
      }
    }, scheduler, () -> 0L, LiveSession.Limits.defaults());
    session.open(false);
    server.takeMessage("setup");
    take(ServerEvent.SetupComplete.class);
  }

  @AfterEach
  void tearDown() {
    session.close();
    server.close();
    scheduler.shutdownNow();
    logs.close();
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }

  private <T extends ServerEvent> T take(Class<T> type) {
    try {
      ServerEvent e = notable.poll(10, TimeUnit.SECONDS);
      if (!type.isInstance(e)) {
        throw new AssertionError("expected " + type.getSimpleName() + ", got " + e);
      }
      return type.cast(e);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** Everything before the sentinel has been decoded and delivered once it arrives. */
  private void sentinelArrives() {
    server.send(ServerMessages.text(SENTINEL));
    take(ServerEvent.Text.class);
  }

  private void assertAudioFlows(int marker) {
    byte[] pcm = new byte[640];
    pcm[0] = (byte) marker;
    assertTrue(session.sendAudio(pcm, 0, pcm.length));
    Received r;
    do {
      r = server.takeMessage("realtimeInput.audio");
    } while (r.data()[0] != (byte) marker);
  }

  private void assertNothingBroke() {
    assertTrue(uncaught.isEmpty(), "uncaught: " + uncaught);
    List<String> errors = logs.lines().stream().filter(l -> l.startsWith("ERROR")).toList();
    assertTrue(errors.isEmpty(), "logged at ERROR: " + errors);
  }

  /** A frame a session should survive on the same connection: no goAway, which moves it. */
  private boolean keepsTheConnection(byte[] frame) {
    return localDecoder.decode(ByteBuffer.wrap(frame)).stream()
        .noneMatch(e -> e instanceof ServerEvent.GoAway);
  }

  private List<byte[]> hostileFrames(Random r) throws Exception {
    List<String> seeds = ServerEventDecoderFuzzTest.seeds();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      out.add(Fuzz.mutate(seeds.get(r.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8),
          r));
    }
    for (int i = 0; i < 150; i++) {
      JsonValue root = Json.parse(seeds.get(r.nextInt(seeds.size())));
      List<Fuzz.Site> sites = Fuzz.sites(root);
      if (sites.isEmpty()) {
        continue;
      }
      Fuzz.Site site = sites.get(r.nextInt(sites.size()));
      JsonValue with = ServerEventDecoderFuzzTest.REPLACEMENTS.get(
          r.nextInt(ServerEventDecoderFuzzTest.REPLACEMENTS.size()));
      out.add(Fuzz.replace(root, site, with).toString().getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < 50; i++) {
      byte[] valid = seeds.get(r.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
      byte[] bad = ServerEventDecoderFuzzTest.NOT_UTF8[r.nextInt(
          ServerEventDecoderFuzzTest.NOT_UTF8.length)];
      byte[] frame = java.util.Arrays.copyOf(valid, valid.length + bad.length);
      System.arraycopy(bad, 0, frame, valid.length / 2, bad.length);
      System.arraycopy(valid, valid.length / 2, frame, valid.length / 2 + bad.length,
          valid.length - valid.length / 2);
      out.add(frame);
    }
    for (int i = 0; i < 50; i++) {
      byte[] b = new byte[r.nextInt(4096)];
      r.nextBytes(b);
      out.add(b);
    }
    return out;
  }

  @Test
  void hostileFrames_sessionSurvivesOnTheSameConnectionAndHeapIsFlat() throws Exception {
    Random r = new Random(SEED);
    List<byte[]> frames = hostileFrames(r);
    int sent = 0;
    int half = frames.size() / 2;
    long heapBefore = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (i == half) {
        sentinelArrives();
        heapBefore = Fuzz.heapAfterGc();
      }
      byte[] frame = frames.get(i);
      if (!keepsTheConnection(frame)) {
        continue;
      }
      if (r.nextBoolean() || !isUtf8(frame)) {
        server.sendRawBytes(frame);
      } else {
        server.sendRaw(new String(frame, StandardCharsets.UTF_8), false);
      }
      sent++;
    }
    sentinelArrives();
    long grewBytes = Fuzz.heapAfterGc() - heapBefore;
    assertTrue(sent > 400, "only " + sent + " frames sent");
    assertTrue(grewBytes < (8 << 20), "heap grew by " + (grewBytes >> 10) + " KiB");
    assertEquals(1, server.connectionCount());
    assertTrue(session.isReady());
    assertTrue(notable.isEmpty(), "the session closed or restarted: " + notable);
    assertAudioFlows(1);
    assertNothingBroke();
  }

  @Test
  void hugeFrames_upTo16MiB_areDecodedOnTheSameConnection() {
    byte[] pcm = new byte[4 << 20];
    new Random(SEED).nextBytes(pcm);
    server.sendRaw(ServerMessages.pretty(ServerMessages.audio(pcm)), false);
    server.sendRaw("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":\""
        + "!".repeat(6 << 20) + "\"}}]}}}", true);
    server.sendRaw("[".repeat(100_000) + "]".repeat(100_000), true);
    server.sendRawBytes(ServerEventDecoderFuzzTest.frameOf(16 << 20));
    sentinelArrives();
    assertEquals(1, server.connectionCount());
    assertAudioFlows(2);
    assertNothingBroke();
  }

  @Test
  void frameOver16MiB_closes1009AndResumesWithTheHandle() throws InterruptedException {
    assertTrue(firstHandle.await(5, TimeUnit.SECONDS), "no resumption handle within 5 s");
    String handle = session.handle();
    server.sendRawBytes(ServerEventDecoderFuzzTest.frameOf((16 << 20) + 1));
    ServerEvent.Closed closed = take(ServerEvent.Closed.class);
    assertEquals(1009, closed.code());
    assertEquals("a message from the service was over 16 MiB (1009); reconnecting",
        closed.explanation());
    assertTrue(closed.willReconnect());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(5));
    assertEquals(2, setup.connection());
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle",
        ""));
    assertTrue(take(ServerEvent.SetupComplete.class).resumed());
    assertAudioFlows(3);
    assertNothingBroke();
  }

  private static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
