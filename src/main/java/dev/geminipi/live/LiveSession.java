package dev.geminipi.live;

import dev.geminipi.config.GeminiConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Live session over a series of connections: it keeps the newest resumable handle and,
 * on goAway or a dropped connection, reconnects with it (backoff with jitter, 0.5 s to
 * 30 s). Close codes that retrying cannot fix stop it, with the reason in plain words
 * (docs/protocol.md §6, §8). Send methods may be called from any thread and never wait on
 * the network. Events reach the consumer on socket threads, so it must only hand them on.
 *
 * <p>Longer than STYLE 3 likes: one lock guards the connection, the handle and the retry state
 * together (STYLE 14), and splitting the class would split that lock.
 */
public final class LiveSession {
  /**
   * Bounds of the send queue, in bytes of JSON (UTF-8), and of the connection attempts in a row
   * that fail before the session gives up and says why: offline, nobody should wait on backoffs
   * that never end, nor hear a session open much later.
   */
  public record Limits(long audioBytes, long totalBytes, int attempts) {
    /** Five attempts: the backoffs between them add up to about 8-15 s. */
    public static final int ATTEMPTS = 5;

    public Limits(long audioBytes, long totalBytes) {
      this(audioBytes, totalBytes, ATTEMPTS);
    }

    /** About 2 s of 16 kHz audio; older mic audio is worthless to a conversation. */
    public static Limits defaults() {
      return new Limits(100_000, 8L << 20);
    }

    public Limits withAttempts(int n) {
      return new Limits(audioBytes, totalBytes, n);
    }
  }

  static final long MIN_BACKOFF_MS = 500;
  static final long MAX_BACKOFF_MS = 30_000;
  /** Reconnect this long before a goAway deadline, in case no resumable handle comes. */
  static final long GO_AWAY_MARGIN_MS = 1000;
  /**
   * A connection must stay up this long before its close starts a fresh run of retries.
   * A service that accepts the setup and closes at once would otherwise be redialled with
   * no wait at all, forever (issue 7: a retry storm).
   */
  static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final Logger log = LoggerFactory.getLogger(LiveSession.class);

  private final GeminiConfig gemini;
  private final Supplier<List<FunctionDeclaration>> functions;
  private final Credential credential;
  private final Consumer<ServerEvent> consumer;
  private final ScheduledExecutorService scheduler;
  private final RandomGenerator random;
  private final Limits limits;
  private final ReentrantLock lock = new ReentrantLock();
  private final AudioMessageEncoder audioEncoder = new AudioMessageEncoder();
  private final ReentrantLock audioLock = new ReentrantLock();
  private final LongAdder droppedAudio = new LongAdder();
  private final LongAdder reconnects = new LongAdder();

  // Guarded by lock.
  private LiveConnection current;
  private boolean ready;
  private boolean wanted;
  private String handle = "";
  private boolean lastUpdateResumable;
  private boolean goAwayPending;
  private int failures;
  private int nextId;
  private long connectStartNanos;
  private long readyNanos;
  private boolean droppedThisConnection;
  private String lastWarning = "";
  private ScheduledFuture<?> timer;

  public LiveSession(GeminiConfig gemini, List<FunctionDeclaration> functions,
      Credential credential, Consumer<ServerEvent> consumer, ScheduledExecutorService scheduler,
      RandomGenerator random, Limits limits) {
    this(gemini, fixed(functions), credential, consumer, scheduler, random, limits);
  }

  private static Supplier<List<FunctionDeclaration>> fixed(List<FunctionDeclaration> functions) {
    List<FunctionDeclaration> copy = List.copyOf(functions);
    return () -> copy;
  }

  /**
   * @param functions asked once per connection, for the declarations its setup carries: a
   *     tool list fixed for that session (MCP servers' tools may change between sessions);
   *     it must not block
   */
  public LiveSession(GeminiConfig gemini, Supplier<List<FunctionDeclaration>> functions,
      Credential credential, Consumer<ServerEvent> consumer, ScheduledExecutorService scheduler,
      RandomGenerator random, Limits limits) {
    this.gemini = gemini;
    this.functions = functions;
    this.credential = credential;
    this.consumer = consumer;
    this.scheduler = scheduler;
    this.random = random;
    this.limits = limits;
  }

