package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The daemon's wake-word detector (openWakeWord's models, the real {@link FrameQueue} and
 * {@link DetectorThread}) on a CPU that cannot keep up: each 80 ms frame is processed only once
 * the capture has gone {@code lagMs} past the frame's end, so every detection comes at least
 * that late. For tests of what the rest of the device does with a late detection; pass
 * {@link #start} where the device starts its detector.
 */
public final class LaggingWakeWords {
  /** The capture normally runs on; if it stops for this long, the lag is given up. */
  private static final long CAPTURE_WAIT_SECONDS = 5;

  private final long lagSamples;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition captured = lock.newCondition();
  // Guarded by lock.
  private long capturedSamples;
  private long lateBySamples = -1;
  // Inference thread only.
  private long frameEndSample;
  private boolean gaveUp;

  public LaggingWakeWords(int lagMs) {
    this.lagSamples = lagMs * 16L;
  }

  /** Starts the detector for {@code triggers}' wake words, which must load. */
  public WakeWordDetector start(List<Trigger> triggers, Consumer<Detection> sink) {
    List<ModelFiles> found = triggers.stream()
        .flatMap(t -> t instanceof Trigger.Wakeword w ? ModelFiles.find(w).stream()
            : Stream.empty())
        .toList();
    PositionStamp stamp = new PositionStamp(d -> {
      noteLateness(d);
      sink.accept(d);
    });
    OnnxPipeline models = OnnxWakeWords.pipeline(found, stamp);
    if (models == null) {
      throw new AssertionError("the wake-word models of " + triggers + " do not load");
    }
    DetectorThread thread = new DetectorThread(models.words(), new Held(models), stamp,
        System::nanoTime).start();
    return new WakeWordDetector() {
      @Override
      public void accept(short[] samples, int length) {
        thread.accept(samples, length);
        lock.lock();
        try {
          capturedSamples += length;
          captured.signalAll();
        } finally {
          lock.unlock();
        }
      }

      @Override
      public List<String> words() {
        return thread.words();
      }

      @Override
      public long droppedFrames() {
        return thread.droppedFrames();
      }

      @Override
      public void close() {
        thread.close();
      }
    };
  }

  /**
   * How far the capture had gone past the last detection's frame when the detection was
   * reported, in ms; -1 before the first.
   */
  public long lastDetectionLateMs() {
    lock.lock();
    try {
      return lateBySamples < 0 ? -1 : lateBySamples / 16;
    } finally {
      lock.unlock();
    }
  }

  private void noteLateness(Detection d) {
    lock.lock();
    try {
      lateBySamples = capturedSamples - d.streamSample();
    } finally {
      lock.unlock();
    }
  }

  /** The models, each frame held back until the capture is {@code lagSamples} past it. */
  private final class Held implements FramePipeline {
    private final OnnxPipeline models;

    Held(OnnxPipeline models) {
      this.models = models;
    }

    @Override
    public void process(short[] frame) throws Exception {
      // No frame is dropped at this lag (the queue holds a second), so frames end every 1280.
      frameEndSample += FrameQueue.FRAME_SAMPLES;
      if (!gaveUp) {
        gaveUp = !awaitCaptured(frameEndSample + lagSamples);
      }
      models.process(frame);
    }

    private boolean awaitCaptured(long samples) throws InterruptedException {
      long left = TimeUnit.SECONDS.toNanos(CAPTURE_WAIT_SECONDS);
      lock.lock();
      try {
        while (capturedSamples < samples) {
          if (left <= 0) {
            return false;
          }
          left = captured.awaitNanos(left);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      models.close();
    }
  }
}
