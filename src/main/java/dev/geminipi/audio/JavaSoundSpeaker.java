package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// The playback thread owns the line and the PlaybackWriter; callers only queue, cut and close. The
// thread writes a period only when the line has room for it and otherwise waits on the queue's
// condition, so a cut wakes it at once instead of after a blocked javax.sound write (which ignores
// interrupts and polls at a quarter of the buffer).
final class JavaSoundSpeaker implements Speaker {

  private static final Logger log = LoggerFactory.getLogger(JavaSoundSpeaker.class);

  // A device that takes nothing for this long is gone (unplugged, or a sound server that died).
  static final long STALL_MS = 2_000;
  private static final long DROP_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long MIN_WAIT_NANOS = 1_000_000;

  private final AudioConfig config;
  private final DuplexGate gate;
  private final Listener listener;
  private final LongSupplier nanoClock;
  private final DeviceSlot<SourceDataLine> slot;
  private final PlaybackQueue queue;
  private final int maxQueuedMs;
  private final Map<Earcon, short[]> earcons = new EnumMap<>(Earcon.class);
  private final AtomicLong lastDropWarnNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean running;
  // Set by the playback thread while no device is open, so play() drops at once instead of
  // queueing speech that would start, stale, when the device comes back.
  private volatile boolean deviceDown;
  // Set from any thread (Home Assistant's volume), applied by the playback thread per chunk.
  private volatile float volume;
  private Thread thread;
  // Playback thread only.
  private boolean speaking;
  // True from the first chunk of the model's speech in a burst until the burst drains: earcons
  // alone never close the gate (docs/audio.md "Earcons and the microphone").
  private boolean gateClosed;
  private boolean lossReported;
  private boolean listenerFailed;

  JavaSoundSpeaker(AudioConfig config, DuplexGate gate, Listener listener, LongSupplier nanoClock) {
    this(config, gate, listener, nanoClock, PlaybackQueue.DEFAULT_MAX_MS);
  }

