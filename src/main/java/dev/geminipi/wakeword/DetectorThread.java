package dev.geminipi.wakeword;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running detector: the capture thread fills a {@link FrameQueue}, and one platform thread
 * (CPU-bound native inference has no use for a virtual one) runs the pipeline on each frame,
 * its detections stamped with that frame's stream position ({@link PositionStamp}).
 */
final class DetectorThread implements WakeWordDetector {
  private static final Logger log = LoggerFactory.getLogger(DetectorThread.class);
  /** A second of audio may wait: enough for a slow Pi to catch up after a spike. */
  static final int QUEUE_MS = 1000;
  private static final long POLL_MS = 200;
  private static final long CLOSE_WAIT_MS = 2000;
  private static final long DROP_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final List<String> words;
  private final FramePipeline pipeline;
  private final PositionStamp stamp;
  private final FrameQueue queue;
  private final LongSupplier nanoTime;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Inference thread only.
  private long droppedLogged;
  private long lastDropLogNanos;
  private long failures;

  /** {@code pipeline} reports its detections to {@code stamp}. */
  DetectorThread(List<String> words, FramePipeline pipeline, PositionStamp stamp,
      LongSupplier nanoTime) {
    this.words = List.copyOf(words);
    this.pipeline = pipeline;
    this.stamp = stamp;
    this.queue = new FrameQueue(QUEUE_MS / 80);
    this.nanoTime = nanoTime;
    this.thread = Thread.ofPlatform().name("wakeword").daemon().unstarted(this::run);
  }

  DetectorThread start() {
    lastDropLogNanos = nanoTime.getAsLong() - DROP_LOG_NANOS;
    thread.start();
    return this;
  }

  @Override
  public void accept(short[] samples, int length) {
    if (!closed.get()) {
      queue.accept(samples, length);
    }
  }

  @Override
  public List<String> words() {
    return words;
  }

  @Override
  public long droppedFrames() {
    return queue.dropped();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Freeing the sessions under a running inference would crash in native code.
      log.warn("wake word thread did not stop within {} ms; its models stay loaded",
          CLOSE_WAIT_MS);
      return;
    }
    pipeline.close();
  }

  private void run() {
    while (!closed.get()) {
      FrameQueue.Frame frame;
      try {
        frame = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (frame == null) {
        continue;
      }
      try {
        stamp.frame(frame.endSample);
        pipeline.process(frame.samples);
      } catch (Exception e) {
        failed(e);
      } finally {
        queue.release(frame);
      }
      reportDrops();
    }
  }

  private void failed(Exception e) {
    // A failing model fails on every frame: one stack trace (a bug), then DEBUG.
    if (failures++ == 0) {
      log.error("wake word inference failed; listening goes on with the next frame", e);
    } else {
      log.debug("wake word inference failed again ({} times): {}", failures, e.toString());
    }
  }

  private void reportDrops() {
    long dropped = queue.dropped();
    long now = nanoTime.getAsLong();
    if (dropped > droppedLogged && now - lastDropLogNanos >= DROP_LOG_NANOS) {
      // Public surface (STYLE 25).
      log.warn("wake word detector dropped {} frames of 80 ms ({} in total): the CPU cannot "
          + "keep up; configure fewer wake words", dropped - droppedLogged, dropped);
      droppedLogged = dropped;
      lastDropLogNanos = now;
    }
  }
}
