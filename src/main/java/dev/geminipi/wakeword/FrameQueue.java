package dev.geminipi.wakeword;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cuts capture chunks of any size into 80 ms frames and hands them to the inference thread
 * through a bounded queue (STYLE 13). The frames come from a fixed pool, so the capture thread
 * neither allocates nor blocks.
 *
 * <p>When the queue is full the newest frame is dropped, not the oldest: the queued frames
 * stay contiguous audio for the melspectrogram, and a frame a second late is as useless as a
 * lost one.
 *
 * <p>Each frame carries its place in the stream: the number of samples accepted up to its end,
 * set when the capture thread completes it, so a frame processed late, or after dropped ones,
 * still names the moment it was heard.
 */
final class FrameQueue {
  /** openWakeWord works in steps of 1280 samples (80 ms at 16 kHz): model.py predict(). */
  static final int FRAME_SAMPLES = 1280;

  /** One 80 ms frame and the stream position just past its last sample. */
  static final class Frame {
    final short[] samples = new short[FRAME_SAMPLES];
    long endSample;
  }

  private final BlockingQueue<Frame> ready;
  private final BlockingQueue<Frame> free;
  private final LongAdder dropped = new LongAdder();
  // Capture thread only.
  private Frame filling;
  private int filled;
  private long acceptedSamples;

  /** {@code capacityFrames} frames may wait; two more are being filled and processed. */
  FrameQueue(int capacityFrames) {
    ready = new ArrayBlockingQueue<>(capacityFrames);
    free = new ArrayBlockingQueue<>(capacityFrames + 1);
    for (int i = 0; i < capacityFrames + 1; i++) {
      free.add(new Frame());
    }
    filling = new Frame();
  }

  /** Capture thread: copies the samples and queues every frame they complete. */
  void accept(short[] samples, int length) {
    int offset = 0;
    while (offset < length) {
      int n = Math.min(length - offset, FRAME_SAMPLES - filled);
      System.arraycopy(samples, offset, filling.samples, filled, n);
      filled += n;
      offset += n;
      acceptedSamples += n;
      if (filled == FRAME_SAMPLES) {
        filled = 0;
        filling.endSample = acceptedSamples;
        if (ready.offer(filling)) {
          // Never null: with the frame just queued, at most capacity frames wait and one is in
          // process, so one of the capacity + 2 buffers is free.
          filling = free.poll();
        } else {
          dropped.increment();
        }
      }
    }
  }

  /** Inference thread: the next frame, or null after the timeout. */
  Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
    return ready.poll(timeout, unit);
  }

  /** Inference thread: gives a frame from {@link #poll} back once it is processed. */
  void release(Frame frame) {
    free.offer(frame);
  }

  long dropped() {
    return dropped.sum();
  }
}
