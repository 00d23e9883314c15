package dev.geminipi.testkit;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.conversation.Conversation;
import dev.geminipi.conversation.Event;
import dev.geminipi.conversation.EventQueue;
import dev.geminipi.conversation.MicRouter;
import dev.geminipi.conversation.Ports;
import dev.geminipi.conversation.SessionPort;
import dev.geminipi.daemon.LiveSessionPort;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The conversation state machine wired as the daemon wires it, stepped one event at a time by
 * the test (STYLE 28): the one scaffold every conversation test builds on. The speaker, the
 * microphone's thread, the timers and the clock are the test's; the session is either a real
 * {@link LiveSession} against a {@link FakeLiveServer} ({@link #live}), or a
 * {@link RecordingSession} with no socket at all ({@link #socketFree}), for stepping any order
 * of server events without waiting.
 */
public final class ConversationScaffold implements AutoCloseable {
  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final RecordingPlayback playback = new RecordingPlayback();
  private final ManualTimers timers = new ManualTimers();
  private final ScriptedMicrophone microphone = new ScriptedMicrophone();
  private final RecordingTools tools = new RecordingTools();
  private final List<Conversation.State> led = new CopyOnWriteArrayList<>();
  private final EventQueue queue = new EventQueue();
  private final ScheduledExecutorService scheduler;
  private final FakeLiveServer server;
  private final LiveSession session;
  private final RecordingSession recording;
  private final SessionPort port;
  private final MicRouter mic;
  private final Conversation conversation;

  /** A real session against {@code server}, which the scaffold closes with itself. */
  public static Builder live(FakeLiveServer server) {
    return new Builder(server, server.endpoint(), false);
  }

  /** A real session dialling {@code endpoint} (a closed port, an unresolvable host, …). */
  public static Builder live(String endpoint) {
    return new Builder(null, endpoint, false);
  }

  /** No socket: the session is a {@link RecordingSession}; server events are posted. */
  public static Builder socketFree() {
    return new Builder(null, "ws://127.0.0.1:9", true);
  }

  /** The config file's text and what the session needs besides; {@link #start} builds it. */
  public static final class Builder {
    private final FakeLiveServer server;
    private final String endpoint;
    private final boolean socketFree;
    private String model = "";
    private int setupTimeoutMs = 2000;
    private String gemini = "";
    private String sections = "";
    private RandomGenerator random = new Random(1);
    private LiveSession.Limits limits = LiveSession.Limits.defaults();

    private Builder(FakeLiveServer server, String endpoint, boolean socketFree) {
      this.server = server;
      this.endpoint = endpoint;
      this.socketFree = socketFree;
    }

    /** {@code gemini.model}; the config's default if never set. */
    public Builder model(String m) {
      model = m;
      return this;
    }

    public Builder setupTimeoutMs(int ms) {
      setupTimeoutMs = ms;
      return this;
    }

    /** More members of the gemini section, each with its leading comma. */
    public Builder gemini(String members) {
      gemini = members;
      return this;
    }

    /** More sections of the file after gemini, each with its leading comma. */
    public Builder sections(String members) {
      sections = members;
      return this;
    }

    /** The session's backoff jitter. */
    public Builder random(RandomGenerator r) {
      random = r;
      return this;
    }

    public Builder limits(LiveSession.Limits l) {
      limits = l;
      return this;
    }

    String configJson() {
      return "{\"gemini\": {\"endpoint\": \"" + endpoint + "\""
          + (model.isEmpty() ? "" : ", \"model\": \"" + model + "\"")
          + ", \"setupTimeoutMs\": " + setupTimeoutMs + gemini + "}" + sections + "}";
    }

    public ConversationScaffold start() throws Exception {
      return new ConversationScaffold(this);
    }
  }

  private ConversationScaffold(Builder b) throws Exception {
    Config config = new ConfigLoader(w -> { }).parse(b.configJson(), "test.json");
    server = b.server;
    if (b.socketFree) {
      scheduler = null;
      session = null;
      recording = new RecordingSession();
      port = recording;
    } else {
      scheduler = Executors.newSingleThreadScheduledExecutor();
      session = new LiveSession(config.gemini(), List.of(),
          Credential.of(FakeLiveServer.API_KEY), e -> queue.post(new Event.FromServer(e)),
          scheduler, b.random, b.limits);
      recording = null;
      port = new LiveSessionPort(session);
    }
    mic = new MicRouter(port, queue, timers::nanoTime); // one clock, as the daemon has
    mic.attach(microphone);
    conversation = new Conversation(config, queue, port, mic, playback, tools, led::add,
        Ports.Eyes.NONE, timers, timers::nanoTime);
  }

  public Conversation conversation() {
    return conversation;
  }

  public Conversation.State state() {
    return conversation.state();
  }

  public MicRouter mic() {
    return mic;
  }

  public RecordingPlayback playback() {
    return playback;
  }

  public ManualTimers timers() {
    return timers;
  }

  public ScriptedMicrophone microphone() {
    return microphone;
  }

  public RecordingTools tools() {
    return tools;
  }

  /** Every state the LED was asked to show, in order. */
  public List<Conversation.State> led() {
    return List.copyOf(led);
  }

  /** The session port the machine and the microphone use. */
  public SessionPort port() {
    return port;
  }

  /** The real session; only for {@link #live} scaffolds. */
  public LiveSession session() {
    if (session == null) {
      throw new IllegalStateException("a socket-free scaffold has no LiveSession");
    }
    return session;
  }

  /** The recording session; only for {@link #socketFree} scaffolds. */
  public RecordingSession recording() {
    if (recording == null) {
      throw new IllegalStateException("a live scaffold records on its FakeLiveServer");
    }
    return recording;
  }

  public void post(Event e) {
    conversation.post(e);
  }

  /**
   * Handles every event already queued, and those they post, without waiting: for socket-free
   * scaffolds, where nothing arrives from another thread.
   */
  public void stepAll() throws InterruptedException {
    for (int i = 0; !queue.isEmpty(); i++) {
      if (i == 10_000) {
        throw new AssertionError("events keep coming; state " + conversation.state());
      }
      conversation.processNext(0);
    }
  }

  /** Posts these events (socket-free: the session's reports) and handles them all. */
  public void step(Event... events) throws InterruptedException {
    for (Event e : events) {
      queue.post(e);
    }
    stepAll();
  }

  /** Posts these server events, as the session would, and handles them all. */
  public void fromServer(ServerEvent... events) throws InterruptedException {
    for (ServerEvent e : events) {
      queue.post(new Event.FromServer(e));
    }
    stepAll();
  }

  /** Socket-free: the session reports setupComplete and is ready from now on. */
  public void setupComplete(boolean resumed) throws InterruptedException {
    recording().ready(true);
    fromServer(new ServerEvent.SetupComplete(Optional.empty(), resumed));
  }

  /** Steps the machine until {@code done}, waiting for events from other threads; 5 s at most. */
  public void stepUntil(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not " + what + " within 5 s; state " + conversation.state());
      }
      conversation.processNext(STEP_NANOS);
    }
  }

  public void stepUntil(Conversation.State s) throws InterruptedException {
    stepUntil(s.toString(), () -> conversation.state() == s);
  }

  /** A control-socket request; steps the machine until it is answered. */
  public JsonObject control(String json) throws Exception {
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    conversation.post(new Event.Control(Json.parse(json).asObject(), reply));
    stepUntil("answered", reply::isDone);
    return reply.get();
  }

  /** Every event posted so far has been handled: a status request queues behind them. */
  public void handled() throws Exception {
    control("{\"cmd\":\"status\"}");
  }

  /** A talk command; the microphone then hands over its (empty) pre-roll, as it does. */
  public JsonObject talk() throws Exception {
    JsonObject reply = control("{\"cmd\":\"talk\"}");
    mic.onPreRoll(new byte[0], 0, true);
    return reply;
  }

  /** Talk, and the session is set up: listening. */
  public void listening() throws Exception {
    talk();
    if (recording != null) {
      setupComplete(false);
    } else {
      server().takeMessage("setup");
      stepUntil(Conversation.State.LISTENING);
    }
  }

  /** Steps the machine until the server got a message of this kind, then takes it. */
  public Received stepUntilServerGot(String kind) throws InterruptedException {
    FakeLiveServer s = server();
    stepUntil("server got " + kind, () -> s.history().stream()
        .anyMatch(r -> r.kind().equals(kind)));
    return s.takeMessage(kind);
  }

  private FakeLiveServer server() {
    if (server == null) {
      throw new IllegalStateException("this scaffold was not given a FakeLiveServer");
    }
    return server;
  }

  /** 20 ms of silence with a marker in its first sample. */
  public static byte[] chunk(int marker) {
    byte[] pcm = new byte[640];
    pcm[0] = (byte) marker;
    pcm[1] = 1;
    return pcm;
  }

  /** Closes the session, then the server it was given (which checks nothing is left over). */
  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }
}
