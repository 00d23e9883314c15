package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// The capture thread owns the line, the conversion chain and the pre-roll ring; other threads only
// set flags (pre-roll request, close) and signal. The thread reads only what the line already holds,
// waiting on its own condition in between, so a close or a slow device never leaves it stuck inside
// javax.sound (whose blocking read swallows interrupts and polls at a quarter of the buffer).
final class JavaSoundMicrophone implements Microphone {

  private static final Logger log = LoggerFactory.getLogger(JavaSoundMicrophone.class);

  // A capture device that delivers nothing for this long is gone (USB unplugged, driver wedged):
  // javax.sound reports ALSA errors only as reads that return nothing.
  static final long STALL_MS = 2_000;
  // Overrun margin for a busy Pi: GC pauses or a loaded SD card must not lose audio. The read size,
  // not the buffer, sets the latency.
  static final int MIN_BUFFER_MS = 200;
  private static final long MIN_WAIT_NANOS = 1_000_000;
  // The pre-roll requests, as the anchor to reach back from: none pending, or "now" (the newest
  // sample held, however far the stream has gone: an anchor past every position).
  private static final long NO_REQUEST = Long.MIN_VALUE;
  private static final long NOW = Long.MAX_VALUE;

  private final AudioConfig config;
  private final DuplexGate gate;
  private final Listener listener;
  private final LongSupplier nanoClock;
  private final DeviceSlot<TargetDataLine> slot;
  private final int chunkFrames;
  private final PreRollRing ring;
  private final int preRollFrames;
  private final byte[] chunkBytes;
  private final short[] piece;
  private final byte[] pieceBytes;
  private final AtomicLong preRollAnchor = new AtomicLong(NO_REQUEST);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean running;
  private volatile CaptureChain chain;
  private volatile long clippedOnEarlierLines;
  private Thread thread;
  // Capture thread only.
  private boolean gateOpen = true;
  private boolean lossReported;
  private boolean listenerFailed;

