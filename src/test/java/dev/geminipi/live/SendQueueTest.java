package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendQueueTest {
  private static final String TOOL_RESPONSE = "{\"toolResponse\":{}}";

  @Test
  void hasDeliverable_whileTheWriterHoldsATakenItem_isTrue() throws Exception {
    // A close that came between take() and the socket write lost the goodbye's toolResponse
    // (bench/soak.sh): the writer must be let finish the item it holds.
    SendQueue q = new SendQueue(1000, 10_000);
    q.offer(TOOL_RESPONSE, false);
    q.release();

    assertEquals(TOOL_RESPONSE, q.take(0).json());
    assertTrue(q.hasDeliverable(), "the taken item is not written yet");

    q.drainAndClose();
    assertNull(q.take(0), "written; nothing left");
    assertFalse(q.hasDeliverable());
  }

  @Test
  void hasDeliverable_writerWaitingOnAnEmptyQueue_isFalse() throws Exception {
    SendQueue q = new SendQueue(1000, 10_000);
    q.release();

    assertNull(q.take(0));
    assertFalse(q.hasDeliverable());
  }

  @Test
  void hasDeliverable_beforeSetupComplete_isFalse() {
    SendQueue q = new SendQueue(1000, 10_000);
    q.offer(TOOL_RESPONSE, false);

    assertFalse(q.hasDeliverable(), "nothing may go out before release");
  }
}
