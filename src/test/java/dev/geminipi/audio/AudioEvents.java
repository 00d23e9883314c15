package dev.geminipi.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

// Records what a Microphone or Speaker reports, in order, like OkHttp's WebSocketRecorder: every
// callback becomes an Event (audio is copied), and take() waits up to 5 s for the next one of a kind
// (STYLE 27). Audio chunks are also kept in a list, because a clockless file device floods them.
final class AudioEvents implements Microphone.Listener, Speaker.Listener {

  enum Kind { AUDIO, CAPTURE, PRE_ROLL, PAUSED, RESUMED, OPENED, LOST, RETRY, STARTED, DRAINED }

  record Event(Kind kind, short[] pcm, boolean last, String text) {
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> all = new CopyOnWriteArrayList<>();
  private final boolean queueAudio;
  private volatile Consumer<short[]> onAudio = pcm -> { };

  /** With {@code queueAudio} false, live audio chunks are counted in {@link #all()} only, not queued. */
  AudioEvents(boolean queueAudio) {
    this.queueAudio = queueAudio;
  }

  /** Runs on the capture thread after each live chunk is recorded. */
  void onEachChunk(Consumer<short[]> action) {
    onAudio = action;
  }

  private void add(Event e, boolean queue) {
    all.add(e);
    if (queue) {
      events.add(e);
    }
  }

  @Override
  public void onAudio(byte[] pcm16k, int length) {
    short[] copy = SpeechFixtures.shorts(Arrays.copyOf(pcm16k, length));
    add(new Event(Kind.AUDIO, copy, false, ""), queueAudio);
    onAudio.accept(copy);
  }

  // The pre-gate tap: recorded in order among the other events, never queued (it floods like audio).
  @Override
  public void onCapture(short[] samples, int frames) {
    add(new Event(Kind.CAPTURE, Arrays.copyOf(samples, frames), false, ""), false);
  }

  @Override
  public void onPreRoll(byte[] pcm16k, int length, boolean last) {
    add(new Event(Kind.PRE_ROLL, SpeechFixtures.shorts(Arrays.copyOf(pcm16k, length)), last, ""), true);
  }

  @Override
  public void onPaused() {
    add(new Event(Kind.PAUSED, null, false, ""), true);
  }

  @Override
  public void onResumed() {
    add(new Event(Kind.RESUMED, null, false, ""), true);
  }

  @Override
  public void onDeviceOpened(String description) {
    add(new Event(Kind.OPENED, null, false, description), true);
  }

  @Override
  public void onDeviceLost(String why) {
    add(new Event(Kind.LOST, null, false, why), true);
  }

  @Override
  public void onDeviceRetry() {
    add(new Event(Kind.RETRY, null, false, ""), true);
  }

  @Override
  public void onPlaybackStarted() {
    add(new Event(Kind.STARTED, null, false, ""), true);
  }

  @Override
  public void onPlaybackDrained() {
    add(new Event(Kind.DRAINED, null, false, ""), true);
  }

  /** The next event of {@code kind}, passing over others; fails after 5 s saying what came instead. */
  Event take(Kind kind) {
    return take(kind, Duration.ofSeconds(5));
  }

  Event take(Kind kind, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Kind> seen = new ArrayList<>();
    while (true) {
      Event e;
      try {
        e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + kind);
      }
      if (e == null) {
        throw new AssertionError("no " + kind + " within " + timeout.toMillis() + " ms; saw " + seen);
      }
      if (e.kind() == kind) {
        return e;
      }
      if (seen.size() < 20) {
        seen.add(e.kind());
      }
    }
  }

  List<Event> all() {
    return List.copyOf(all);
  }
}
