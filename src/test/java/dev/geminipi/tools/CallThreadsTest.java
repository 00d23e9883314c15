package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallThreadsTest {
  private final CallThreads calls = new CallThreads("test-call-");

  @Test
  void settle_answersOnce() {
    calls.owe("a");
    assertTrue(calls.settle("a"));
    assertFalse(calls.settle("a"), "a second answer to the same call");
  }

  @Test
  void withdraw_returnsOnlyTheCallsStillOwed_andTheirLateResultIsNotSettled() {
    calls.owe("a");
    calls.owe("b");
    calls.settle("b");
    assertEquals(List.of("a"), calls.withdraw(List.of("a", "b", "unknown")));
    assertFalse(calls.settle("a"));
  }

  @Test
  void withdraw_interruptsTheRunningCall() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    calls.owe("a");
    calls.start("a", "lamp", () -> {
      running.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    assertTrue(running.await(5, TimeUnit.SECONDS));
    calls.withdraw(List.of("a"));
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the withdrawn call's thread was not interrupted");
  }

  @Test
  void start_afterTheCallWasWithdrawn_runsNothing() throws InterruptedException {
    AtomicBoolean ran = new AtomicBoolean();
    calls.owe("a");
    calls.withdraw(List.of("a"));
    calls.start("a", "lamp", () -> ran.set(true));
    CountDownLatch after = new CountDownLatch(1);
    calls.later(after::countDown);
    assertTrue(after.await(5, TimeUnit.SECONDS));
    assertFalse(ran.get(), "a withdrawn call was started");
  }

  @Test
  void close_interruptsEveryCall_andSaysSo() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(2);
    CountDownLatch running = new CountDownLatch(2);
    for (String id : List.of("a", "b")) {
      calls.owe(id);
      calls.start(id, id, () -> {
        running.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
      });
    }
    assertTrue(running.await(5, TimeUnit.SECONDS));
    calls.close();
    assertTrue(calls.closed());
    assertTrue(interrupted.await(5, TimeUnit.SECONDS));
    assertFalse(calls.settle("a"));
  }
}
