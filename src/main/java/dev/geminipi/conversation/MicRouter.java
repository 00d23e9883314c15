package dev.geminipi.conversation;

import dev.geminipi.audio.Microphone;
import dev.geminipi.audio.PreRollRing;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where microphone audio goes, decided by the state machine and carried out on the capture
 * thread (STYLE 11, 13): nowhere while idle (the microphone keeps its own pre-roll), into a
 * hold buffer while a session connects or reconnects — starting with the pre-roll, so the
 * words said just before the trigger come first — and to the session while listening, hold
 * buffer first. The state machine only sets a volatile route; the buffer is touched by the
 * capture thread alone, so the capture thread never waits. Each conversation starts with an
 * empty hold buffer: words held for one that was hung up before its session was ready are
 * not the next one's.
 */
public final class MicRouter implements Microphone.Listener {
  /** Where chunks go. */
  public enum Route {
    /** Nowhere: no conversation. */
    IDLE,
    /** Into the hold buffer: a session is (re)connecting. */
    HOLD,
    /** To the session, after whatever the hold buffer has. */
    STREAM,
    /**
     * Nowhere, the conversation going on: between push-to-talk turns, once the hold buffer
     * and the end-of-turn signal ({@link #endTurn}) have gone out.
     */
    PAUSED
  }

  /** Speech-level RMS in 16-bit units (about -36 dBFS): enough to keep a conversation alive. */
  static final int SPEECH_RMS = 500;
  static final long ACTIVITY_EVERY_NANOS = 1_000_000_000L;
  /**
   * Words said while a session connects or resumes are kept this long; a reconnect after a
   * Wi-Fi drop takes seconds, and older speech is stale to the model anyway.
   */
  static final int HOLD_MS = 10_000;

  private final SessionPort session;
  private final Consumer<Event> post;
  private final LongSupplier nanoTime;
  private final PreRollRing hold = new PreRollRing(HOLD_MS);
  private final LongAdder sentChunks = new LongAdder();
  private volatile Route route = Route.IDLE;
  private volatile Microphone microphone;
  private volatile boolean awaitingPreRoll;
  // Written by the state machine thread alone; counts conversations so the capture thread
  // can tell that the hold buffer belongs to an earlier one.
  private volatile long conversations;
  private volatile Tap tap = (samples, frames) -> { };
  // Set by the state machine, taken (once) by the capture thread or by the state machine.
  private final AtomicReference<Runnable> endOfTurn = new AtomicReference<>();
  // State machine thread only: the anchor of the next conversation's pre-roll, if any.
  private OptionalLong preRollAnchor = OptionalLong.empty();
  // Capture thread only.
  private short[] samples = new short[0];
  private short[] drainSamples = new short[0];
  private byte[] drainBytes = new byte[0];
  private long lastActivityNanos = Long.MIN_VALUE / 2;
  private long holdConversation;

  public MicRouter(SessionPort session, Consumer<Event> post, LongSupplier nanoTime) {
    this.session = session;
    this.post = post;
    this.nanoTime = nanoTime;
  }

  /** The microphone whose pre-roll {@link #route} asks for when a conversation starts. */
  public void attach(Microphone m) {
    microphone = m;
  }

  /**
   * From the state machine thread, just before the conversation a wake word starts: its
   * pre-roll reaches back from {@code streamSample}, where the detector heard the word, and not
   * from when the route leaves IDLE, however far the detector lagged behind the microphone. Used
   * by that conversation alone; without it a conversation's pre-roll is the last
   * {@code audio.preRollMs} before it starts (a button, {@code talk}, {@code say}).
   */
  public void anchorPreRoll(long streamSample) {
    preRollAnchor = OptionalLong.of(streamSample);
  }

  /** From the state machine thread. */
  public void route(Route next) {
    Route previous = route;
    if (next == Route.IDLE) {
      endOfTurn.set(null); // the conversation is over: its turn needs no end
    }
    if (previous == Route.IDLE && next != Route.IDLE) {
      conversations++;
      if (microphone != null) {
        // The microphone hands over what it heard before the trigger ahead of the next chunk.
        awaitingPreRoll = true;
        preRollAnchor.ifPresentOrElse(microphone::requestPreRoll, microphone::requestPreRoll);
      }
      preRollAnchor = OptionalLong.empty();
    }
    route = next;
  }

  public Route route() {
    return route;
  }

