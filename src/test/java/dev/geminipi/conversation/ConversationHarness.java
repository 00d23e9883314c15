package dev.geminipi.conversation;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.daemon.LiveSessionPort;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ManualTimers;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.RecordingPlayback;
import dev.geminipi.testkit.ScriptedMicrophone;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The state machine with a real LiveSession, wired as the daemon wires it, stepped one event
 * at a time by the test (STYLE 28); the speaker and the microphone's thread are the test's.
 */
final class ConversationHarness implements AutoCloseable {
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final RecordingPlayback playback = new RecordingPlayback();
  final ManualTimers timers = new ManualTimers();
  final ScriptedMicrophone microphone = new ScriptedMicrophone();
  final LiveSession session;
  final MicRouter mic;
  final Conversation conversation;

  /** {@code configJson} is the whole config file; its endpoint names the fake server. */
  ConversationHarness(String configJson, Ports.Actuators tools, Ports.Indicator led,
      RandomGenerator random) throws Exception {
    this(configJson, tools, led, random, LiveSession.Limits.defaults());
  }

  ConversationHarness(String configJson, Ports.Actuators tools, Ports.Indicator led,
      RandomGenerator random, LiveSession.Limits limits) throws Exception {
    Config config = new ConfigLoader(w -> { }).parse(configJson, "test.json");
    EventQueue queue = new EventQueue();
    session = new LiveSession(config.gemini(), List.of(), Credential.of(FakeLiveServer.API_KEY),
        e -> queue.post(new Event.FromServer(e)), scheduler, random, limits);
    SessionPort port = new LiveSessionPort(session);
    mic = new MicRouter(port, queue, timers::nanoTime); // one clock, as the daemon has
    mic.attach(microphone);
    conversation = new Conversation(config, queue, port, mic, playback, tools, led,
        Ports.Eyes.NONE, timers, timers::nanoTime);
  }

  void stepUntil(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not " + what + " within 5 s; state " + conversation.state());
      }
      conversation.processNext(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  void stepUntil(Conversation.State s) throws InterruptedException {
    stepUntil(s.toString(), () -> conversation.state() == s);
  }

  JsonObject control(String json) throws Exception {
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    conversation.post(new Event.Control(Json.parse(json).asObject(), reply));
    stepUntil("answered", reply::isDone);
    return reply.get();
  }

  /** A talk command; the microphone then hands over its (empty) pre-roll, as it does. */
  JsonObject talk() throws Exception {
    JsonObject reply = control("{\"cmd\":\"talk\"}");
    mic.onPreRoll(new byte[0], 0, true);
    return reply;
  }

  /** Steps the machine until the server got a message of this kind, then takes it. */
  Received stepUntilServerGot(FakeLiveServer server, String kind) throws InterruptedException {
    stepUntil("server got " + kind, () -> server.history().stream()
        .anyMatch(r -> r.kind().equals(kind)));
    return server.takeMessage(kind);
  }

  /** 20 ms of silence with a marker in its first sample. */
  static byte[] chunk(int marker) {
    byte[] pcm = new byte[640];
    pcm[0] = (byte) marker;
    pcm[1] = 1;
    return pcm;
  }

  @Override
  public void close() {
    session.close();
    scheduler.shutdownNow();
  }
}
