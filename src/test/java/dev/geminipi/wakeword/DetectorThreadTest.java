package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.LogCapture;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DetectorThreadTest {
  private static final PositionStamp NO_SINK = new PositionStamp(d -> { });

  /** Records the first sample of each frame; can be made to hold; fails on negative ones. */
  private static final class ScriptedPipeline implements FramePipeline {
    final BlockingQueue<Short> firsts = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile boolean hold;

    @Override
    public void process(short[] frame) throws Exception {
      entered.countDown();
      if (hold) {
        release.await();
      }
      if (frame[0] < 0) {
        throw new IllegalStateException("model broke");
      }
      firsts.add(frame[0]);
    }

    @Override
    public void close() {
      closed.countDown();
    }

    short next() throws InterruptedException {
      Short s = firsts.poll(5, TimeUnit.SECONDS);
      assertNotNull(s, "expected a processed frame within 5 s");
      return s;
    }
  }

  private static short[] frame(int first) {
    short[] f = new short[FrameQueue.FRAME_SAMPLES];
    f[0] = (short) first;
    return f;
  }

  @Test
  void accept_chunks_reachThePipelineInOrderOnItsThread() throws InterruptedException {
    ScriptedPipeline p = new ScriptedPipeline();
    try (DetectorThread d = new DetectorThread(List.of("w"), p, NO_SINK, System::nanoTime)
        .start()) {
      for (int i = 0; i < 5; i++) {
        short[] f = frame(i);
        d.accept(f, 320);
        short[] rest = new short[FrameQueue.FRAME_SAMPLES - 320];
        System.arraycopy(f, 320, rest, 0, rest.length);
        d.accept(rest, rest.length);
      }
      for (int i = 0; i < 5; i++) {
        assertEquals(i, p.next());
      }
      assertEquals(List.of("w"), d.words());
    }
    assertTrue(p.closed.await(5, TimeUnit.SECONDS), "close frees the pipeline");
  }

  @Test
  void accept_pipelineStuck_returnsAtOnceAndCountsDrops() throws InterruptedException {
    ScriptedPipeline p = new ScriptedPipeline();
    p.hold = true;
    AtomicLong now = new AtomicLong();
    try (LogCapture log = LogCapture.open();
        DetectorThread d = new DetectorThread(List.of("w"), p, NO_SINK, now::get).start()) {
      d.accept(frame(0), FrameQueue.FRAME_SAMPLES);
      assertTrue(p.entered.await(5, TimeUnit.SECONDS));
      int queued = DetectorThread.QUEUE_MS / 80;
      long start = System.nanoTime();
      for (int i = 1; i <= queued + 20; i++) {
        d.accept(frame(i), FrameQueue.FRAME_SAMPLES);
      }
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1),
          "the capture thread must never wait for inference");
      assertEquals(20, d.droppedFrames());
      p.hold = false;
      p.release.countDown();
      for (int i = 0; i <= queued; i++) {
        assertEquals(i, p.next(), "the queued frames survive, the newest were dropped");
      }
      d.accept(frame(99), FrameQueue.FRAME_SAMPLES);
      assertEquals(99, p.next());
      assertTrue(log.warnings().contains("WARN [dev.geminipi.wakeword.DetectorThread] wake word "
          + "detector dropped 20 frames of 80 ms (20 in total): the CPU cannot keep up; "
          + "configure fewer wake words"), log.warnings().toString());
    }
  }

  /** Once released, reports a detection on every frame that holds a 7. */
  private static final class SevensPipeline implements FramePipeline {
    final CountDownLatch release = new CountDownLatch(1);
    final Semaphore processed = new Semaphore(0);
    final PositionStamp stamp;

    SevensPipeline(BlockingQueue<Detection> heard) {
      stamp = new PositionStamp(heard::add);
    }

    @Override
    public void process(short[] frame) throws InterruptedException {
      release.await();
      for (short s : frame) {
        if (s == 7) {
          stamp.accept(new Detection("w", Optional.empty(), 0.9f));
          break;
        }
      }
      processed.release();
    }

    @Override
    public void close() {
    }
  }

  @Test
  void detection_inferenceBehindAndFramesDropped_namesWhereItsFrameEndsInTheStream()
      throws InterruptedException {
    BlockingQueue<Detection> heard = new LinkedBlockingQueue<>();
    SevensPipeline p = new SevensPipeline(heard);
    int frames = DetectorThread.QUEUE_MS / 80 + 5;
    try (DetectorThread d = new DetectorThread(List.of("w"), p, p.stamp, System::nanoTime)
        .start()) {
      // 100 samples first, so the chunks and the 80 ms frames do not line up: the 7 said in
      // chunk 3 is sample 100 of frame 3, which ends at 4 * 1280. The last frames are dropped.
      d.accept(new short[100], 100);
      for (int i = 0; i < frames; i++) {
        d.accept(frame(i == 3 ? 7 : 0), FrameQueue.FRAME_SAMPLES);
      }
      long dropped = d.droppedFrames();
      assertTrue(dropped > 0, "inference held: the queue overflows");
      p.release.countDown();
      Detection late = heard.poll(5, TimeUnit.SECONDS);
      assertNotNull(late, "expected the detection in frame 3 within 5 s");
      assertEquals(4L * FrameQueue.FRAME_SAMPLES, late.streamSample(),
          "the end of the frame that scored, not how far the capture had got");
      assertTrue(p.processed.tryAcquire((int) (frames - dropped), 5, TimeUnit.SECONDS),
          "the queued frames are processed within 5 s");

      d.accept(frame(7), FrameQueue.FRAME_SAMPLES);
      Detection after = heard.poll(5, TimeUnit.SECONDS);
      assertNotNull(after, "expected the detection after the drops within 5 s");
      assertEquals((frames + 1L) * FrameQueue.FRAME_SAMPLES, after.streamSample(),
          "dropped frames still count in the stream");
    }
  }

  @Test
  void process_fails_logsOneStackTraceAndKeepsListening() throws InterruptedException {
    ScriptedPipeline p = new ScriptedPipeline();
    try (LogCapture log = LogCapture.open();
        DetectorThread d = new DetectorThread(List.of("w"), p, NO_SINK, System::nanoTime)
            .start()) {
      d.accept(frame(-1), FrameQueue.FRAME_SAMPLES);
      d.accept(frame(-2), FrameQueue.FRAME_SAMPLES);
      d.accept(frame(3), FrameQueue.FRAME_SAMPLES);
      assertEquals(3, p.next(), "listening goes on after failures");
      assertEquals(1, log.lines().stream().filter(l -> l.startsWith("ERROR")).count(),
          log.lines().toString());
    }
  }

  @Test
  void close_callerInterrupted_keepsTheFlag() {
    ScriptedPipeline p = new ScriptedPipeline();
    DetectorThread d = new DetectorThread(List.of("w"), p, NO_SINK, System::nanoTime).start();
    Thread.currentThread().interrupt();
    try {
      d.close();
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    d.accept(frame(1), FrameQueue.FRAME_SAMPLES);
    assertFalse(p.firsts.contains((short) 1), "audio after close is ignored");
  }
}
