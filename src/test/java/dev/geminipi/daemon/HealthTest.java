package dev.geminipi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.audio.Microphone;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog is fed only while the state machine answers, the microphone loop shows life and
 * the timers thread (the WebSocket side's reconnects and timeouts) runs tasks. Each stuck loop
 * is held in a task by a latch and released again; no sleeps.
 */
class HealthTest {
  private static final long WAIT_MS = 200;
  private static final long GENEROUS_MS = 5_000;

  /** The state machine's thread, answering status requests as Conversation does. */
  private final ExecutorService stateMachine = Executors.newSingleThreadExecutor();
  private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
  private final AtomicLong micNanos = new AtomicLong();
  private final MicHealth mic = new MicHealth(new Microphone.Listener() {
    @Override
    public void onAudio(byte[] pcm16k, int length) {
    }

    @Override
    public void onPreRoll(byte[] pcm16k, int length, boolean last) {
    }

    @Override
    public void onPaused() {
    }

    @Override
    public void onResumed() {
    }

    @Override
    public void onDeviceOpened(String description) {
    }

    @Override
    public void onDeviceLost(String why) {
    }
  }, micNanos::get);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch end = new CountDownLatch(1);
  private Thread conversationThread = runningThread();

  private Health health() {
    timers.setRemoveOnCancelPolicy(true);
    return new Health(conversationThread,
        () -> CompletableFuture.supplyAsync(() -> "listening", stateMachine), mic, timers,
        System::nanoTime);
  }

  /** Stands for the conversation thread: alive until the test ends. */
  private Thread runningThread() {
    return Thread.ofPlatform().daemon().start(() -> await(end));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a task on the executor that holds it until released; returns once it holds. */
  private void holdIn(java.util.concurrent.Executor executor) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    executor.execute(() -> {
      entered.countDown();
      await(release);
    });
    assertTrue(entered.await(5, TimeUnit.SECONDS), "the task did not start within 5 s");
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    end.countDown();
    stateMachine.shutdownNow();
    timers.shutdownNow();
  }

  @Test
  void stuck_allLoopsAnswer_empty() {
    assertEquals(Optional.empty(), health().stuck(GENEROUS_MS));
  }

  @Test
  void stuck_timersThreadHeldInATask_withholdsUntilReleased() throws Exception {
    Health h = health();
    holdIn(timers);
    assertEquals(Optional.of("the timers thread (reconnects, timeouts) did not run a task within "
        + "200 ms"), h.stuck(WAIT_MS));
    assertEquals(0, timers.getQueue().size(), "the probe of a stuck thread must not pile up");
    release.countDown();
    assertEquals(Optional.empty(), h.stuck(GENEROUS_MS));
  }

  @Test
  void stuck_timersThreadStopped_withholds() {
    Health h = health();
    timers.shutdownNow();
    assertEquals(Optional.of("the timers thread (reconnects, timeouts) has stopped"),
        h.stuck(WAIT_MS));
  }

  @Test
  void stuck_stateMachineHeldInAnEvent_withholdsUntilReleased() throws Exception {
    Health h = health();
    holdIn(stateMachine);
    assertEquals(Optional.of("the conversation did not answer a status request within 200 ms"),
        h.stuck(WAIT_MS));
    release.countDown();
    assertEquals(Optional.empty(), h.stuck(GENEROUS_MS));
  }

  @Test
  void stuck_conversationThreadEnded_withholds() throws Exception {
    conversationThread = Thread.ofPlatform().start(() -> { });
    conversationThread.join();
    assertEquals(Optional.of("the conversation thread has ended"), health().stuck(WAIT_MS));
  }

  @Test
  void stuck_micLoopSilent_withholdsUntilItShowsLife() {
    Health h = health();
    micNanos.addAndGet(MicHealth.SILENT_LIMIT_NANOS);
    assertEquals(Optional.of("the microphone capture loop has shown no sign of life for over "
        + "45 s"), h.stuck(WAIT_MS));
    mic.onAudio(new byte[640], 640);
    assertEquals(Optional.empty(), h.stuck(GENEROUS_MS));
  }

  // A Pi without a sound card: the loop retries the device every few seconds for ever, which
  // is life, not a stuck loop (found in the emulated Pi: the watchdog restarted it every 75 s).
  @Test
  void stuck_micLoopRetryingAMissingDevice_isAlive() {
    Health h = health();
    mic.onDeviceLost("audio.input.device \"default\" matches no capture device");
    micNanos.addAndGet(MicHealth.SILENT_LIMIT_NANOS - 1);
    mic.onDeviceRetry();
    micNanos.addAndGet(MicHealth.SILENT_LIMIT_NANOS - 1);
    assertEquals(Optional.empty(), h.stuck(GENEROUS_MS));
    micNanos.addAndGet(1);
    assertEquals(Optional.of("the microphone capture loop has shown no sign of life for over "
        + "45 s"), h.stuck(WAIT_MS));
  }
}