  /**
   * From the state machine thread: a push-to-talk turn released before its session was ready.
   * Its words are in the hold buffer, which only the capture thread reads; so the capture
   * thread sends them, then runs {@code signal} (activityEnd, or audioStreamEnd with server
   * VAD) so the signal follows the words on the wire, then pauses.
   */
  public void endTurn(Runnable signal) {
    endOfTurn.set(signal);
    route(Route.PAUSED);
  }

  /**
   * From the state machine thread, before it opens the next turn: an end of turn the capture
   * thread has not got to yet (no chunk came since) goes out now, ahead of the new turn.
   */
  public void settleTurn() {
    Runnable pending = endOfTurn.getAndSet(null);
    if (pending != null) {
      pending.run();
    }
  }

  /** Another consumer of every chunk, gated or not (the wake-word detector). */
  public interface Tap {
    /** On the capture thread: copy what you keep and never block. */
    void accept(short[] samples, int frames);
  }

  public void tap(Tap t) {
    tap = t;
  }

  @Override
  public void onCapture(short[] samples, int frames) {
    tap.accept(samples, frames);
  }

  public long sentChunks() {
    return sentChunks.sum();
  }

  /** Samples the microphone's gain saturated, for status. */
  public long clippedSamples() {
    Microphone m = microphone;
    return m == null ? 0 : m.clippedSamples();
  }

  @Override
  public void onAudio(byte[] pcm16k, int length) {
    int n = toSamples(pcm16k, length);
    noticeSpeech(n);
    forgetEarlierConversation();
    if (awaitingPreRoll) {
      return; // part of the pre-roll, which arrives through onPreRoll (Microphone contract)
    }
    switch (route) {
      case IDLE -> { }
      case PAUSED -> {
        Runnable signal = endOfTurn.get();
        if (signal != null && session.isReady()) {
          drainHold(n); // this chunk came after the release: only the held words go
          if (endOfTurn.compareAndSet(signal, null)) {
            signal.run();
          }
        }
      }
      case HOLD -> hold.write(samples, 0, n);
      case STREAM -> {
        if (!session.isReady()) {
          hold.write(samples, 0, n);
          return;
        }
        drainHold(n);
        if (session.sendAudio(pcm16k, 0, length)) {
          sentChunks.increment();
        }
      }
    }
  }

  @Override
  public void onPreRoll(byte[] pcm16k, int length, boolean last) {
    forgetEarlierConversation();
    if (route != Route.IDLE) {
      int n = toSamples(pcm16k, length);
      hold.write(samples, 0, n);
    }
    if (last) {
      awaitingPreRoll = false;
    }
  }

  @Override
  public void onPaused() {
    post.accept(new Event.MicPaused(true));
  }

  @Override
  public void onResumed() {
    post.accept(new Event.MicPaused(false));
  }

  @Override
  public void onDeviceOpened(String description) {
    post.accept(new Event.DeviceChanged("microphone", true, description));
  }

  @Override
  public void onDeviceLost(String why) {
    post.accept(new Event.DeviceChanged("microphone", false, why));
  }

  private int toSamples(byte[] pcm, int length) {
    int n = length / 2;
    if (samples.length != n) {
      samples = new short[n];
    }
    for (int i = 0; i < n; i++) {
      samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
    return n;
  }

  private void noticeSpeech(int n) {
    long energy = 0;
    for (int i = 0; i < n; i++) {
      energy += (long) samples[i] * samples[i];
    }
    if (n > 0 && energy / n > (long) SPEECH_RMS * SPEECH_RMS) {
      long now = nanoTime.getAsLong();
      if (now - lastActivityNanos >= ACTIVITY_EVERY_NANOS) {
        lastActivityNanos = now;
        post.accept(new Event.MicActivity());
      }
    }
  }

  /** Empties the hold buffer once a new conversation has started since it was filled. */
  private void forgetEarlierConversation() {
    long current = conversations;
    if (current != holdConversation) {
      holdConversation = current;
      hold.clear();
    }
  }

  /** Sends what the hold buffer has, oldest first, in pieces of one chunk. */
  private void drainHold(int chunkFrames) {
    if (hold.availableFrames() == 0) {
      return;
    }
    if (drainSamples.length != chunkFrames) {
      drainSamples = new short[chunkFrames];
      drainBytes = new byte[chunkFrames * 2];
    }
    int got;
    while ((got = hold.read(drainSamples, 0, chunkFrames)) > 0) {
      for (int i = 0; i < got; i++) {
        drainBytes[2 * i] = (byte) drainSamples[i];
        drainBytes[2 * i + 1] = (byte) (drainSamples[i] >> 8);
      }
      if (session.sendAudio(drainBytes, 0, got * 2)) {
        sentChunks.increment();
      }
    }
  }
}
