package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlaybackQueueTest {

  private static PlaybackQueue.Chunk ms(int ms) {
    return new PlaybackQueue.Chunk(new short[24 * ms], 24_000);
  }

  @Test
  void offer_pastTheBound_dropsTheNewestAndCountsIt() {
    PlaybackQueue q = new PlaybackQueue(100);
    PlaybackQueue.Chunk first = ms(60);

    assertTrue(q.offer(first));
    assertFalse(q.offer(ms(60)));
    assertTrue(q.offer(ms(40)));

    assertEquals(60, q.droppedMs());
    assertSame(first, q.poll());
  }

  @Test
  void cut_dropsEverythingWithoutCountingAndIsTakenOnce() {
    PlaybackQueue q = new PlaybackQueue(1_000);
    q.offer(ms(100));

    q.cut();

    assertNull(q.poll());
    assertEquals(0, q.droppedMs(), "cut audio was unwanted, not lost");
    assertTrue(q.takeCut());
    assertFalse(q.takeCut());
    assertTrue(q.offer(ms(900)), "the bound is free again");
  }

  @Test
  void discard_countsWhatWasQueued() {
    PlaybackQueue q = new PlaybackQueue(1_000);
    q.offer(ms(100));
    q.offer(ms(20));

    q.discard();

    assertEquals(120, q.droppedMs());
    assertNull(q.poll());
  }

  @Test
  void await_withAudioQueued_returnsAtOnceOnlyWhenWaitingForData() throws InterruptedException {
    PlaybackQueue q = new PlaybackQueue(1_000);
    q.offer(ms(20));

    // No limit: with data queued it must not wait at all; if it did, nothing would wake it.
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> q.await(-1, true));
    assertEquals(24 * 20, q.poll().samples().length, "the chunk is still there");
  }
}
