package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

  private static short[] ramp(int n) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) i;
    }
    return s;
  }

  private static short[] take(FrameQueue q) throws InterruptedException {
    FrameQueue.Frame f = q.poll(0, TimeUnit.MILLISECONDS);
    if (f == null) {
      throw new AssertionError("expected a queued frame, found none");
    }
    short[] copy = f.samples.clone();
    q.release(f);
    return copy;
  }

  private static long takeEnd(FrameQueue q) throws InterruptedException {
    FrameQueue.Frame f = q.poll(0, TimeUnit.MILLISECONDS);
    if (f == null) {
      throw new AssertionError("expected a queued frame, found none");
    }
    q.release(f);
    return f.endSample;
  }

  @Test
  void accept_chunksOfAnySize_makeContiguous80msFrames() throws InterruptedException {
    short[] audio = ramp(4 * FrameQueue.FRAME_SAMPLES + 100);
    FrameQueue q = new FrameQueue(12);
    int[] sizes = {320, 1, 1279, 5, 2000, 7};
    int offset = 0;
    for (int i = 0; offset < audio.length; i++) {
      int n = Math.min(sizes[i % sizes.length], audio.length - offset);
      short[] chunk = new short[n + 3];
      System.arraycopy(audio, offset, chunk, 0, n);
      q.accept(chunk, n);
      offset += n;
    }
    for (int f = 0; f < 4; f++) {
      short[] want = new short[FrameQueue.FRAME_SAMPLES];
      System.arraycopy(audio, f * FrameQueue.FRAME_SAMPLES, want, 0, want.length);
      assertArrayEquals(want, take(q), "frame " + f);
    }
    assertNull(q.poll(0, TimeUnit.MILLISECONDS), "the last 100 samples wait for more");
    assertEquals(0, q.dropped());
  }

  @Test
  void accept_queueFull_dropsNewestFramesAndCountsThem() throws InterruptedException {
    FrameQueue q = new FrameQueue(2);
    for (int f = 0; f < 5; f++) {
      short[] frame = new short[FrameQueue.FRAME_SAMPLES];
      frame[0] = (short) f;
      q.accept(frame, frame.length);
    }
    assertEquals(3, q.dropped());
    assertEquals(0, take(q)[0]);
    assertEquals(1, take(q)[0]);
    short[] next = new short[FrameQueue.FRAME_SAMPLES];
    next[0] = 9;
    q.accept(next, next.length);
    assertEquals(9, take(q)[0], "after a drop the queue takes new audio again");
  }

  @Test
  void accept_workerHoldsAFrame_neverRunsOutOfBuffers() throws InterruptedException {
    FrameQueue q = new FrameQueue(1);
    short[] frame = new short[FrameQueue.FRAME_SAMPLES];
    q.accept(frame, frame.length);
    FrameQueue.Frame held = q.poll(0, TimeUnit.MILLISECONDS);
    for (int i = 0; i < 10; i++) {
      q.accept(frame, frame.length);
    }
    assertEquals(9, q.dropped());
    q.release(held);
    take(q);
    q.accept(frame, frame.length);
    take(q);
  }

  @Test
  void accept_framesAfterDrops_carryTheirEndInTheWholeStream() throws InterruptedException {
    FrameQueue q = new FrameQueue(2);
    q.accept(new short[500], 500);
    for (int f = 0; f < 4; f++) {           // frames 0 and 1 queue, 2 and 3 are dropped
      q.accept(new short[FrameQueue.FRAME_SAMPLES], FrameQueue.FRAME_SAMPLES);
    }
    assertEquals(1280, takeEnd(q));
    assertEquals(2560, takeEnd(q));
    q.accept(new short[FrameQueue.FRAME_SAMPLES], FrameQueue.FRAME_SAMPLES);
    assertEquals(5 * 1280, takeEnd(q), "the dropped frames still count");
    assertEquals(2, q.dropped());
  }
}
