package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.camera.FrameSource.Frame;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.CameraConfigBuilder;
import dev.geminipi.testkit.ManualScheduler;
import dev.geminipi.testkit.ScriptedFrameSource;
import dev.geminipi.testkit.TestJpegs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// Issue 5.3: which frame Vision sends, on a clock the test moves (ManualScheduler) and a camera the
// test feeds (ScriptedFrameSource), so every frame's age is exact and nothing sleeps. VisionTest
// covers the same behaviour against a real camera process and FakeLiveServer, where ages are only
// as exact as a loaded machine allows.
class VisionFreshnessTest {
  private static final int MAX_AGE_MS = 1_500;
  private static final int INTERVAL_MS = 1_000;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ScriptedFrameSource source = new ScriptedFrameSource();
  private final long startNanos = scheduler.nanoTime();
  private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
  private Vision vision;

  // One thing Vision handed to the session, and the thread that handed it over.
  private record Sent(byte[] jpeg, List<FunctionResponse> responses, Thread thread) {
  }

  private final VisionSender sender = new VisionSender() {
    @Override
    public boolean sendVideo(byte[] jpeg) {
      sent.add(new Sent(jpeg, null, Thread.currentThread()));
      return true;
    }

    @Override
    public boolean sendToolResponse(List<FunctionResponse> responses) {
      sent.add(new Sent(null, responses, Thread.currentThread()));
      return true;
    }
  };

  @AfterEach
  void tearDown() {
    if (vision != null) {
      vision.close();
    }
    source.close();
  }

  private Vision start(Mode mode) {
    vision = new Vision(CameraConfigBuilder.defaults().mode(mode).intervalMs(INTERVAL_MS).maxAgeMs(MAX_AGE_MS)
        .timeoutMs(60_000).build(), mode, source, sender, scheduler, scheduler::nanoTime);
    return vision;
  }

  // A moment on the test's clock, in ms from the start of the test.
  private long at(long ms) {
    return startNanos + TimeUnit.MILLISECONDS.toNanos(ms);
  }

  // Small enough to be sent untouched, so the bytes sent are the very frame's.
  private static byte[] jpeg(int seed) {
    return TestJpegs.baseline(TestJpegs.picture(32, 24, seed), 80);
  }

  private Sent take() throws InterruptedException {
    Sent s = sent.poll(5, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("Vision sent nothing within 5 s");
    }
    return s;
  }

  private void assertVideo(Frame expected, String why) throws InterruptedException {
    Sent s = take();
    assertTrue(s.jpeg() != null, "expected a frame, got a tool response " + s.responses());
    assertEquals(expected.sequence(), source.sequenceOf(s.jpeg()), why + " (-1: not a published frame)");
  }

  // The look's answer, then its thread's end: after that, Vision can send nothing more for it.
  private void assertAnswered(String id) throws InterruptedException {
    Sent s = take();
    assertEquals(List.of(FunctionResponse.blocking(id, Vision.LOOK, Outcome.ok(Vision.FRAME_SENT))),
        s.responses());
    assertTrue(s.thread().join(Duration.ofSeconds(5)), "the look's thread ends");
  }

  private void call(String id) {
    assertTrue(vision.onToolCall(new ServerEvent.FunctionCall(id, Vision.LOOK, new JsonObject())));
  }

  @Test
  void look_frameTakenAfterTheCallButStaleWhenPicked_passedOverForTheNextFreshOne() throws Exception {
    start(Mode.ON_REQUEST);
    source.publish(jpeg(1), at(-100));

    call("look-1");
    assertEquals(at(0), source.takeAwait(), "waits for a frame taken after the call");
    scheduler.advanceMillis(2_000);
    Frame stale = source.publish(jpeg(2), at(100)); // after the call, but 1,900 ms old now
    assertEquals(stale.capturedNanos(), source.takeAwait(), "passes over it and waits for a newer one");
    assertTrue(sent.isEmpty(), "nothing sent while waiting: " + sent);
    Frame fresh = source.publish(jpeg(3), at(1_990));

    assertVideo(fresh, "the first frame after the call that is within maxAgeMs");
    assertAnswered("look-1");
    assertTrue(sent.isEmpty(), "one frame per look: " + sent);
  }

