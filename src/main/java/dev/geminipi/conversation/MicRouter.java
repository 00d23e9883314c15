package dev.geminipi.conversation;

import dev.geminipi.audio.PreRollRing;
import dev.geminipi.live.LiveSession;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where each microphone chunk goes, decided by the state machine and carried out on the
 * capture thread: into the pre-roll ring (idle, connecting, reconnecting), or to the
 * session (listening), ring first so no word said before the trigger or during a reconnect
 * is lost. The ring is touched only by the capture thread; the state machine only sets the
 * route (a volatile), so the capture thread never waits (STYLE 13).
 */
public final class MicRouter {
  /** Where chunks go. */
  public enum Route {
    /** Keep the last preRollMs in the ring. */
    BUFFER,
    /** To the session; what the ring holds goes first. */
    STREAM,
    /** Nowhere, and the ring is emptied (the speaker is talking in half duplex). */
    MUTE
  }

  /** Speech-level RMS in 16-bit units (about -36 dBFS): enough to keep a conversation alive. */
  static final int SPEECH_RMS = 500;
  static final long ACTIVITY_EVERY_NANOS = 1_000_000_000L;

  private final PreRollRing ring;
  private final LiveSession session;
  private final Consumer<Event> post;
  private final LongSupplier nanoTime;
  private final LongAdder sentChunks = new LongAdder();
  private volatile Route route = Route.BUFFER;
  private volatile Consumer<short[]> tap = samples -> { };
  // Capture thread only.
  private short[] samples = new short[0];
  private byte[] bytes = new byte[0];
  private long lastActivityNanos = Long.MIN_VALUE / 2;

  public MicRouter(int preRollMs, LiveSession session, Consumer<Event> post,
      LongSupplier nanoTime) {
    this.ring = new PreRollRing(preRollMs);
    this.session = session;
    this.post = post;
    this.nanoTime = nanoTime;
  }

  public void route(Route r) {
    route = r;
  }

  public Route route() {
    return route;
  }

  /** Another consumer of every chunk (the wake-word detector); it must not block. */
  public void tap(Consumer<short[]> t) {
    tap = t;
  }

  public long sentChunks() {
    return sentChunks.sum();
  }

  /** A chunk of 16 kHz mono s16le from the capture thread; the array is reused by the caller. */
  public void onChunk(byte[] pcm, int length) {
    int n = length / 2;
    if (samples.length < n) {
      samples = new short[n];
    }
    long energy = 0;
    for (int i = 0; i < n; i++) {
      short s = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      samples[i] = s;
      energy += (long) s * s;
    }
    tap.accept(samples);
    if (n > 0 && energy / n > (long) SPEECH_RMS * SPEECH_RMS) {
      long now = nanoTime.getAsLong();
      if (now - lastActivityNanos >= ACTIVITY_EVERY_NANOS) {
        lastActivityNanos = now;
        post.accept(new Event.MicActivity());
      }
    }
    switch (route) {
      case BUFFER -> ring.write(samples, 0, n);
      case MUTE -> ring.clear();
      case STREAM -> {
        if (!session.isReady()) {
          ring.write(samples, 0, n);
          return;
        }
        if (ring.availableFrames() > 0) {
          drainRing(n);
        }
        if (session.sendAudio(pcm, 0, length)) {
          sentChunks.increment();
        }
      }
    }
  }

  /** Sends what the ring holds in chunks of {@code chunkFrames}, oldest first. */
  private void drainRing(int chunkFrames) {
    short[] chunk = new short[chunkFrames];
    if (bytes.length < chunkFrames * 2) {
      bytes = new byte[chunkFrames * 2];
    }
    int got;
    while ((got = ring.read(chunk, 0, chunkFrames)) > 0) {
      for (int i = 0; i < got; i++) {
        bytes[2 * i] = (byte) chunk[i];
        bytes[2 * i + 1] = (byte) (chunk[i] >> 8);
      }
      if (session.sendAudio(bytes, 0, got * 2)) {
        sentChunks.increment();
      }
    }
  }
}
