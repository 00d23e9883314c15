package dev.geminipi.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Pull;
import dev.geminipi.config.Trigger;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriggersTest {
  private static final Trigger.Button BUTTON = Trigger.Button.defaults(17);
  private static final Trigger.Input DOOR = new Trigger.Input(5, Trigger.Input.Edge.RISING,
      Pull.OFF, 50, "The front door opened.", 30);

  private final MockBoard board = MockBoard.open();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private Triggers triggers;

  @AfterEach
  void tearDown() {
    if (triggers != null) {
      triggers.close();
    }
    board.close();
  }

  private void start(Trigger... list) {
    triggers = Triggers.start(List.of(list), board.gpio(), scheduler, scheduler::nanoTime,
        e -> events.add(describe(e)));
  }

  /** One short word per event, so a whole sequence compares at once. */
  private static String describe(TriggerEvent e) {
    return switch (e) {
      case TriggerEvent.Pressed p -> "pressed " + p.trigger().pin();
      case TriggerEvent.Released r -> "released " + r.trigger().pin();
      case TriggerEvent.LongPressed l -> "long " + l.trigger().pin();
      case TriggerEvent.InputFired f -> "fired " + f.trigger().pin() + " " + f.prompt();
    };
  }

  @Test
  void button_pressAndRelease_postsPressedThenReleased() {
    start(BUTTON);
    board.set(17, false);
    assertEquals(List.of(), events, "nothing before the line has settled");
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17"), events);
    board.set(17, true);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17", "released 17"), events);
  }

  @Test
  void button_contactBounce_postsOnePress() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(2);
    board.set(17, true);
    scheduler.advanceMillis(3);
    board.set(17, false);
    scheduler.advanceMillis(19);
    assertEquals(List.of(), events);
    scheduler.advanceMillis(1);
    assertEquals(List.of("pressed 17"), events);
  }

  @Test
  void button_glitchShorterThanDebounce_postsNothing() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(5);
    board.set(17, true);
    scheduler.advanceMillis(100);
    assertEquals(List.of(), events);
  }

  @Test
  void button_heldForLongPressMs_postsLongPressedWhileDown() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(20);
    scheduler.advanceMillis(1999);
    assertEquals(List.of("pressed 17"), events);
    scheduler.advanceMillis(1);
    assertEquals(List.of("pressed 17", "long 17"), events);
    board.set(17, true);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17", "long 17", "released 17"), events);
    assertEquals(0, scheduler.pending());
  }

  @Test
  void button_pushToTalkHeldPastLongPressMs_postsNoLongPress() {
    start(new Trigger.Button(17, Pull.UP, true, 20, Trigger.Button.Mode.PUSH_TO_TALK, 2000));
    board.set(17, false);
    scheduler.advanceMillis(20);
    scheduler.advanceMillis(10_000);
    assertEquals(List.of("pressed 17"), events, "a ten-second sentence is not a hang-up");
    assertEquals(0, scheduler.pending());
    board.set(17, true);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17", "released 17"), events);
  }

  @Test
  void button_releasedBeforeLongPressMs_postsNoLongPress() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(1500);
    board.set(17, true);
    scheduler.advanceMillis(5000);
    assertEquals(List.of("pressed 17", "released 17"), events);
  }

  @Test
  void button_releaseStillDebouncingAtLongPressMs_postsNoLongPress() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(2010);
    board.set(17, true);
    scheduler.advanceMillis(10);
    assertEquals(List.of("pressed 17"), events, "up for 10 ms when the long press falls due");
    scheduler.advanceMillis(10);
    assertEquals(List.of("pressed 17", "released 17"), events);
  }

  @Test
  void button_activeHigh_pressedIsHighLevel() {
    start(new Trigger.Button(17, Pull.DOWN, false, 20, Trigger.Button.Mode.PUSH_TO_TALK, 2000));
    board.set(17, true);
    scheduler.advanceMillis(20);
    board.set(17, false);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17", "released 17"), events);
  }

  @Test
  void button_downAtStart_ignoredUntilReleased() {
    try (LogCapture logs = LogCapture.open()) {
      // Pull OFF: the mock line starts low, which reads as pressed for an active-low button.
      start(new Trigger.Button(17, Pull.OFF, true, 20, Trigger.Button.Mode.TOGGLE, 2000));
      assertEquals(List.of("WARN [dev.geminipi.trigger.ButtonTrigger] button on GPIO 17 is "
          + "pressed at start; it is ignored until released (check the wiring and "
          + "\"activeLow\")"), logs.warnings());
    }
    scheduler.advanceMillis(5000);
    board.set(17, true);
    scheduler.advanceMillis(20);
    assertEquals(List.of(), events);
    board.set(17, false);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17"), events);
  }

  @Test
  void input_risingEdge_firesWithPrompt_atMostOncePerCooldown() {
    start(DOOR);
    board.set(5, true);
    scheduler.advanceMillis(50);
    assertEquals(List.of("fired 5 The front door opened."), events);
    board.set(5, false);
    scheduler.advanceMillis(50);
    board.set(5, true);
    scheduler.advanceMillis(50);
    assertEquals(1, events.size(), "inside the 30 s cooldown");
    board.set(5, false);
    scheduler.advanceMillis(30_000);
    board.set(5, true);
    scheduler.advanceMillis(50);
    assertEquals(2, events.size(), "after the cooldown");
  }

  @Test
  void input_fallingEdge_ignoresRise() {
    start(new Trigger.Input(5, Trigger.Input.Edge.FALLING, Pull.UP, 50, "Doorbell.", 0));
    board.set(5, false);
    scheduler.advanceMillis(50);
    board.set(5, true);
    scheduler.advanceMillis(50);
    board.set(5, false);
    scheduler.advanceMillis(50);
    assertEquals(List.of("fired 5 Doorbell.", "fired 5 Doorbell."), events);
  }

  @Test
  void input_bothEdges_firesOnEach() {
    start(new Trigger.Input(5, Trigger.Input.Edge.BOTH, Pull.OFF, 10, "Motion.", 0));
    board.set(5, true);
    scheduler.advanceMillis(10);
    board.set(5, false);
    scheduler.advanceMillis(10);
    assertEquals(2, events.size());
  }

  @Test
  void start_wakewordAndBrokenPin_skippedOthersWork() {
    try (LogCapture logs = LogCapture.open()) {
      start(new Trigger.Wakeword("/models/hey.onnx", 0.5, Optional.empty(), 2000, false),
          BUTTON, new Trigger.Input(17, Trigger.Input.Edge.RISING, Pull.OFF, 50, "x", 0));
      assertEquals(1, logs.warnings().size());
      assertTrue(logs.warnings().get(0).startsWith("WARN [dev.geminipi.trigger.Triggers] "
          + "trigger on GPIO 17 is disabled: GPIO 17 could not be opened as an input: "),
          logs.warnings().get(0));
    }
    board.set(17, false);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17"), events);
  }

  @Test
  void close_stopsPostingAndCancelsTimers() {
    start(BUTTON);
    board.set(17, false);
    scheduler.advanceMillis(20);
    triggers.close();
    scheduler.advanceMillis(5000);
    board.set(17, true);
    scheduler.advanceMillis(20);
    assertEquals(List.of("pressed 17"), events);
  }

  @Test
  void button_onRealScheduler_postsFromSchedulerThread() throws InterruptedException {
    ScheduledThreadPoolExecutor real = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "test-trigger-scheduler");
      t.setDaemon(true);
      return t;
    });
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try {
      triggers = Triggers.start(List.of(new Trigger.Button(17, Pull.UP, true, 5,
              Trigger.Button.Mode.TOGGLE, 500)), board.gpio(), real, System::nanoTime,
          e -> seen.add(describe(e) + " on " + Thread.currentThread().getName()));
      board.set(17, false);
      assertEquals("pressed 17 on test-trigger-scheduler", take(seen));
      assertEquals("long 17 on test-trigger-scheduler", take(seen));
      board.set(17, true);
      assertEquals("released 17 on test-trigger-scheduler", take(seen));
    } finally {
      real.shutdownNow();
    }
  }

  private static String take(BlockingQueue<String> q) throws InterruptedException {
    String s = q.poll(5, TimeUnit.SECONDS);
    assertNotNull(s, "no trigger event within 5 s");
    return s;
  }
}
