package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * minIntervalSec and maxOnSec remember through the state file: a reload builds a new router
 * (and a new GPIO context), a restart a new process with a new monotonic clock. Both are
 * played here with a fresh board, scheduler and router reading the same file.
 */
class ToolStateTest {
  /** 2026-12-07 07:00 UTC, a wall clock for the file; monotonic time is the scheduler's. */
  private static final long WALL_MS = 1_796_626_800_000L;

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<FunctionResponse> responses = new CopyOnWriteArrayList<>();
  private MockBoard board;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Path file() {
    return dir.resolve("tools.json");
  }

  /** A router as a fresh start builds it: new board, state read from the file. */
  private ToolRouter start(ManualScheduler scheduler, LongSupplier wallMs) {
    board = MockBoard.open();
    open.add(board);
    ToolState state = ToolState.load(file(), scheduler::nanoTime, wallMs);
    ToolRouter router = new ToolRouter(SampleTools.ALL, board.gpio(), Runnable::run, scheduler,
        scheduler::nanoTime, state, new Confirmations(scheduler, scheduler::nanoTime),
        responses::add);
    open.add(router);
    return router;
  }

  private static LongSupplier wall(ManualScheduler s, long offsetMs) {
    return () -> WALL_MS + offsetMs + s.nanoTime() / 1_000_000L;
  }

  private String last() {
    return responses.get(responses.size() - 1).response().toString();
  }

  /** Issue 13, finding 5: two pulses 3 s apart across a reload with minIntervalSec 10. */
  @Test
  void minInterval_holdsAcrossReload() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    ToolRouter first = start(scheduler, wall(scheduler, 0));
    first.call(ToolRouterTest.call("c1", "garage_door", "{}"));
    scheduler.advanceMillis(3000);
    assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"garage_door was switched on "
        + "for 800 ms and is off again\",\"pulsed_ms\":800}", last());
    first.close();
    board.close();

    ToolRouter second = start(scheduler, wall(scheduler, 0));
    second.call(ToolRouterTest.call("c2", "garage_door", "{}"));
    assertEquals("{\"status\":\"not_allowed\",\"retryable\":true,\"message\":\"garage_door may be used once "
        + "every 30 seconds; try again in 27 seconds\",\"retry_after_sec\":27}", last());
    assertTrue(board.isHigh(23), "the active-low relay stays at rest");
  }

  @Test
  void minInterval_holdsAcrossRestart_withANewMonotonicClock() throws Exception {
    ManualScheduler before = new ManualScheduler();
    ToolRouter first = start(before, wall(before, 0));
    first.call(ToolRouterTest.call("c1", "garage_door", "{}"));
    before.advanceMillis(1000);
    first.close();
    board.close();

    // The new process's clock starts where the old one did; 5 s of wall time have passed.
    ManualScheduler after = new ManualScheduler();
    ToolRouter second = start(after, wall(after, 5000));
    second.call(ToolRouterTest.call("c2", "garage_door", "{}"));
    assertEquals("{\"status\":\"not_allowed\",\"retryable\":true,\"message\":\"garage_door may be used once "
        + "every 30 seconds; try again in 25 seconds\",\"retry_after_sec\":25}", last());
    after.advanceMillis(25_000);
    second.call(ToolRouterTest.call("c3", "garage_door", "{}"));
    assertFalse(board.isHigh(23), "30 s after the first pulse it may pulse again");
  }

  @Test
  void minInterval_lastUseInTheFuture_countsAsJustNow() throws Exception {
    Files.writeString(file(), "{\"version\":1,\"tools\":{\"garage_door\":{\"lastUsedEpochMs\":"
        + (WALL_MS + 3_600_000) + "}}}");
    ManualScheduler scheduler = new ManualScheduler();
    ToolRouter router = start(scheduler, wall(scheduler, 0));
    router.call(ToolRouterTest.call("c1", "garage_door", "{}"));
    assertEquals("{\"status\":\"not_allowed\",\"retryable\":true,\"message\":\"garage_door may be used once "
        + "every 30 seconds; try again in 30 seconds\",\"retry_after_sec\":30}", last());
  }

  @Test
  void corruptFile_meansNoHistory_saidOnce() throws Exception {
    Files.writeString(file(), "{\"version\":1,\"tools\":{\"garage_door\":");
    ManualScheduler scheduler = new ManualScheduler();
    try (LogCapture logs = LogCapture.open()) {
      ToolRouter router = start(scheduler, wall(scheduler, 0));
      assertEquals(1, logs.warnings().size(), logs.warnings().toString());
      assertTrue(logs.warnings().get(0).startsWith("WARN [dev.geminipi.tools.ToolState] tool "
          + "history " + file() + " is unreadable ("), logs.warnings().get(0));
      assertTrue(logs.warnings().get(0).endsWith("); starting with no history, so "
          + "minIntervalSec counts from the first call"), logs.warnings().get(0));
      router.call(ToolRouterTest.call("c1", "garage_door", "{}"));
      scheduler.advanceMillis(800);
      assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"garage_door was switched on "
        + "for 800 ms and is off again\",\"pulsed_ms\":800}", last());
      assertEquals(1, logs.warnings().size(), "a good file is written over the bad one");
    }
    assertTrue(Json.parse(Files.readString(file())).asObject().get("tools").asObject()
        .get("garage_door").asObject().getLong("lastUsedEpochMs", -1) > 0);
  }

  @Test
  void missingFile_meansNoHistory_atInfo() {
    ManualScheduler scheduler = new ManualScheduler();
    try (LogCapture logs = LogCapture.open()) {
      start(scheduler, wall(scheduler, 0));
      assertEquals(List.of(), logs.warnings());
      assertTrue(logs.lines().contains("INFO [dev.geminipi.tools.ToolState] no tool history at "
          + file() + " yet; minIntervalSec counts from the first call"), logs.lines()
          .toString());
    }
  }

  @Test
  void outputOnAtStop_isReportedOnce_andStartsAtRest() throws Exception {
    ManualScheduler before = new ManualScheduler();
    ToolRouter first = start(before, wall(before, 0));
    first.call(ToolRouterTest.call("c1", "set_lamp", "{\"on\":true}"));
    before.advanceMillis(42_000);
    // A crash: nothing rests the pin or clears the file.
    assertTrue(Files.readString(file()).contains("\"onSinceEpochMs\":"));
    board.close();

    ManualScheduler after = new ManualScheduler();
    try (LogCapture logs = LogCapture.open()) {
      start(after, wall(after, 42_000));
      assertTrue(logs.lines().contains("INFO [dev.geminipi.tools.ToolState] set_lamp was on "
          + "for 42 s when gemini-pi last stopped; it starts at rest"), logs.lines().toString());
      assertFalse(board.isHigh(22));
    }
    assertFalse(Files.readString(file()).contains("onSinceEpochMs"), "said once, not at every "
        + "start");
  }

  @Test
  void toolsWithoutLimits_neverWriteTheFile() {
    ManualScheduler scheduler = new ManualScheduler();
    ToolRouter router = start(scheduler, wall(scheduler, 0));
    router.call(ToolRouterTest.call("c1", "fan", "{\"percent\":40}"));
    router.call(ToolRouterTest.call("c2", "fan", "{\"percent\":0}"));
    router.call(ToolRouterTest.call("c3", "front_door", "{}"));
    assertEquals(3, responses.size());
    assertFalse(Files.exists(file()), "no wear on the SD card for tools with no limit");
  }
}