  JavaSoundSpeaker(AudioConfig config, DuplexGate gate, Listener listener, LongSupplier nanoClock, int maxQueuedMs) {
    this.config = Objects.requireNonNull(config, "config");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.slot = new DeviceSlot<>("playback", "audio.output.device", config.output().device(),
        SourceDataLine.class, LineOpener::openPlayback, log);
    this.queue = new PlaybackQueue(maxQueuedMs);
    this.maxQueuedMs = maxQueuedMs;
    this.volume = (float) config.output().volume();
    earcons.put(Earcon.WAKE, Earcons.wake(MODEL_RATE_HZ));
    earcons.put(Earcon.END, Earcons.end(MODEL_RATE_HZ));
    earcons.put(Earcon.ERROR, Earcons.error(MODEL_RATE_HZ));
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("speaker already started");
    }
    running = true;
    thread = Thread.ofPlatform().name("audio-playback").daemon(true).start(this::run);
  }

  @Override
  public boolean play(byte[] pcm, int offset, int length, int rateHz) {
    Objects.checkFromIndexSize(offset, length, pcm.length);
    if (length % 2 != 0) {
      throw new IllegalArgumentException("length must be whole 16-bit samples, was " + length + " bytes");
    }
    if (rateHz < Resampler.MIN_RATE_HZ || rateHz > Resampler.MAX_RATE_HZ) {
      throw new IllegalArgumentException("rateHz must be " + Resampler.MIN_RATE_HZ + ".."
          + Resampler.MAX_RATE_HZ + ", was " + rateHz);
    }
    if (length == 0) {
      return true;
    }
    short[] samples = new short[length / 2];
    Pcm16.fromLittleEndian(pcm, offset, samples.length, samples, 0);
    return offer(new PlaybackQueue.Chunk(samples, rateHz));
  }

  @Override
  public void playEarcon(Earcon earcon) {
    if (config.earcons()) {
      offer(new PlaybackQueue.Chunk(earcons.get(earcon), MODEL_RATE_HZ, PlaybackQueue.Kind.EARCON));
    }
  }

  private boolean offer(PlaybackQueue.Chunk chunk) {
    if (queue.isClosed()) {
      return false; // closed: the daemon is stopping, nothing to warn about
    }
    boolean down = deviceDown;
    if (down) {
      queue.drop(chunk);
    } else if (queue.offer(chunk)) {
      return true;
    }
    long now = nanoClock.getAsLong();
    long last = lastDropWarnNanos.get();
    if ((last == Long.MIN_VALUE || now - last >= DROP_WARN_INTERVAL_NANOS)
        && lastDropWarnNanos.compareAndSet(last, now)) {
      // At most once a minute (STYLE 13); droppedMs() has the total.
      log.warn("dropping audio to play ({} ms so far): {}", queue.droppedMs(), down
          ? "no playback device is open (see the audio.output.device warning)"
          : "the playback buffer is full, the model sent more than " + maxQueuedMs + " ms ahead");
    }
    return false;
  }

  @Override
  public void setVolume(double volume) {
    this.volume = (float) Math.max(0.0, Math.min(1.0, volume));
  }

  @Override
  public double volume() {
    return volume;
  }

  @Override
  public void interrupt() {
    queue.cut();
  }

  @Override
  public long droppedMs() {
    return queue.droppedMs();
  }

  @Override
  public void close() {
    running = false;
    queue.close();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Backoff backoff = new Backoff();
    try {
      while (running) {
        LineOpener.Opened<SourceDataLine> opened =
            slot.tryOpen(PlaybackWriter.PERIOD_MS * PlaybackWriter.BUFFER_PERIODS);
        if (opened == null) {
          deviceDown = true;
          if (!lossReported) {
            lossReported = true;
            safely(() -> listener.onDeviceLost(slot.lastProblem()));
          }
          // Nothing can play it, and old speech must not start when the device comes back.
          queue.discard();
          queue.takeCut();
          finishSpeaking();
          queue.await(TimeUnit.MILLISECONDS.toNanos(backoff.nextDelayMs()), false);
          continue;
        }
        backoff.reset();
        deviceDown = false;
        String why = playOn(opened);
        if (why != null) {
          deviceDown = true;
          slot.lost(why);
          lossReported = true;
          finishSpeaking();
          String w = why;
          safely(() -> listener.onDeviceLost(w));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finishSpeaking();
    }
  }

  // Plays until closed (returns null) or the device fails (returns why).
  private String playOn(LineOpener.Opened<SourceDataLine> opened) throws InterruptedException {
    SourceDataLine line = opened.line();
    try {
      PlaybackWriter w = new PlaybackWriter(opened, volume);
      line.start();
      lossReported = false;
      safely(() -> listener.onDeviceOpened(opened.description()));
      return pump(w);
    } catch (PlaybackWriter.LineFailure e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      // javax.sound reports a failing native line with IllegalStateException and the like
      return opened.description() + " failed: " + e;
    } finally {
      line.close();
    }
  }

  private String pump(PlaybackWriter w) throws PlaybackWriter.LineFailure, InterruptedException {
    PlaybackQueue.Chunk current = null;
    int offset = 0;
    long waitingForRoomSince = -1;
    while (running) {
      if (queue.takeCut()) {
        current = null;
        if (speaking) {
          w.cut(nanoClock.getAsLong());
        }
        continue;
      }
      if (current == null) {
        current = queue.poll();
        offset = 0;
        w.setVolume(volume);
      }
      if (current != null) {
        int space = w.spaceFrames();
        if (space < w.maxWriteFrames()) {
          long now = nanoClock.getAsLong();
          if (waitingForRoomSince < 0) {
            waitingForRoomSince = now;
          }
          long stuckNanos = now - waitingForRoomSince;
          if (stuckNanos > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
            return "the device took no audio for " + stuckNanos / 1_000_000 + " ms (unplugged?)";
          }
          queue.await(Math.max(MIN_WAIT_NANOS, w.framesToNanos(w.maxWriteFrames() - space)), false);
          continue;
        }
        waitingForRoomSince = -1;
        if (!speaking) {
          speaking = true;
          safely(listener::onPlaybackStarted);
        }
        if (!gateClosed && current.kind() == PlaybackQueue.Kind.SPEECH) {
          gateClosed = true;
          gate.onPlaybackStarted();
        }
        offset += w.write(current, offset, nanoClock.getAsLong());
        if (offset >= current.samples().length) {
          current = null;
        }
        continue;
      }
      if (!speaking) {
        queue.await(-1, true);
      } else if (!w.tailWritten()) {
        long due = w.nanosUntilTailDue(nanoClock.getAsLong());
        if (due > 0) {
          queue.await(due, true);
        } else {
          log.debug("playback ran dry; ending the burst with a fade");
          w.writeTail(nanoClock.getAsLong());
        }
      } else {
        long left = w.nanosUntilDrained(nanoClock.getAsLong());
        if (left > 0) {
          queue.await(Math.max(MIN_WAIT_NANOS, left), true);
        } else {
          finishSpeaking();
        }
      }
    }
    return null;
  }

  private void finishSpeaking() {
    if (gateClosed) {
      gateClosed = false;
      gate.onPlaybackDrained();
    }
    if (speaking) {
      speaking = false;
      safely(listener::onPlaybackDrained);
    }
  }

  private void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!listenerFailed) {
        listenerFailed = true;
        log.error("speaker listener failed; playback goes on", e);
      } else {
        log.debug("speaker listener failed again: {}", e.toString());
      }
    }
  }
}
