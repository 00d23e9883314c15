package dev.geminipi.testkit;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * A strict, scriptable Gemini Live server on loopback: MockWebServer for Live (STYLE 26).
 * Strict like the real one (docs/protocol.md §11): a setup with an unknown field, a
 * message before setupComplete, two top-level fields, {@code config} instead of
 * {@code setup}, an unknown model or resumption handle are refused with the service's
 * close codes. It answers in pretty-printed JSON in binary frames unless told otherwise,
 * and records every message for {@link #takeMessage}.
 */
public final class FakeLiveServer implements AutoCloseable {
  /** Ways to misbehave or to deviate from the defaults; each costs one line in a test. */
  public enum Policy {
    /** Never answer the setup. */
    NO_SETUP_COMPLETE,
    /** Refuse every setup the way the service does when the key's project is over its quota. */
    QUOTA_EXCEEDED,
    /** Send text frames instead of the service's binary frames. */
    TEXT_FRAMES,
    /** Stop reading from the client once the session is set up. */
    STALL,
    /** Send no sessionResumptionUpdate on its own. */
    NO_RESUMPTION_UPDATES,
    /** Accept a toolResponse for ids that were never issued. */
    LENIENT_TOOL_IDS,
    /**
     * Keep no realtimeInput.audio in {@link #history} or for {@link #takeMessage}: a run that
     * streams for minutes would hold every chunk. {@link #react} still sees each one.
     */
    RECORD_NO_AUDIO
  }

  /** The upgrade request of one connection. */
  public record Handshake(int connection, String path, Map<String, String> headers) {
  }

  public static final String API_KEY = "test-key-not-a-secret-0123456789";
  public static final String TOKEN = "auth_tokens/test-token-0123456789";
  /** How often {@link #redemandWrites} looks for frames the server forgot to write. */
  private static final long REDEMAND_MS = 20;
  static final Set<String> MODELS = Set.of("models/gemini-3.8-live",
      "models/gemini-3.8-live-extended-thinking", "models/gemini-3.1-flash-live-preview",
      "models/gemini-2.5-flash-native-audio-preview-12-2025",
      "models/gemini-2.5-flash-native-audio-latest");

  private final Server server;
  private final boolean tls;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-live-timer");
    t.setDaemon(true);
    return t;
  });
  // Tests change policies while server threads read them.
  private final Set<Policy> policies = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<Received> history = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
  private final BlockingQueue<LiveRules.Rejection> rejections = new LinkedBlockingQueue<>();
  private final BlockingQueue<Integer> clientCloses = new LinkedBlockingQueue<>();
  private final Set<String> issuedHandles = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger seq = new AtomicInteger();
  private final AtomicInteger handleCounter = new AtomicInteger();
  private final Object setupLock = new Object();
  private final java.util.concurrent.atomic.AtomicBoolean holdSetup =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
  private final AtomicInteger callCounter = new AtomicInteger();
  private final Map<Integer, WebSocket> open = new java.util.concurrent.ConcurrentHashMap<>();
  private final CountDownLatch unstall = new CountDownLatch(1);
  private final Object closeSignal = new Object();
  private volatile Consumer<Received> reactor = r -> { };
  private volatile WebSocket newest;

  private FakeLiveServer(int port, boolean tls) {
    server = new Server(port);
    this.tls = tls;
  }

  /** Starts on a free loopback port and returns once it accepts connections. */
  public static FakeLiveServer start(Policy... policies) {
    return startOn(0, policies);
  }

  /** Starts on this loopback port (0: a free one), e.g. one a client was refused on before. */
  public static FakeLiveServer startOn(int port, Policy... policies) {
    return launch(port, null, policies);
  }

  /** Starts behind TLS with this context's key: the endpoint is {@code wss://127.0.0.1:PORT}. */
  public static FakeLiveServer startTls(SSLContext tls, Policy... policies) {
    return launch(0, tls, policies);
  }

  private static FakeLiveServer launch(int port, SSLContext tls, Policy... policies) {
    FakeLiveServer s = new FakeLiveServer(port, tls != null);
    if (tls != null) {
      s.server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls));
    }
    s.policies.addAll(List.of(policies));
    s.server.setReuseAddr(true);
    s.server.setDaemon(true);
    s.server.start();
    try {
      if (!s.server.started.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("fake server did not start within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    s.timers.scheduleWithFixedDelay(s::redemandWrites, REDEMAND_MS, REDEMAND_MS,
        TimeUnit.MILLISECONDS);
    return s;
  }

  /**
   * Java-WebSocket 1.6.0's server can lose a write: a worker thread that queues a frame sets
   * OP_WRITE on the key while the selector thread, having just emptied that connection's queue,
   * sets it back to OP_READ ({@code WebSocketServer.onWriteDemand} against {@code doWrite}). The
   * frame then waits for the next send, for ever if none comes: the soak in bench/ met it about
   * once in 2,000 conversations, as a setupComplete that never arrived. Raising the demand again
   * for every connection that still has frames queued bounds that wait to this period. The
   * daemon's side is a Java-WebSocket client, which writes from its own blocking thread and has
   * no such race.
   */
  private void redemandWrites() {
    for (WebSocket c : server.getConnections()) {
      if (c instanceof WebSocketImpl impl && !impl.outQueue.isEmpty()) {
        try {
          server.onWriteDemand(impl);
        } catch (RuntimeException e) {
          // not registered with the selector yet, or closing: its own write comes or none is due
        }
      }
    }
  }

  /** What {@code gemini.endpoint} should say to reach this server. */
  public String endpoint() {
    return (tls ? "wss" : "ws") + "://127.0.0.1:" + server.getPort();
  }

  public void addPolicy(Policy p) {
    policies.add(p);
  }

  /** Ends a misbehaviour for connections that come after, e.g. answers setups again. */
  public void removePolicy(Policy p) {
    policies.remove(p);
  }

  /** Called on the server's thread for every accepted message, after it is recorded. */
  public void react(Consumer<Received> r) {
    reactor = r;
  }

  public int connectionCount() {
    return connections.get();
  }

  /** The next client message, waiting up to 5 s. */
  public Received takeMessage() {
    return takeMessage(Duration.ofSeconds(5));
  }

  public Received takeMessage(Duration timeout) {
    Received r = poll(received, timeout);
    if (r == null) {
      throw new AssertionError("no client message within " + timeout.toMillis() + " ms");
    }
    return r;
  }

  /** The next message of this kind, passing over others (audio floods the queue). */
  public Received takeMessage(String kind) {
    return takeMessage(kind, Duration.ofSeconds(5));
  }

  public Received takeMessage(String kind, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Received r = left <= 0 ? null : poll(received, Duration.ofNanos(left));
      if (r == null) {
        throw new AssertionError("no " + kind + " message within " + timeout.toMillis()
            + " ms; got " + kinds(history));
      }
      if (r.kind().equals(kind)) {
        return r;
      }
    }
  }

  /** Every message so far, in order of arrival. */
  public List<Received> history() {
    return List.copyOf(history);
  }

  public Handshake takeHandshake() {
    Handshake h = poll(handshakes, Duration.ofSeconds(5));
    if (h == null) {
      throw new AssertionError("no connection within 5 s");
    }
    return h;
  }

  /** A close this server made because the client broke a rule. */
  public LiveRules.Rejection takeRejection() {
    LiveRules.Rejection r = poll(rejections, Duration.ofSeconds(5));
    if (r == null) {
      throw new AssertionError("the server refused nothing within 5 s");
    }
    return r;
  }

  /**
   * The connection the client closed next, waiting up to 5 s. Only which one: Java-WebSocket
   * clients cut TCP right after their close frame, so the server may see 1000 or 1006.
   */
  public int takeClientClose() {
    Integer connection = poll(clientCloses, Duration.ofSeconds(5));
    if (connection == null) {
      throw new AssertionError("the client closed no connection within 5 s");
    }
    return connection;
  }

  /** The next refusal as "code reason", for tests outside this package. */
  public String takeRefusal() {
    LiveRules.Rejection r = takeRejection();
    return r.code() + " " + r.reason();
  }

  public Optional<LiveRules.Rejection> pollRejection() {
    return Optional.ofNullable(rejections.poll());
  }

  /** Sends a message on the newest connection, in order with the server's own messages. */
  public void send(JsonObject message) {
    synchronized (setupLock) {
      send(requireNewest(), message);
    }
  }

  /** Sends a message on this connection (1 for the first), for runs with several clients. */
  public void sendTo(int connection, JsonObject message) {
    WebSocket c = open.get(connection);
    if (c == null || !c.isOpen()) {
      throw new IllegalStateException("connection " + connection + " is not open");
    }
    synchronized (setupLock) {
      send(c, message);
    }
  }

  /** Sends raw frame text, for malformed-input tests. */
  public void sendRaw(String text, boolean binary) {
    WebSocket c = requireNewest();
    if (binary) {
      c.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } else {
      c.send(text);
    }
  }

  public void sendRawBytes(byte[] bytes) {
    requireNewest().send(ByteBuffer.wrap(bytes));
  }

  /** A toolCall with fresh ids {@code function-call-<n>}; returns the ids. */
  public List<String> sendToolCall(String name, String argsJson) {
    String id = "function-call-" + callCounter.incrementAndGet();
    state(requireNewest()).pendingCalls.add(id);
    send(ServerMessages.toolCall(id, name, argsJson));
    return List.of(id);
  }

  /** Issues a fresh resumable handle on the newest connection and returns it. */
  public String sendResumptionUpdate() {
    synchronized (setupLock) {
      String handle = "handle-" + handleCounter.incrementAndGet();
      issuedHandles.add(handle);
      send(ServerMessages.resumptionUpdate(handle, true));
      return handle;
    }
  }

  /** Forgets every handle issued so far, as the service does after two hours (§8). */
  public void forgetHandles() {
    issuedHandles.clear();
  }

  /** goAway with this much time left, then close 1011 at the deadline like the service. */
  public void goAway(Duration timeLeft) {
    WebSocket c = requireNewest();
    send(c, ServerMessages.goAway(timeLeft));
    timers.schedule(() -> {
      if (c.isOpen()) {
        closeWithHandshake(c, 1011, "Deadline expired before operation could complete.");
      }
    }, timeLeft.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes the newest connection with a close frame, as {@link #closeWithHandshake} does. */
  public void closeConnection(int code, String reason) {
    closeWithHandshake(requireNewest(), code, reason);
  }

  /** Drops the newest connection without a close frame, as a lost network does. */
  public void abortConnection() {
    requireNewest().closeConnection(1006, "");
  }

  /**
   * Drops every message, handshake and client close recorded so far, so a long run in one
   * process (the soak in {@code bench/}) holds only what the current conversation sent.
   */
  public void forget() {
    received.clear();
    history.clear();
    handshakes.clear();
    clientCloses.clear();
  }

  /**
   * Waits until no connection is open on the server side, its socket closed: what a client
   * that has hung up leaves behind.
   */
  public void awaitNoConnections(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (closeSignal) {
      int open;
      while ((open = server.getConnections().size()) > 0) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
          throw new AssertionError(open + " connection(s) still open after "
              + timeout.toMillis() + " ms");
        }
        try {
          closeSignal.wait(leftMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for connections to close");
        }
      }
    }
  }

  /** Lets a {@link Policy#STALL}ed server read again. */
  public void unstall() {
    unstall.countDown();
  }

  /**
   * Stops the server, then checks what MockWebServer's recorder checks in teardown: nothing
   * unexpected is left. A refusal no test took ({@link #takeRejection}) means the client broke
   * a rule the test did not look at, so it fails the test here rather than pass unseen.
   */
  @Override
  public void close() {
    unstall.countDown();
    timers.shutdownNow();
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<LiveRules.Rejection> left = new ArrayList<>(rejections);
    rejections.clear();
    if (!left.isEmpty()) {
      throw new AssertionError("the strict server refused what no test took: " + left);
    }
  }

  private WebSocket requireNewest() {
    WebSocket c = newest;
    if (c == null || !c.isOpen()) {
      throw new IllegalStateException("no open connection to send on");
    }
    return c;
  }

  private void send(WebSocket c, JsonObject message) {
    String text = ServerMessages.pretty(message);
    try {
      if (policies.contains(Policy.TEXT_FRAMES)) {
        c.send(text);
      } else {
        c.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      }
    } catch (WebsocketNotConnectedException e) {
      // A client that closes right after setupComplete made the resumption update that
      // follows it throw here, logged at ERROR by Java-WebSocket; nobody is left to tell.
    }
  }

  private void reject(WebSocket c, LiveRules.Rejection r) {
    rejections.add(r);
    closeWithHandshake(c, r.code(), r.reason());
  }

  /**
   * Closes the way RFC 6455 §7.1.1 asks of a server: the close frame goes out and TCP is cut
   * only after the client's close frame came back. Java-WebSocket's own {@code close} cuts
   * TCP as soon as its frame is written; audio the client still had in flight is then unread,
   * the kernel answers with a reset, and the client loses the frames before it and the code
   * (it sees 1006). Messages that arrive meanwhile are dropped unread. A client that has not
   * answered after a second gets Java-WebSocket's own close, which still writes out what is
   * queued (our close frame first) before it cuts: a loaded machine may not have written the
   * frame yet, and cutting at once would then lose it.
   */
  private void closeWithHandshake(WebSocket c, int code, String reason) {
    ConnectionState st = state(c);
    if (st != null) {
      st.closedByServer = true;
    }
    CloseFrame frame = new CloseFrame();
    frame.setCode(code);
    frame.setReason(reason);
    try {
      c.sendFrame(frame);
    } catch (WebsocketNotConnectedException e) {
      return;
    }
    try {
      timers.schedule(() -> {
        if (c.isOpen()) {
          c.close(code, reason);
        } else if (!c.isClosed()) {
          c.closeConnection(code, reason);
        }
      }, 1, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      c.closeConnection(code, reason); // the fake is shutting down
    }
  }

  private static <T> T poll(BlockingQueue<T> q, Duration timeout) {
    try {
      return q.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static List<String> kinds(List<Received> list) {
    List<String> out = new ArrayList<>();
    for (Received r : list) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(r.kind())) {
        out.add(r.kind());
      }
    }
    return out;
  }

  private static ConnectionState state(WebSocket c) {
    return c.getAttachment();
  }

  /** What one connection has shown so far. */
  private static final class ConnectionState {
    final int index;
    final boolean constrained;
    volatile boolean closedByServer;
    boolean setupSeen;
    boolean ready;
    boolean manualActivity;
    boolean gemini3;
    /** 3.1 closes on clientContent after the start; 2.5 and 3.8 take it. */
    boolean gemini31;
    boolean resumption;
    final Set<String> pendingCalls = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ConnectionState(int index, boolean constrained) {
      this.index = index;
      this.constrained = constrained;
    }
  }

  private void onMessage(WebSocket c, String text) {
    ConnectionState st = state(c);
    if (st == null || st.closedByServer) {
      return;
    }
    if (st.ready && policies.contains(Policy.STALL)) {
      try {
        unstall.await(); // stops this connection's reads; TCP backpressure does the rest
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    JsonValue parsed;
    try {
      parsed = Json.parse(text);
    } catch (ParseException e) {
      reject(c, LiveRules.invalid("Invalid JSON payload received. " + e.getMessage()));
      return;
    }
    if (!parsed.isObject()) {
      reject(c, LiveRules.invalid("Invalid JSON payload received. Expected an object"));
      return;
    }
    JsonObject message = LiveRules.normalize(parsed.asObject(), "");
    Optional<LiveRules.Rejection> bad = LiveRules.checkEnvelope(message);
    if (bad.isEmpty()) {
      bad = LiveRules.checkFields(message);
    }
    if (bad.isPresent()) {
      reject(c, bad.get());
      return;
    }
    String key = message.names().get(0);
    String kind = key;
    if (key.equals("realtimeInput")) {
      JsonObject body = message.get(key).asObject();
      if (body.size() != 1) {
        reject(c, LiveRules.invalid("send one realtimeInput field per message"));
        return;
      }
      kind = key + "." + body.names().get(0);
    }
    Optional<LiveRules.Rejection> order = checkOrder(st, kind, message);
    if (order.isPresent()) {
      reject(c, order.get());
      return;
    }
    Received r = new Received(st.index, seq.incrementAndGet(), kind, message, text);
    if (!(kind.equals("realtimeInput.audio") && policies.contains(Policy.RECORD_NO_AUDIO))) {
      history.add(r);
      received.add(r);
    }
    if (kind.equals("setup")) {
      answerSetup(c, st, message.get("setup").asObject());
      return;
    }
    reactor.accept(r);
  }

  private Optional<LiveRules.Rejection> checkOrder(ConnectionState st, String kind,
      JsonObject message) {
    if (!st.setupSeen) {
      if (!kind.equals("setup")) {
        return Optional.of(LiveRules.invalid("the first message must be setup, got " + kind));
      }
      return Optional.empty();
    }
    if (kind.equals("setup")) {
      return Optional.of(LiveRules.invalid("setup may only be sent once"));
    }
    if (!st.ready) {
      return Optional.of(LiveRules.invalid(kind + " sent before setupComplete"));
    }
    JsonObject body = message.get(message.names().get(0)).asObject();
    switch (kind) {
      case "realtimeInput.audio", "realtimeInput.video" -> {
        return LiveRules.checkBlob(body.get(kind.substring(14)).asObject(), kind.substring(14));
      }
      case "realtimeInput.mediaChunks" -> {
        return st.gemini3 ? Optional.of(LiveRules.invalid("mediaChunks is not supported by this "
            + "model; use audio or video")) : Optional.empty();
      }
      case "clientContent" -> {
        return st.gemini31 ? Optional.of(LiveRules.invalid("")) : Optional.empty();
      }
      case "realtimeInput.activityStart", "realtimeInput.activityEnd" -> {
        return st.manualActivity ? Optional.empty() : Optional.of(LiveRules.invalid(
            "activity signals need automaticActivityDetection.disabled"));
      }
      case "realtimeInput.audioStreamEnd" -> {
        return st.manualActivity ? Optional.of(LiveRules.invalid(
            "audioStreamEnd is only for automatic activity detection")) : Optional.empty();
      }
      case "toolResponse" -> {
        return checkToolResponse(st, body);
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private Optional<LiveRules.Rejection> checkToolResponse(ConnectionState st, JsonObject body) {
    JsonValue list = body.get("functionResponses");
    if (list == null || !list.isArray() || list.asArray().isEmpty()) {
      return Optional.of(LiveRules.invalid("toolResponse without functionResponses"));
    }
    for (JsonValue v : list.asArray()) {
      JsonObject r = v.asObject();
      String id = r.getString("id", "");
      if (id.isEmpty()) {
        return Optional.of(LiveRules.invalid("function response without id"));
      }
      JsonValue response = r.get("response");
      if (response == null || !response.isObject()) {
        return Optional.of(LiveRules.invalid("function response " + id + " has no object"));
      }
      String scheduling = r.getString("scheduling", "");
      if (!scheduling.isEmpty() && !LiveRules.SCHEDULING.contains(scheduling)) {
        return Optional.of(LiveRules.invalid("Invalid value at 'tool_response.function_responses"
            + "[0].scheduling', \"" + scheduling + "\""));
      }
      if (!policies.contains(Policy.LENIENT_TOOL_IDS) && !st.pendingCalls.remove(id)) {
        return Optional.of(LiveRules.invalid("no pending function call with id " + id));
      }
    }
    return Optional.empty();
  }

  private void answerSetup(WebSocket c, ConnectionState st, JsonObject setup) {
    st.setupSeen = true;
    String model = setup.getString("model", "");
    if (!MODELS.contains(model)) {
      reject(c, new LiveRules.Rejection(1008, LiveRules.truncate(model + " is not found for API "
          + "version v1beta, or is not supported for bidiGenerateContent. Call ListModels")));
      return;
    }
    if (policies.contains(Policy.QUOTA_EXCEEDED)) {
      reject(c, new LiveRules.Rejection(1011, "You exceeded your current quota, please check "
          + "your plan and billing details. RESOURCE_EXHAUSTED"));
      return;
    }
    st.gemini3 = model.contains("gemini-3");
    st.gemini31 = model.contains("gemini-3.1");
    Optional<LiveRules.Rejection> refused = LiveRules.checkModel(model, setup);
    if (refused.isPresent()) {
      reject(c, refused.get());
      return;
    }
    JsonValue ric = setup.get("realtimeInputConfig");
    if (ric != null) {
      JsonValue aad = ric.asObject().get("automaticActivityDetection");
      st.manualActivity = aad != null && aad.asObject().getBoolean("disabled", false);
    }
    JsonValue resumption = setup.get("sessionResumption");
    st.resumption = resumption != null;
    if (resumption != null) {
      String handle = resumption.asObject().getString("handle", "");
      if (!handle.isEmpty() && !issuedHandles.contains(handle)) {
        reject(c, new LiveRules.Rejection(1008, "BidiGenerateContent session not found"));
        return;
      }
    }
    if (policies.contains(Policy.NO_SETUP_COMPLETE)) {
      return;
    }
    if (holdSetup.getAndSet(false)) {
      held.add(() -> completeSetup(c, st));
      return;
    }
    completeSetup(c, st);
  }

  /** The next setup is recorded but not answered until {@link #releaseSetup}. */
  public void holdNextSetup() {
    holdSetup.set(true);
  }

  /** Answers the held setup. */
  public void releaseSetup() {
    Runnable r = poll(held, Duration.ofSeconds(5));
    if (r == null) {
      throw new AssertionError("no setup was held within 5 s");
    }
    r.run();
  }

  private void completeSetup(WebSocket c, ConnectionState st) {
    // setupComplete and the first handle go out together: a test that reacts to
    // setupComplete by issuing its own handle must not be overtaken by this one.
    synchronized (setupLock) {
      st.ready = true;
      send(c, ServerMessages.setupComplete());
      if (st.resumption && !policies.contains(Policy.NO_RESUMPTION_UPDATES)) {
        String handle = "handle-" + handleCounter.incrementAndGet();
        issuedHandles.add(handle);
        send(c, ServerMessages.resumptionUpdate(handle, true));
      }
    }
  }

  private final class Server extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);

    Server(int port) {
      super(new InetSocketAddress("127.0.0.1", port));
      setConnectionLostTimeout(0);
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn,
        Draft draft, ClientHandshake request) throws InvalidDataException {
      ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft,
          request);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      request.iterateHttpFields().forEachRemaining(k -> headers.put(k, request.getFieldValue(k)));
      String path = request.getResourceDescriptor();
      int index = connections.incrementAndGet();
      handshakes.add(new Handshake(index, path, Map.copyOf(headers)));
      String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      boolean constrained = p.endsWith("BidiGenerateContentConstrained");
      if (!p.matches("/ws/google\\.ai\\.generativelanguage\\.(v1beta|v1alpha|v1)\\."
          + "GenerativeService\\.BidiGenerateContent(Constrained)?")) {
        throw new InvalidDataException(404, "no such method: " + p);
      }
      conn.setAttachment(new ConnectionState(index, constrained));
      return builder;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      ConnectionState st = state(conn);
      newest = conn;
      open.put(st.index, conn);
      if (!authorized(st, handshake)) {
        reject(conn, new LiveRules.Rejection(1008,
            "API key not valid. Please pass a valid API key."));
      }
    }

    private boolean authorized(ConnectionState st, ClientHandshake h) {
      String path = h.getResourceDescriptor();
      String auth = h.getFieldValue("Authorization");
      boolean token = auth.equals("Token " + TOKEN) || path.contains("access_token=" + TOKEN);
      if (st.constrained) {
        return token;
      }
      return h.getFieldValue("x-goog-api-key").equals(API_KEY) || path.contains("key=" + API_KEY)
          || token;
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      ConnectionState st = state(conn);
      if (st != null) {
        open.remove(st.index);
      }
      if (remote && st != null && !st.closedByServer) {
        clientCloses.add(st.index);
      }
      // Java-WebSocket has closed the channel and dropped the connection before this call.
      synchronized (closeSignal) {
        closeSignal.notifyAll();
      }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      FakeLiveServer.this.onMessage(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      FakeLiveServer.this.onMessage(conn, StandardCharsets.UTF_8.decode(message).toString());
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      // Client disconnects surface here as IOExceptions; tests assert on messages instead.
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