  JavaSoundMicrophone(AudioConfig config, DuplexGate gate, Listener listener, int anchorLagMs,
      LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.slot = new DeviceSlot<>("capture", "audio.input.device", config.input().device(), TargetDataLine.class,
        LineOpener::openCapture, log);
    this.chunkFrames = CaptureChain.OUT_RATE_HZ / 1000 * config.chunkMs();
    if (anchorLagMs < 0) {
      throw new IllegalArgumentException("anchorLagMs must be >= 0, was " + anchorLagMs);
    }
    // An anchored pre-roll reaches back preRollMs from a point up to anchorLagMs old.
    this.ring = new PreRollRing(config.preRollMs() + anchorLagMs);
    this.preRollFrames = CaptureChain.OUT_RATE_HZ / 1000 * config.preRollMs();
    this.chunkBytes = new byte[chunkFrames * 2];
    this.piece = new short[chunkFrames];
    this.pieceBytes = new byte[chunkFrames * 2];
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("microphone already started");
    }
    running = true;
    thread = Thread.ofPlatform().name("audio-capture").daemon(true).start(this::run);
  }

  @Override
  public void requestPreRoll() {
    preRollAnchor.set(NOW);
    signal();
  }

  @Override
  public void requestPreRoll(long anchorSample) {
    if (anchorSample < 0) {
      throw new IllegalArgumentException("anchorSample must be >= 0, was " + anchorSample);
    }
    preRollAnchor.set(anchorSample);
    signal();
  }

  @Override
  public long clippedSamples() {
    CaptureChain c = chain;
    return clippedOnEarlierLines + (c == null ? 0 : c.clippedSamples());
  }

  @Override
  public void close() {
    running = false;
    signal();
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
    while (running) {
      LineOpener.Opened<TargetDataLine> opened = slot.tryOpen(Math.max(MIN_BUFFER_MS, 4 * config.chunkMs()));
      if (opened == null) {
        if (!lossReported) {
          lossReported = true;
          notifyLost(slot.lastProblem());
        } else {
          safely(listener::onDeviceRetry);
        }
        deliverPreRollIfAsked();
        await(TimeUnit.MILLISECONDS.toNanos(backoff.nextDelayMs()), true);
        continue;
      }
      backoff.reset();
      String why = capture(opened);
      if (why != null) {
        slot.lost(why);
        lossReported = true;
        notifyLost(why);
      }
    }
  }

  // Reads until closed (returns null) or the device fails (returns why).
  private String capture(LineOpener.Opened<TargetDataLine> opened) {
    TargetDataLine line = opened.line();
    int readFrames = Math.max(1, opened.rateHz() * config.chunkMs() / 1000);
    CaptureChain c = new CaptureChain(converter(opened), opened.rateHz(), chunkFrames, readFrames);
    int readBytes = readFrames * c.frameBytes();
    byte[] buffer = new byte[readBytes];
    double nanosPerByte = 1e9 / ((double) opened.rateHz() * c.frameBytes());
    CaptureChain.Sink sink = this::onChunk;
    chain = c;
    try {
      line.start();
      lossReported = false;
      notifyOpened(opened.description());
      long lastDataNanos = nanoClock.getAsLong();
      while (running) {
        int available = line.available();
        if (available < readBytes) {
          long idleNanos = nanoClock.getAsLong() - lastDataNanos;
          if (idleNanos > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
            return opened.description() + " delivered no audio for " + idleNanos / 1_000_000
                + " ms (unplugged?)";
          }
          await(Math.max(MIN_WAIT_NANOS, (long) ((readBytes - available) * nanosPerByte)), false);
          continue;
        }
        int n = line.read(buffer, 0, readBytes);
        if (n != readBytes) {
          return opened.description() + " returned " + n + " of " + readBytes + " bytes (unplugged?)";
        }
        lastDataNanos = nanoClock.getAsLong();
        c.push(buffer, n, sink);
        if (!gateOpen) {
          // muted: no chunk will come to carry the pre-roll, so answer now
          deliverPreRollIfAsked();
        }
      }
      return null;
    } finally {
      chain = null;
      clippedOnEarlierLines += c.clippedSamples();
      line.close();
    }
  }

  private CaptureConverter converter(LineOpener.Opened<TargetDataLine> opened) {
    int channel = config.input().channel();
    float gain = (float) config.input().gain();
    if (config.input().mixChannels()) {
      return CaptureConverter.mixingAll(opened.format(), gain);
    }
    if (channel >= opened.format().channels()) {
      log.warn("audio.input.channel: {} is not a channel of {} (channels 0-{}); mixing all channels instead",
          channel, opened.description(), opened.format().channels() - 1);
      return CaptureConverter.mixingAll(opened.format(), gain);
    }
    return CaptureConverter.pickingChannel(opened.format(), channel, gain);
  }

  // One 16 kHz chunk, on the capture thread.
  private void onChunk(short[] samples, int frames) {
    if (gate.muted()) {
      java.util.Arrays.fill(samples, 0, frames, (short) 0);
    }
    try {
      listener.onCapture(samples, frames);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
    deliverPreRollIfAsked();
    boolean open = gate.allowsCapture();
    if (open != gateOpen) {
      gateOpen = open;
      if (!open) {
        // What was said before the speaker started is stale by the time it stops.
        ring.clear();
        safely(listener::onPaused);
      } else {
        safely(listener::onResumed);
      }
    }
    if (!open) {
      ring.skip(frames); // counted, so that stream positions stay those of onCapture
      return;
    }
    ring.write(samples, 0, frames);
    Pcm16.toLittleEndian(samples, frames, chunkBytes);
    try {
      listener.onAudio(chunkBytes, frames * 2);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  private void deliverPreRollIfAsked() {
    long anchor = preRollAnchor.getAndSet(NO_REQUEST);
    if (anchor != NO_REQUEST) {
      deliverPreRoll(anchor);
    }
  }

  // preRollMs before the anchor (clamped to the newest sample), and everything held since.
  private void deliverPreRoll(long anchorSample) {
    ring.dropBefore(Math.min(anchorSample, ring.endSample()) - preRollFrames);
    boolean sent = false;
    int n;
    while ((n = ring.read(piece, 0, piece.length)) > 0) {
      boolean last = ring.availableFrames() == 0;
      Pcm16.toLittleEndian(piece, n, pieceBytes);
      try {
        listener.onPreRoll(pieceBytes, n * 2, last);
      } catch (RuntimeException e) {
        listenerFailed(e);
      }
      sent = true;
    }
    if (!sent) {
      try {
        listener.onPreRoll(pieceBytes, 0, true);
      } catch (RuntimeException e) {
        listenerFailed(e);
      }
    }
  }

  private void notifyOpened(String description) {
    safely(() -> listener.onDeviceOpened(description));
  }

  private void notifyLost(String why) {
    safely(() -> listener.onDeviceLost(why));
  }

  private void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  // A listener that throws is a bug in the caller; the microphone keeps capturing.
  private void listenerFailed(RuntimeException e) {
    if (!listenerFailed) {
      listenerFailed = true;
      log.error("microphone listener failed; capture goes on", e);
    } else {
      log.debug("microphone listener failed again: {}", e.toString());
    }
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // Waits for nanos, a close, or (with orPreRoll, while no device is open) a pre-roll request.
  private void await(long nanos, boolean orPreRoll) {
    lock.lock();
    try {
      if (running && !(orPreRoll && preRollAnchor.get() != NO_REQUEST)) {
        wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
