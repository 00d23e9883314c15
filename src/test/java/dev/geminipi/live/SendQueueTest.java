package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.live.SendQueue.Offer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SendQueueTest {
  private static final byte[] TOOL_RESPONSE = "{\"toolResponse\":{}}".getBytes(
      StandardCharsets.UTF_8);
  private static final long ANY = Long.MAX_VALUE;

  @Test
  void hasDeliverable_whileTheWriterHoldsATakenItem_isTrue() throws Exception {
    // A close that came between take() and the socket write lost the goodbye's toolResponse
    // (bench/soak.sh): the writer must be let finish the item it holds.
    SendQueue q = new SendQueue(1000, 10_000);
    q.offer(TOOL_RESPONSE, false);
    q.release();

    List<SendQueue.Item> batch = new ArrayList<>();
    assertTrue(q.takeBatch(batch, ANY, 0));
    assertSame(TOOL_RESPONSE, batch.get(0).json());
    assertTrue(q.hasDeliverable(), "the taken item is not written yet");

    q.drainAndClose();
    assertFalse(q.takeBatch(batch, ANY, 0), "written; nothing left");
    assertTrue(batch.isEmpty());
    assertFalse(q.hasDeliverable());
  }

  @Test
  void hasDeliverable_writerWaitingOnAnEmptyQueue_isFalse() throws Exception {
    SendQueue q = new SendQueue(1000, 10_000);
    q.release();

    List<SendQueue.Item> batch = new ArrayList<>();
    assertTrue(q.takeBatch(batch, ANY, 0), "still open");
    assertTrue(batch.isEmpty(), "timed out with nothing");
    assertFalse(q.hasDeliverable());
  }

  @Test
  void hasDeliverable_beforeSetupComplete_isFalse() {
    SendQueue q = new SendQueue(1000, 10_000);
    q.offer(TOOL_RESPONSE, false);

    assertFalse(q.hasDeliverable(), "nothing may go out before release");
  }

  /** One step of a table: offer this (A: audio, T: text) and expect this outcome. */
  record Step(String kind, int chars, SendQueue.Offer expected) {
  }

  static List<Arguments> offers() {
    // Caps: 100 characters of audio, 250 in all.
    return List.of(
        Arguments.of("audio under its cap", List.of(new Step("A", 40, Offer.QUEUED),
            new Step("A", 60, Offer.QUEUED)), "A40 A60"),
        Arguments.of("audio over its cap drops the oldest audio", List.of(
            new Step("A", 40, Offer.QUEUED), new Step("T", 10, Offer.QUEUED),
            new Step("A", 50, Offer.QUEUED), new Step("A", 30, Offer.QUEUED_AFTER_DROP)),
            "T10 A50 A30"),
        Arguments.of("one audio chunk over the cap drops all older audio, keeps the text",
            List.of(new Step("A", 50, Offer.QUEUED), new Step("T", 20, Offer.QUEUED),
                new Step("A", 40, Offer.QUEUED), new Step("A", 95, Offer.QUEUED_AFTER_DROP)),
            "T20 A95"),
        Arguments.of("text is never dropped; past the total cap it is refused", List.of(
            new Step("T", 200, Offer.QUEUED), new Step("T", 40, Offer.QUEUED),
            new Step("T", 20, Offer.OVER_CAP)), "T200 T40"),
        Arguments.of("audio that would pass the total cap is refused, not made room for",
            List.of(new Step("T", 230, Offer.QUEUED), new Step("A", 30, Offer.OVER_CAP)),
            "T230"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("offers")
  void offer_table(String name, List<Step> steps, String left) throws Exception {
    SendQueue q = new SendQueue(100, 250);
    for (Step s : steps) {
      assertEquals(s.expected(), q.offer(message(s.kind(), s.chars()), s.kind().equals("A")),
          name + ": " + s);
    }
    q.release();
    List<String> out = new ArrayList<>();
    List<SendQueue.Item> batch = new ArrayList<>();
    while (q.takeBatch(batch, ANY, 0) && !batch.isEmpty()) {
      for (SendQueue.Item item : batch) {
        out.add((item.audio() ? "A" : "T") + item.json().length);
      }
    }
    assertEquals(left, String.join(" ", out), name);
  }

  @Test
  void takeBatch_takesInOrderUpToItsBytes_butAlwaysOne() throws Exception {
    SendQueue q = new SendQueue(1000, 10_000);
    for (int n : new int[] {300, 30, 40, 500, 20}) {
      q.offer(message("A", n), true);
    }
    q.release();
    List<String> batches = new ArrayList<>();
    List<SendQueue.Item> batch = new ArrayList<>();
    while (q.takeBatch(batch, 400, 0) && !batch.isEmpty()) {
      batches.add(String.join("+", batch.stream().map(i -> "" + i.json().length).toList()));
    }
    assertEquals(List.of("300+30+40", "500", "20"), batches);
  }

  @Test
  void offer_afterClose_isClosed() {
    SendQueue q = new SendQueue(100, 250);
    q.close();
    assertEquals(Offer.CLOSED, q.offer(message("T", 10), false));
  }

  private static byte[] message(String kind, int bytes) {
    return kind.repeat(bytes).getBytes(StandardCharsets.UTF_8);
  }
}