  @Test
  void look_frameFromBeforeTheCall_neverSentForIt() throws Exception {
    start(Mode.ON_REQUEST);
    source.publish(jpeg(1), at(-1)); // 1 ms old: fresh, but taken before the call

    call("look-1");
    assertEquals(at(0), source.takeAwait());
    assertTrue(sent.isEmpty(), "the frame from before the call is not sent: " + sent);
    scheduler.advanceMillis(40);
    Frame first = source.publish(jpeg(2), at(30));
    assertVideo(first, "the first frame taken after the call");
    assertAnswered("look-1");

    // The frame just sent is 20 ms old, well within maxAgeMs, but older than the next call.
    scheduler.advanceMillis(10);
    call("look-2");
    assertEquals(at(50), source.takeAwait());
    assertTrue(sent.isEmpty(), "the previous look's frame is not sent again: " + sent);
    scheduler.advanceMillis(20);
    Frame second = source.publish(jpeg(3), at(60));
    assertVideo(second, "a frame taken after the second call");
    assertAnswered("look-2");
    assertTrue(sent.isEmpty(), "nothing else: " + sent);
  }

  // Each tick that must send nothing is followed by one that must send a given frame, and sends are
  // taken in order, so a frame sent when it should not have been shows up in place of that one.
  @Test
  void stream_neverSendsAFrameOlderThanMaxAgeNorTheSameFrameTwice() throws Exception {
    start(Mode.STREAM);
    vision.conversationStarted();
    scheduler.runDue(); // the first tick, at once: no frame yet
    int looked = source.newestCalls();
    assertTrue(looked > 0, "the first tick looked at the camera");

    source.publish(jpeg(1), at(-600)); // 600 ms old now, 1,600 ms at the next tick
    looked = tick(looked);
    scheduler.advanceMillis(950);
    Frame second = source.publish(jpeg(2), at(1_950));
    scheduler.advanceMillis(50); // the tick at 2,000 ms: 50 ms old
    looked = expectStreamed(second, looked);

    looked = tick(looked); // 3,000 ms: still the newest and 1,050 ms old, but already sent
    Frame third = source.publish(jpeg(3), at(2_900));
    scheduler.advanceMillis(INTERVAL_MS); // the tick at 4,000 ms: 1,100 ms old
    looked = expectStreamed(third, looked);

    source.publish(jpeg(4), at(3_400)); // new, but 1,600 ms old at the tick
    looked = tick(looked); // 5,000 ms
    scheduler.advanceMillis(500);
    Frame fifth = source.publish(jpeg(5), at(5_500));
    scheduler.advanceMillis(500); // the tick at 6,000 ms: 500 ms old
    expectStreamed(fifth, looked);

    vision.conversationEnded();
    assertTrue(sent.isEmpty(), "nothing else was streamed: " + sent);
  }

  // Moves to the next tick; returns the count of looks after checking that the tick looked (it
  // would skip the camera if the last frame were still being sent, which the test rules out).
  private int tick(int lookedBefore) {
    scheduler.advanceMillis(INTERVAL_MS);
    return looked(lookedBefore);
  }

  private int looked(int lookedBefore) {
    int looked = source.newestCalls();
    assertTrue(looked > lookedBefore, "the tick at " + (scheduler.nanoTime() - startNanos) / 1_000_000
        + " ms looked at the camera");
    return looked;
  }

  // The tick that just ran sent `frame`; waits for the sending thread to finish, so the next tick
  // finds the stream idle.
  private int expectStreamed(Frame frame, int lookedBefore) throws InterruptedException {
    int looked = looked(lookedBefore);
    Sent s = take();
    assertEquals(frame.sequence(), source.sequenceOf(s.jpeg()), "the frame streamed at "
        + (scheduler.nanoTime() - startNanos) / 1_000_000 + " ms");
    assertTrue(s.thread().join(Duration.ofSeconds(5)), "the sending thread ends");
    return looked;
  }
}
