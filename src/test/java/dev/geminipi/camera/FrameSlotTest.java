package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.camera.FrameSource.Frame;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

// The newest-frame slot on a hand-moved clock.
class FrameSlotTest {
  private static final long LONG_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong clock = new AtomicLong(1_000);
  private final FrameSlot slot = new FrameSlot("cam", "fix it", clock::get);

  private static final byte[] A = {1};
  private static final byte[] B = {2};

  private void publishAt(long nanos, byte[] jpeg) {
    clock.set(nanos);
    slot.publish(jpeg);
  }

  @Test
  void publish_capturedNoEarlierThanThePreviousArrival() {
    clock.set(2_000);
    slot.runStarted();
    publishAt(2_500, A);
    publishAt(3_000, B);

    Frame b = slot.newest().orElseThrow();
    assertSame(B, b.jpeg());
    assertEquals(2, b.sequence());
    assertEquals(2_500, b.capturedNanos(), "B may have been exposed while A was still arriving");
    assertEquals(FrameSlot.State.RUNNING, slot.state());
  }

  @Test
  void publish_firstFrameOfARun_capturedNoEarlierThanTheStart() {
    clock.set(5_000);
    slot.runStarted();
    publishAt(9_000, A);

    assertEquals(5_000, slot.newest().orElseThrow().capturedNanos());
    assertEquals(1, slot.framesThisRun());
  }

  @Test
  void await_newestCapturedAfter_returnsItWithoutWaiting() throws Exception {
    publishAt(2_000, A);
    publishAt(3_000, B);

    assertSame(B, slot.await(1_999, 0).jpeg());
  }

  @Test
  void await_newestCapturedBefore_returnsTheNextFrame() throws Exception {
    publishAt(2_000, A); // captured >= 1_000
    CompletableFuture<Frame> next = CompletableFuture.supplyAsync(() -> {
      try {
        return slot.await(1_500, LONG_WAIT_NANOS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    publishAt(3_000, B); // captured >= 2_000, after the moment

    assertSame(B, next.get(10, TimeUnit.SECONDS).jpeg());
  }

  @Test
  void await_nothingInTime_saysHowLongAndTheFix() {
    CameraException e = assertThrows(CameraException.class, () -> slot.await(0, 0));

    assertEquals("no frame from cam within 0 ms (camera.timeoutMs); fix it", e.getMessage());
  }

  @Test
  void await_down_failsAtOnceWithTheReason() {
    slot.down("cam exited with code 1; restarting it");

    CameraException e = assertThrows(CameraException.class, () -> slot.await(0, LONG_WAIT_NANOS));

    assertEquals("cam exited with code 1; restarting it", e.getMessage());
    assertEquals(Optional.of("cam exited with code 1; restarting it"), slot.problem());
  }

  @Test
  void await_freshFrameWhileDown_stillReturned() throws Exception {
    publishAt(2_000, A);
    publishAt(3_000, B);
    slot.down("gone");

    assertSame(B, slot.await(1_500, LONG_WAIT_NANOS).jpeg());
  }

  @Test
  void publish_afterDown_recoversAndSaysSo() {
    slot.down("gone");
    slot.runStarted();

    assertTrue(slot.troubled());
    slot.publish(A);
    assertFalse(slot.troubled(), "the first frame ends the trouble");
    assertEquals(Optional.empty(), slot.problem());
    assertEquals(FrameSlot.State.RUNNING, slot.state());
  }

  @Test
  void publish_afterFailed_ignored() {
    slot.failed("given up");

    slot.publish(A);

    assertEquals(Optional.empty(), slot.newest());
    assertEquals(FrameSlot.State.FAILED, slot.state());
  }

  @Test
  void closed_waitersFailAndStateStays() {
    slot.closed();
    slot.down("late news");

    CameraException e = assertThrows(CameraException.class, () -> slot.await(0, LONG_WAIT_NANOS));
    assertEquals("the camera is closed", e.getMessage());
    assertEquals(FrameSlot.State.CLOSED, slot.state());
  }
}
