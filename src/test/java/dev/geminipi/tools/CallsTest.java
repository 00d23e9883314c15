package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.testkit.ManualScheduler;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry of calls in flight on its own: who settles a call, and what is a repeat. */
class CallsTest {
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final MockBoard board = MockBoard.open();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Calls calls = new Calls(scheduler::nanoTime, WINDOW_NANOS);
  private final Tool lamp = Tool.open(SampleTools.LAMP, board.gpio());
  private final Tool garage = Tool.open(SampleTools.GARAGE, board.gpio());
  private final Tool frontDoor = Tool.open(SampleTools.FRONT_DOOR, board.gpio());

  @AfterEach
  void tearDown() {
    board.close();
  }

  private Call call(String id, Tool tool, String args) {
    return new Call(ToolRouterTest.call(id, tool.name(), args), tool, calls.nextBatch());
  }

  /** Opens and starts {@code c} as its lane would; the lane's release is not needed here. */
  private Call running(Call c) {
    assertEquals(new Calls.Opening.Opened(), calls.open(c));
    assertTrue(calls.start(c, () -> { }));
    return c;
  }

  // ------------------------------------------------------- complete vs withdraw: decided once

  @Test
  void complete_thenWithdraw_answerWins_andTheWithdrawalFindsNothing() {
    Call c = running(call("c1", lamp, "{\"on\":true}"));
    assertTrue(calls.complete(c), "owed its answer");
    assertEquals(List.of(), calls.withdraw(List.of("c1")));
    assertEquals(Call.State.DONE, c.state);
  }

  @Test
  void withdraw_thenComplete_withdrawalWins_andTheLateAnswerIsDropped() {
    Call c = running(call("c1", lamp, "{\"on\":true}"));
    assertEquals(List.of(new Calls.Withdrawn(c, false)), calls.withdraw(List.of("c1")));
    assertFalse(calls.complete(c), "a withdrawn call gets no answer");
    assertEquals(Call.State.CANCELLED, c.state);
  }

  @Test
  void complete_twice_answersOnce() {
    Call c = running(call("c1", lamp, "{\"on\":true}"));
    assertTrue(calls.complete(c));
    assertFalse(calls.complete(c));
  }

  @Test
  void complete_refusedBeforeItsLane_isOwedItsAnswer() {
    Call c = call("c1", lamp, "{\"on\":true}");
    calls.open(c);
    assertTrue(calls.complete(c), "busy or not confirmed: answered, never run");
    assertFalse(calls.start(c, () -> { }), "and it cannot run afterwards");
  }

  @Test
  void withdraw_queuedCall_neverStarts_andHasNoPulseToCut() {
    Call c = call("c1", garage, "{}");
    calls.open(c);
    assertEquals(List.of(new Calls.Withdrawn(c, false)), calls.withdraw(List.of("c1", "c9")));
    AtomicInteger released = new AtomicInteger();
    assertFalse(calls.start(c, released::incrementAndGet));
    assertEquals(0, released.get(), "start leaves releasing the lane to its caller");
  }

  @Test
  void withdraw_byPredicate_takesOnlyTheSelectedCalls() {
    Call read = running(call("r1", frontDoor, "{}"));
    Call pulse = running(call("p1", garage, "{}"));
    assertEquals(List.of(new Calls.Withdrawn(read, false)), calls.withdraw(
        c -> c.tool.config().behavior() == ToolConfig.Behavior.BLOCKING));
    assertTrue(calls.complete(pulse), "the non-blocking call goes on");
    assertFalse(calls.complete(read));
  }