  /** Starts connecting; {@code resume} keeps the last session's context if a handle exists. */
  public void open(boolean resume) {
    if (credential instanceof Credential.Missing m) {
      String why = Credential.missingMessage(m.variable());
      log.warn("{}", why);
      consumer.accept(new ServerEvent.Closed(0, "", why, false));
      return;
    }
    lock.lock();
    try {
      if (!resume) {
        handle = "";
      }
      wanted = true;
      failures = 0;
      if (current == null) {
        connectLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the session; no reconnect follows. */
  public void close() {
    LiveConnection c;
    lock.lock();
    try {
      wanted = false;
      cancelTimerLocked();
      c = current;
      current = null;
      ready = false;
    } finally {
      lock.unlock();
    }
    if (c != null) {
      c.close(LiveConnection.LocalCause.DONE, 1000, "conversation over");
    }
  }

  public boolean isReady() {
    lock.lock();
    try {
      return ready;
    } finally {
      lock.unlock();
    }
  }

  /** True while a connection is wanted, including backoff waits. */
  public boolean isOpen() {
    lock.lock();
    try {
      return wanted;
    } finally {
      lock.unlock();
    }
  }

  /** The newest resumable handle, empty before the service has sent one. */
  public String handle() {
    lock.lock();
    try {
      return handle;
    } finally {
      lock.unlock();
    }
  }

  public long droppedAudio() {
    return droppedAudio.sum();
  }

  /** JSON bytes waiting on the current connection; for tests of the queue's bound. */
  long queuedBytes() {
    LiveConnection c;
    lock.lock();
    try {
      c = current;
    } finally {
      lock.unlock();
    }
    return c == null ? 0 : c.queuedBytes();
  }

  public long reconnects() {
    return reconnects.sum();
  }

  /** 16 kHz mono s16le microphone audio; one capture thread at a time is the intended caller. */
  public boolean sendAudio(byte[] pcm, int offset, int length) {
    byte[] json;
    audioLock.lock();
    try {
      json = audioEncoder.encode(pcm, offset, length);
    } finally {
      audioLock.unlock();
    }
    return send(json, true);
  }

  public boolean sendVideo(byte[] jpeg) {
    return send(ClientMessages.video(jpeg), false);
  }

  public boolean sendText(String text) {
    return send(ClientMessages.text(text), false);
  }

  public boolean sendActivityStart() {
    return send(ClientMessages.activityStart(), false);
  }

  public boolean sendActivityEnd() {
    return send(ClientMessages.activityEnd(), false);
  }

  public boolean sendAudioStreamEnd() {
    return send(ClientMessages.audioStreamEnd(), false);
  }

  /**
   * Text from the user's side, the way the model takes it best: a complete user turn where
   * roles are allowed mid-session (3.8; it interrupts a speaking model, so callers hold it
   * until the turn ends), else realtime text (3.1 closes on clientContent after the start).
   */
  public boolean sendPrompt(String text) {
    return send(gemini.rules().clientContentAfterStart() ? ClientMessages.userTurn(text)
        : ClientMessages.text(text), false);
  }

  public boolean sendToolResponse(List<FunctionResponse> responses) {
    return send(ClientMessages.toolResponse(gemini.rules(), responses), false);
  }

  private boolean send(String json, boolean audio) {
    return send(json.getBytes(StandardCharsets.UTF_8), audio);
  }

  private boolean send(byte[] json, boolean audio) {
    LiveConnection c;
    lock.lock();
    try {
      c = current;
    } finally {
      lock.unlock();
    }
    if (c == null) {
      return false;
    }
    SendQueue.Offer offer = c.send(json, audio);
    if (offer == SendQueue.Offer.QUEUED_AFTER_DROP) {
      droppedAudio.increment();
      noteDrop(c);
    }
    return offer == SendQueue.Offer.QUEUED || offer == SendQueue.Offer.QUEUED_AFTER_DROP;
  }

  private void noteDrop(LiveConnection c) {
    boolean first;
    lock.lock();
    try {
      first = c == current && !droppedThisConnection;
      droppedThisConnection = true;
    } finally {
      lock.unlock();
    }
    if (first) {
      log.warn("the link to the service is stalled: dropping the oldest microphone audio "
          + "(check Wi-Fi); status shows the count");
    }
  }

  private void connectLocked() {
    int id = ++nextId;
    String setup = ClientMessages.setup(gemini, List.copyOf(functions.get()),
        handle.isEmpty() ? Optional.empty() : Optional.of(handle));
    URI uri = credential.uri(gemini.endpoint());
    LiveConnection c = new LiveConnection(id, uri, credential.headers(), setup,
        new SendQueue(limits.audioBytes(), limits.totalBytes()), scheduler, new Listener());
    current = c;
    ready = false;
    goAwayPending = false;
    lastUpdateResumable = false;
    droppedThisConnection = false;
    connectStartNanos = System.nanoTime();
    boolean resuming = !handle.isEmpty();
    // Public surface: a retry says why the attempt before it failed.
    log.info("connecting to {} (model {}, attempt {} of {}{}{})", uri.getHost(), gemini.model(),
        failures + 1, limits.attempts(), resuming ? ", resuming the session" : "",
        failures > 0 ? ", after: " + lastWarning : "");
    cancelTimerLocked();
    timer = scheduler.schedule(() -> setupTimedOut(c), gemini.setupTimeoutMs(),
        TimeUnit.MILLISECONDS);
    c.connect();
  }

  private void setupTimedOut(LiveConnection c) {
    lock.lock();
    try {
      if (c != current || ready) {
        return;
      }
    } finally {
      lock.unlock();
    }
    c.close(LiveConnection.LocalCause.SETUP_TIMEOUT, 1000, "setupComplete not received within "
        + gemini.setupTimeoutMs() + " ms (model="
        + gemini.model() + ", attempt " + (failures + 1) + ")");
  }

  private void onEvents(LiveConnection c, List<ServerEvent> events) {
    List<ServerEvent> out = new ArrayList<>(events.size());
    boolean reconnectNow = false;
    lock.lock();
    try {
      if (c != current) {
        return; // a connection we already left (after goAway or a timeout)
      }
      for (ServerEvent e : events) {
        switch (e) {
          case ServerEvent.SetupComplete s -> {
            if (ready) {
              log.debug("ignored a second setupComplete on connection {}", c.id());
              continue;
            }
            ready = true;
            readyNanos = System.nanoTime();
            cancelTimerLocked();
            boolean resumed = !handle.isEmpty();
            log.info("session ready in {} ms{}", (System.nanoTime() - connectStartNanos)
                / 1_000_000, resumed ? " (resumed)" : "");
            out.add(new ServerEvent.SetupComplete(s.sessionId(), resumed));
            continue;
          }
          case ServerEvent.ResumptionUpdate u -> {
            lastUpdateResumable = u.resumable() && !u.newHandle().isEmpty();
            if (lastUpdateResumable) {
              handle = u.newHandle();
              reconnectNow |= goAwayPending;
            }
          }
          case ServerEvent.GoAway g -> {
            goAwayPending = true;
            long waitMs = Math.max(0, g.timeLeft().toMillis() - GO_AWAY_MARGIN_MS);
            if (lastUpdateResumable || waitMs == 0) {
              reconnectNow = true;
              log.info("the service will close the connection in {} ms; resuming now",
                  g.timeLeft().toMillis());
            } else {
              log.info("the service will close the connection in {} ms; resuming when the "
                  + "model's turn allows", g.timeLeft().toMillis());
              cancelTimerLocked();
              timer = scheduler.schedule(() -> switchConnection(c), waitMs,
                  TimeUnit.MILLISECONDS);
            }
          }
          default -> {
          }
        }
        out.add(e);
      }
    } finally {
      lock.unlock();
    }
    for (ServerEvent e : out) {
      consumer.accept(e);
    }
    if (reconnectNow) {
      switchConnection(c);
    }
  }

  /** Leaves {@code old} for a new connection with the newest handle (goAway). */
  private void switchConnection(LiveConnection old) {
    lock.lock();
    try {
      if (old != current || !wanted) {
        return;
      }
      forgiveFailuresIfStableLocked();
      reconnects.increment();
      connectLocked();
    } finally {
      lock.unlock();
    }
    old.close(LiveConnection.LocalCause.DONE, 1000, "resuming on a new connection");
  }

  private void onClosed(LiveConnection c, int code, String reason, Throwable error) {
    // Our own closes are told by their cause, not by code or reason: a 1001 of ours is not
    // the service's. A socket error that came with the close says more than our reason did.
    LiveConnection.LocalCause cause = error == null ? c.localCause() : null;
    CloseVerdict verdict = cause == LiveConnection.LocalCause.SETUP_TIMEOUT
        ? CloseVerdict.backoff(reason + "; retrying")
        : cause == LiveConnection.LocalCause.OVER_CAP
        ? CloseVerdict.resume("the link to the service stalled (more than "
            + limits.totalBytes() + " bytes waited to be sent); reconnecting")
        : CloseVerdict.of(code, reason, error, gemini.apiKeyEnv());
    ServerEvent.Closed closed;
    lock.lock();
    try {
      if (c != current) {
        return;
      }
      forgiveFailuresIfStableLocked();
      current = null;
      ready = false;
      cancelTimerLocked();
      if (!wanted) {
        return;
      }
      boolean retry = verdict.retry();
      String explanation = verdict.explanation();
      if (!verdict.keepHandle()) {
        handle = "";
      }
      boolean outOfAttempts = retry && failures + 1 >= limits.attempts();
      if (outOfAttempts) {
        retry = false;
        explanation = givenUp(explanation, failures + 1);
      }
      if (retry) {
        failures++;
        reconnects.increment();
        long delayMs = verdict.immediate() && failures <= 1 ? 0 : backoffMs(failures);
        timer = scheduler.schedule(this::reconnect, delayMs, TimeUnit.MILLISECONDS);
      } else {
        wanted = false;
      }
      closed = new ServerEvent.Closed(code, reason, explanation, retry, outOfAttempts);
      if (!explanation.equals(lastWarning)) {
        lastWarning = explanation;
        log.warn("{}", explanation);
      } else {
        log.debug("{}", explanation);
      }
    } finally {
      lock.unlock();
    }
    consumer.accept(closed);
  }

  /** "…; reconnecting" no longer holds once the session stops trying. */
  static String givenUp(String explanation, int attempts) {
    String why = explanation.replaceFirst("; (reconnecting|retrying|resuming)( later)?$", "");
    return attempts == 1 ? why : why + " (gave up after " + attempts + " attempts)";
  }

  private void forgiveFailuresIfStableLocked() {
    if (ready && System.nanoTime() - readyNanos >= STABLE_NANOS) {
      failures = 0;
    }
  }

  private void reconnect() {
    lock.lock();
    try {
      if (wanted && current == null) {
        connectLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Exponential with half of it jittered, so devices that lost the same Wi-Fi spread out:
   * the first wait is 0.5-1 s, later ones double up to 15-30 s.
   */
  long backoffMs(int failures) {
    long base = Math.min(MAX_BACKOFF_MS, 2 * MIN_BACKOFF_MS << Math.min(failures - 1, 16));
    return base / 2 + random.nextLong(base / 2 + 1);
  }

  private void cancelTimerLocked() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private final class Listener implements LiveConnection.Listener {
    @Override
    public void onEvents(LiveConnection connection, List<ServerEvent> events) {
      LiveSession.this.onEvents(connection, events);
    }

    @Override
    public void onClosed(LiveConnection connection, int code, String reason, Throwable error) {
      LiveSession.this.onClosed(connection, code, reason, error);
    }
  }
}