  /** The same decision with real threads racing: exactly one side wins, every time. */
  @Test
  void completeAndWithdraw_racingOnTwoThreads_exactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 300; i++) {
        Call c = running(call("c" + i, lamp, "{\"on\":" + (i % 2 == 0) + "}"));
        CyclicBarrier go = new CyclicBarrier(2);
        Future<Boolean> answered = pool.submit(() -> {
          go.await(5, TimeUnit.SECONDS);
          return calls.complete(c);
        });
        Future<List<Calls.Withdrawn>> withdrawn = pool.submit(() -> {
          go.await(5, TimeUnit.SECONDS);
          return calls.withdraw(List.of(c.fc.id()));
        });
        boolean a = answered.get(5, TimeUnit.SECONDS);
        int w = withdrawn.get(5, TimeUnit.SECONDS).size();
        assertEquals(1, (a ? 1 : 0) + w, "round " + i + ": answered=" + a + " withdrawn=" + w);
        assertEquals(a ? Call.State.DONE : Call.State.CANCELLED, c.state, "round " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // -------------------------------------------------------------------------- pulses

  @Test
  void withdraw_runningPulse_takesBackItsEnd_soThePinRestsNow_andTheLateAnswerIsDropped() {
    Call c = running(call("p1", garage, "{}"));
    AtomicInteger ended = new AtomicInteger();
    assertTrue(calls.holdPulse(c, () -> scheduler.schedule(ended::incrementAndGet, 800,
        TimeUnit.MILLISECONDS)));
    scheduler.advanceMillis(300);
    assertEquals(List.of(new Calls.Withdrawn(c, true)), calls.withdraw(List.of("p1")),
        "pulseCut: the caller rests the pin at once");
    assertEquals(0, scheduler.pending(), "the scheduled end is taken back");
    scheduler.advanceMillis(5000);
    assertEquals(0, ended.get());
    assertFalse(calls.complete(c), "the end the caller runs now answers nobody");
  }

  @Test
  void withdraw_pulseWhoseEndAlreadyFired_leavesTheRestToThatEnd() {
    Call c = running(call("p1", garage, "{}"));
    AtomicInteger ended = new AtomicInteger();
    calls.holdPulse(c, () -> scheduler.schedule(ended::incrementAndGet, 800,
        TimeUnit.MILLISECONDS));
    scheduler.advanceMillis(800);
    assertEquals(1, ended.get());
    assertEquals(List.of(new Calls.Withdrawn(c, false)), calls.withdraw(List.of("p1")),
        "no second end: the one on its way rests the pin");
    assertFalse(calls.complete(c), "and its answer is dropped");
  }

  @Test
  void holdPulse_afterTheCallWasWithdrawn_refuses_soThePulseEndsAtOnce() {
    Call c = running(call("p1", garage, "{}"));
    calls.withdraw(List.of("p1"));
    assertFalse(calls.holdPulse(c, () -> scheduler.schedule(() -> { }, 800,
        TimeUnit.MILLISECONDS)));
    assertEquals(0, scheduler.pending());
  }

  @Test
  void holdPulse_timersStopped_refuses() {
    Call c = running(call("p1", garage, "{}"));
    scheduler.shutdown();
    assertFalse(calls.holdPulse(c, () -> scheduler.schedule(() -> { }, 800,
        TimeUnit.MILLISECONDS)));
  }

  @Test
  void close_withdrawsEveryCall_takesBackPulseEnds_andOpensNoMore() {
    Call pulse = running(call("p1", garage, "{}"));
    calls.holdPulse(pulse, () -> scheduler.schedule(() -> { }, 800, TimeUnit.MILLISECONDS));
    Call queued = call("q1", lamp, "{\"on\":true}");
    calls.open(queued);
    assertTrue(calls.close());
    assertFalse(calls.close(), "once");
    assertTrue(calls.isClosed());
    assertEquals(0, scheduler.pending());
    assertFalse(calls.complete(pulse));
    assertFalse(calls.start(queued, () -> { }));
    assertEquals(new Calls.Opening.Closed(), calls.open(call("c2", lamp, "{\"on\":false}")));
  }

  // ------------------------------------------------------------------------- repeats

  @Test
  void open_sameToolAndArguments_whileTheFirstRuns_isARepeatOfIt() {
    running(call("c1", garage, "{}"));
    assertEquals(new Calls.Opening.Repeat("c1", false), calls.open(call("c2", garage, "{}")));
  }

  @Test
  void open_sameCallsInOneToolCall_areAllMeant() {
    long batch = calls.nextBatch();
    Call a = new Call(ToolRouterTest.call("a", "garage_door", "{}"), garage, batch);
    Call b = new Call(ToolRouterTest.call("b", "garage_door", "{}"), garage, batch);
    assertEquals(new Calls.Opening.Opened(), calls.open(a));
    assertEquals(new Calls.Opening.Opened(), calls.open(b), "ring twice");
  }

  @Test
  void open_otherArguments_isANewWish() {
    running(call("c1", lamp, "{\"on\":true}"));
    assertEquals(new Calls.Opening.Opened(), calls.open(call("c2", lamp, "{\"on\":false}")));
  }

  @Test
  void open_repeatOfAMovedCall_countsForTheWindowAfterItsEnd() {
    Call c = running(call("c1", garage, "{}"));
    calls.moved(c);
    calls.complete(c);
    scheduler.advanceMillis(2999);
    assertEquals(new Calls.Opening.Repeat("c1", true), calls.open(call("c2", garage, "{}")));
    scheduler.advanceMillis(1);
    assertEquals(new Calls.Opening.Opened(), calls.open(call("c3", garage, "{}")),
        "3 s after its end it is a new wish");
  }

  @Test
  void open_repeatOfAWithdrawnCallThatMoved_isARepeat_withinTheWindow() {
    Call c = running(call("c1", garage, "{}"));
    calls.moved(c);
    calls.withdraw(List.of("c1")); // 3.8 dropped it on an interruption and re-issues it
    scheduler.advanceMillis(500);
    assertEquals(new Calls.Opening.Repeat("c1", false), calls.open(call("c2", garage, "{}")));
  }

  @Test
  void open_repeatOfACallThatMovedNothing_isANewWish() {
    Call c = running(call("c1", lamp, "{\"on\":true}"));
    calls.complete(c); // refused (too soon, bad arguments): nothing moved
    assertEquals(new Calls.Opening.Opened(), calls.open(call("c2", lamp, "{\"on\":true}")));
  }

  @Test
  void open_readsAndConfirmedTools_areNeverRepeats() {
    running(call("r1", frontDoor, "{}"));
    assertEquals(new Calls.Opening.Opened(), calls.open(call("r2", frontDoor, "{}")),
        "a read moves nothing");
    ToolConfig g = SampleTools.GARAGE;
    Tool confirmed = Tool.open(new ToolConfig("open_garage", g.description(), 12, g.action(),
        g.activeHigh(), g.pulseMs(), g.states(), g.frequencyHz(), g.maxOnSec(), 0,
        new Confirmation(Confirmation.Kind.BUTTON, 20, List.of(17)), false, g.behavior(),
        g.scheduling()), board.gpio());
    running(call("g1", confirmed, "{}"));
    assertEquals(new Calls.Opening.Opened(), calls.open(call("g2", confirmed, "{}")),
        "the gate uses each press once");
  }

  @Test
  void open_negativeWindow_turnsRepeatsOff() {
    Calls noRepeats = new Calls(scheduler::nanoTime, -1);
    Call c1 = new Call(ToolRouterTest.call("c1", "garage_door", "{}"), garage, 1);
    Call c2 = new Call(ToolRouterTest.call("c2", "garage_door", "{}"), garage, 2);
    assertEquals(new Calls.Opening.Opened(), noRepeats.open(c1));
    assertEquals(new Calls.Opening.Opened(), noRepeats.open(c2));
  }

  @Test
  void withdraw_unknownOrAnsweredIds_withdrawsNothing() {
    Call c = running(call("c1", lamp, "{\"on\":true}"));
    calls.complete(c);
    assertEquals(List.of(), calls.withdraw(List.of("c1", "nope")));
  }
}
