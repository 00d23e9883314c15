package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router on the mock platform with virtual time and calls run inline, so every step is
 * deterministic; ToolRouterThreadsTest covers the real threads.
 */
class ToolRouterTest {
  private final MockBoard board = MockBoard.open();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<FunctionResponse> responses = new CopyOnWriteArrayList<>();
  private ToolRouter router = start(SampleTools.ALL);

  @AfterEach
  void tearDown() {
    router.close();
    board.close();
  }

  private ToolRouter start(List<ToolConfig> tools) {
    return new ToolRouter(tools, board.gpio(), Runnable::run, scheduler, scheduler::nanoTime,
        ToolState.inMemory(scheduler::nanoTime), new Confirmations(scheduler,
        scheduler::nanoTime), responses::add);
  }

  static ServerEvent.FunctionCall call(String id, String name, String args) {
    return new ServerEvent.FunctionCall(id, name, Json.parse(args).asObject());
  }

  private static final Optional<ToolConfig.Scheduling> WHEN_IDLE =
      Optional.of(ToolConfig.Scheduling.WHEN_IDLE);
  private static final Optional<ToolConfig.Scheduling> INTERRUPT =
      Optional.of(ToolConfig.Scheduling.INTERRUPT);

  /** An answer as the model gets it. */
  private static FunctionResponse answer(String id, String name, String json,
      Optional<ToolConfig.Scheduling> scheduling) {
    return new FunctionResponse(id, name, Json.parse(json).asObject(), scheduling);
  }

  private static String ok(String message, String state) {
    return "{\"status\":\"ok\",\"retryable\":false,\"message\":\"" + message + "\"," + state
        + "}";
  }

  private static String error(String status, boolean retryable, String message) {
    return "{\"status\":\"" + status + "\",\"retryable\":" + retryable + ",\"message\":"
        + Json.value(message) + "}";
  }

  private List<String> answers() {
    return responses.stream().map(r -> r.response().toString()).toList();
  }

  private FunctionResponse only() {
    assertEquals(1, responses.size(), responses.toString());
    return responses.get(0);
  }

  /** Every pin's level at once: lamp, garage relay, heater relay, fan duty. */
  private String pins() {
    return "lamp=" + board.isHigh(22) + " garage=" + board.isHigh(23) + " heater="
        + board.isHigh(24) + " fan=" + board.duty(18);
  }

  @Test
  void start_outputsRest_activeLowLinesHigh() {
    assertEquals("lamp=false garage=true heater=true fan=0", pins());
  }

  @Test
  void switch_on_drivesPinAndAnswersNewStateWithSameId() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    assertTrue(board.isHigh(22));
    assertEquals(answer("c1", "set_lamp", ok("set_lamp is on now", "\"on\":true"), WHEN_IDLE),
        only());
    router.call(call("c2", "set_lamp", "{\"on\":false}"));
    assertFalse(board.isHigh(22));
    assertEquals(answer("c2", "set_lamp", ok("set_lamp is off now", "\"on\":false"), WHEN_IDLE),
        responses.get(1));
  }

  @Test
  void toggle_activeLow_flipsAndAnswersNewState() {
    router.call(call("c1", "heater", "{}"));
    assertFalse(board.isHigh(24), "active-low: on is a low line");
    scheduler.advanceMillis(3000); // past the repeat window: a second wish, not a re-issue
    router.call(call("c2", "heater", "{}"));
    assertTrue(board.isHigh(24));
    assertEquals(List.of(ok("heater is on now", "\"on\":true"),
        ok("heater is off now", "\"on\":false")), answers());
  }

  @Test
  void pulse_holdsForPulseMsThenRests_answersWhenDone() {
    List<String> levels = board.record(23);
    router.call(call("c1", "garage_door", "{}"));
    assertFalse(board.isHigh(23), "active-low relay pulled in");
    scheduler.advanceMillis(799);
    assertEquals(List.of(), responses);
    assertFalse(board.isHigh(23));
    scheduler.advanceMillis(1);
    assertTrue(board.isHigh(23));
    assertEquals(answer("c1", "garage_door", ok("garage_door was switched on for 800 ms and is "
        + "off again", "\"pulsed_ms\":800"), WHEN_IDLE), only());
    assertEquals(List.of("L", "H"), levels);
  }

  @Test
  void pwm_setsDutyAndRoundsToWholePercent() {
    router.call(call("c1", "fan", "{\"percent\":40}"));
    assertEquals(40, board.duty(18));
    router.call(call("c2", "fan", "{\"percent\":62.6}"));
    assertEquals(63, board.duty(18));
    assertEquals(List.of(ok("fan is at 40 percent now", "\"percent\":40"),
        ok("fan is at 63 percent now", "\"percent\":63")), answers());
  }

  @Test
  void read_answersTheOwnersWordsForTheLevel() {
    router.call(call("c1", "front_door", "{}"));
    board.set(5, true);
    router.call(call("c2", "front_door", "{}"));
    assertEquals(List.of(ok("front_door reads closed", "\"state\":\"closed\""),
        ok("front_door reads open", "\"state\":\"open\"")), answers());
    assertEquals(Optional.empty(), responses.get(0).scheduling(), "a read is blocking");
  }

  @Test
  void badCalls_answerErrorWithSameId_andMoveNoPin() {
    String before = pins();
    List<String[]> cases = List.of(
        new String[] {"fly", "{}", "there is no tool named \"fly\"; the tools are set_lamp, "
            + "garage_door, fan, heater, front_door", "[\"set_lamp\",\"garage_door\",\"fan\",\"heater\",\"front_door\"]"},
        new String[] {"set_lamp", "{}", "set_lamp needs \"on\": true to switch it on or false "
            + "to switch it off", "[{\"on\":true},{\"on\":false}]"},
        new String[] {"set_lamp", "{\"on\":\"yes\"}", "set_lamp needs \"on\" to be true or "
            + "false, not \"yes\"", "[{\"on\":true},{\"on\":false}]"},
        new String[] {"set_lamp", "{\"on\":true,\"brightness\":5}", "set_lamp takes only "
            + "\"on\", not \"brightness\"", "[{\"on\":true},{\"on\":false}]"},
        new String[] {"fan", "{}", "fan needs \"percent\": a number from 0 to 100", "[{\"percent\":\"a number from 0 to 100\"}]"},
        new String[] {"fan", "{\"percent\":\"forty\"}", "fan needs \"percent\" to be a number "
            + "from 0 to 100, not \"forty\"", "[{\"percent\":\"a number from 0 to 100\"}]"},
        new String[] {"fan", "{\"percent\":140}", "fan needs \"percent\" from 0 to 100, not "
            + "140", "[{\"percent\":\"a number from 0 to 100\"}]"},
        new String[] {"fan", "{\"percent\":-1}", "fan needs \"percent\" from 0 to 100, not -1", "[{\"percent\":\"a number from 0 to 100\"}]"},
        new String[] {"garage_door", "{\"duration_ms\":60000}", "garage_door takes no "
            + "arguments, not \"duration_ms\"", "[{}]"},
        new String[] {"heater", "{\"on\":true}", "heater takes no arguments, not \"on\"", "[{}]"});
    for (int i = 0; i < cases.size(); i++) {
      String[] c = cases.get(i);
      router.call(call("bad-" + i, c[0], c[1]));
      scheduler.advanceMillis(5000);
      FunctionResponse r = responses.get(i);
      assertEquals("bad-" + i, r.id());
      assertEquals("invalid_argument", r.response().getString("status", ""), c[2]);
      assertEquals(false, r.response().getBoolean("retryable", true));
      assertEquals(c[2], r.response().getString("message", ""));
      assertEquals(c[3], r.response().get("valid_options").toString(), c[2]);
      assertEquals(c[0].equals("fly") || c[0].equals("front_door") ? Optional.empty()
          : INTERRUPT, r.scheduling(), "a refusal reaches the user promptly: " + c[2]);
      assertEquals(before, pins(), "after " + c[0] + " " + c[1]);
    }
    assertEquals(cases.size(), responses.size());
  }

  @Test
  void minInterval_refusesWithSecondsToWait_andMovesNoPin() {
    router.call(call("c1", "garage_door", "{}"));
    scheduler.advanceMillis(10_000);
    String before = pins();
    router.call(call("c2", "garage_door", "{}"));
    assertEquals(before, pins());
    assertEquals(answer("c2", "garage_door", error("not_allowed", true, "garage_door may be "
        + "used once every 30 seconds; try again in 20 seconds").replace("}",
        ",\"retry_after_sec\":20}"), INTERRUPT), responses.get(1));
    scheduler.advanceMillis(19_500);
    router.call(call("c3", "garage_door", "{}"));
    assertEquals(error("not_allowed", true, "garage_door may be used once every 30 seconds; "
        + "try again in 1 second").replace("}", ",\"retry_after_sec\":1}"), answers().get(2));
    scheduler.advanceMillis(500);
    router.call(call("c4", "garage_door", "{}"));
    assertFalse(board.isHigh(23), "30 s after the first call it may pulse again");
  }

  @Test
  void cancel_runningPulse_restsPinAtOnce_andAnswersNothing() {
    List<String> levels = board.record(23);
    router.call(call("c1", "garage_door", "{}"));
    scheduler.advanceMillis(300);
    router.cancel(new ServerEvent.ToolCallCancellation(List.of("c1")));
    assertTrue(board.isHigh(23), "back at rest 500 ms early");
    scheduler.advanceMillis(5000);
    assertEquals(List.of(), responses);
    assertEquals(List.of("L", "H"), levels);
  }

  @Test
  void samePin_callsRunOneAfterAnother_cancelledQueuedCallNeverRuns() {
    ToolConfig bell = new ToolConfig("bell", "Rings the bell.", 6, ToolConfig.Action.PULSE,
        true, 1000, ToolConfig.States.defaults(), 1000, 0, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
    router.close();
    router = start(List.of(bell));
    List<String> levels = board.record(6);
    router.handle(new ServerEvent.ToolCall(List.of(call("a", "bell", "{}"),
        call("b", "bell", "{}"), call("c", "bell", "{}"))));
    assertEquals(List.of("H"), levels, "b and c wait for a's pulse");
    router.cancel(new ServerEvent.ToolCallCancellation(List.of("b")));
    scheduler.advanceMillis(1000);
    assertEquals(List.of("a"), responses.stream().map(FunctionResponse::id).toList());
    assertEquals(List.of("H", "L", "H"), levels, "c starts as soon as a ends; b never runs");
    scheduler.advanceMillis(1000);
    assertEquals(List.of("a", "c"), responses.stream().map(FunctionResponse::id).toList());
    assertEquals(List.of("H", "L", "H", "L"), levels);
  }

  @Test
  void samePin_tooManyWaitingCalls_refusesTheRest() {
    ToolConfig bell = new ToolConfig("bell", "Rings the bell.", 6, ToolConfig.Action.PULSE,
        true, 1000, ToolConfig.States.defaults(), 1000, 0, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
    router.close();
    router = start(List.of(bell));
    List<ServerEvent.FunctionCall> calls = new java.util.ArrayList<>();
    for (int i = 0; i <= ToolRouter.MAX_WAITING_CALLS + 1; i++) {
      calls.add(call("b" + i, "bell", "{}")); // one toolCall: every ring is meant
    }
    router.handle(new ServerEvent.ToolCall(calls));
    assertEquals(answer("b9", "bell", error("busy", true, "bell is busy with 8 earlier calls; "
        + "try again when they are done"), INTERRUPT), only());
    scheduler.advanceMillis(9000);
    assertEquals(10, responses.size(), "the running pulse and the 8 waiting ones all ran");
  }

  @Test
  void maxOnSec_switchesOutputOffByItself() {
    try (LogCapture logs = LogCapture.open()) {
      router.call(call("c1", "set_lamp", "{\"on\":true}"));
      scheduler.advanceMillis(3_599_000);
      assertTrue(board.isHigh(22));
      scheduler.advanceMillis(1000);
      assertFalse(board.isHigh(22));
      assertTrue(logs.lines().contains("INFO [dev.geminipi.tools.Audit] tool=set_lamp "
          + "args=maxOnSec pin=22 level=low result={\"on\":false}"), logs.lines().toString());
    }
    assertEquals(1, responses.size(), "the model is not answered for the timer");
  }

  /** Issue 13, finding 4: "set_lamp on" every 4 s with maxOnSec 5 kept the lamp on 12 s+. */
  @Test
  void maxOnSec_countsFromFirstOn_repeatedOnCallsNeverExtendIt() {
    ToolConfig lamp = new ToolConfig("desk_lamp", "The lamp.", 16, ToolConfig.Action.SWITCH,
        true, 500, ToolConfig.States.defaults(), 1000, 5, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.SWITCH), ToolConfig.Scheduling.WHEN_IDLE);
    router.close();
    router = start(List.of(lamp)); // a new pin: the closed router's pins stay claimed
    List<String> levels = board.record(16);
    router.call(call("c1", "desk_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(4000);
    router.call(call("c2", "desk_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(999);
    assertTrue(board.isHigh(16));
    scheduler.advanceMillis(1);
    assertFalse(board.isHigh(16), "off 5 s after it went on, not 5 s after the last call");
    scheduler.advanceMillis(3000);
    router.call(call("c3", "desk_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(4000);
    router.call(call("c4", "desk_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(1000);
    assertEquals(List.of("H", "L", "H", "L"), levels, "on again, and again 5 s at most");
  }

  @Test
  void maxOnSec_pwm_newDutyCycleDoesNotExtendIt() {
    ToolConfig fan = new ToolConfig("vent", "The vent.", 13, ToolConfig.Action.PWM, true, 500,
        ToolConfig.States.defaults(), 25_000, 10, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.PWM), ToolConfig.Scheduling.WHEN_IDLE);
    router.close();
    router = start(List.of(fan));
    router.call(call("c1", "vent", "{\"percent\":40}"));
    scheduler.advanceMillis(9000);
    router.call(call("c2", "vent", "{\"percent\":80}"));
    assertEquals(80, board.duty(13));
    scheduler.advanceMillis(1000);
    assertEquals(0, board.duty(13));
  }

  @Test
  void maxOnSec_cancelledWhenSwitchedOff_freshWhenSwitchedOnAgain() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(3_000_000);
    router.call(call("c2", "set_lamp", "{\"on\":false}"));
    assertEquals(0, scheduler.pending());
    router.call(call("c3", "set_lamp", "{\"on\":true}"));
    scheduler.advanceMillis(3_599_000);
    assertTrue(board.isHigh(22), "the hour counts from c3, when it went on again");
    scheduler.advanceMillis(1000);
    assertFalse(board.isHigh(22));
  }

  @Test
  void onHangup_restsOnlyOutputsWithRestOnHangup() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    router.call(call("c2", "heater", "{}"));
    router.call(call("c3", "fan", "{\"percent\":70}"));
    router.onHangup();
    assertFalse(board.isHigh(22));
    assertEquals(0, board.duty(18));
    assertFalse(board.isHigh(24), "heater has no restOnHangup and stays on");
  }

  @Test
  void close_restsEveryOutput_evenMidPulse_andLaterCallsAreRefused() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    router.call(call("c2", "heater", "{}"));
    router.call(call("c3", "fan", "{\"percent\":70}"));
    router.call(call("c4", "garage_door", "{}"));
    router.close();
    assertEquals("lamp=false garage=true heater=true fan=0", pins());
    scheduler.advanceMillis(5000);
    assertEquals(3, responses.size(), "the cut pulse is not answered");
    router.call(call("c5", "set_lamp", "{\"on\":true}"));
    assertFalse(board.isHigh(22));
    assertEquals(error("unavailable", false, "set_lamp is not available because gemini-pi is "
        + "shutting down"), answers().get(3));
  }

  @Test
  void hardwareFault_answersErrorInPlainWords() {
    board.gpio().close();
    try (LogCapture logs = LogCapture.open()) {
      router.call(call("c1", "set_lamp", "{\"on\":true}"));
      assertEquals(List.of("WARN [dev.geminipi.tools.Actions] set_lamp failed on GPIO 22: "
          + "GPIO 22 is shut down"), logs.warnings());
    }
    assertEquals(error("hardware_fault", false, "set_lamp did not work because of a hardware "
        + "fault on GPIO 22"), only().response().toString());
    assertFalse(board.isHigh(22));
  }

  @Test
  void pinThatFailsToOpen_leavesToolUnavailable_othersWork() {
    // The loader refuses a pin used twice; a pin can still fail to open on the Pi.
    ToolConfig lamp = new ToolConfig("hall_lamp", "The hall lamp.", 7,
        ToolConfig.Action.SWITCH, true, 500, ToolConfig.States.defaults(), 1000, 0, 0,
        Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.SWITCH), ToolConfig.Scheduling.WHEN_IDLE);
    ToolConfig clash = new ToolConfig("other_lamp", "Another lamp.", 7,
        ToolConfig.Action.SWITCH, true, 500, ToolConfig.States.defaults(), 1000, 0, 0,
        Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.SWITCH), ToolConfig.Scheduling.WHEN_IDLE);
    router.close();
    try (LogCapture logs = LogCapture.open()) {
      router = start(List.of(lamp, clash));
      assertEquals(1, logs.warnings().size(), logs.warnings().toString());
      assertTrue(logs.warnings().get(0).startsWith("WARN [dev.geminipi.tools.Tool] tool "
          + "other_lamp is disabled and its calls are answered with an error: GPIO 7 could not "
          + "be opened as an output: "), logs.warnings().get(0));
    }
    router.call(call("c1", "other_lamp", "{\"on\":true}"));
    router.call(call("c2", "hall_lamp", "{\"on\":true}"));
    assertEquals(error("unavailable", false, "other_lamp is not available because GPIO 7 could "
        + "not be opened"), answers().get(0));
    assertEquals(ok("hall_lamp is on now", "\"on\":true"), answers().get(1));
  }

  @Test
  void status_reportsEachOutputToolsPinAndLevel() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    router.call(call("c2", "fan", "{\"percent\":40}"));
    assertEquals("{\"set_lamp\":{\"pin\":22,\"on\":true},\"garage_door\":{\"pin\":23,"
        + "\"on\":false},\"fan\":{\"pin\":18,\"percent\":40},\"heater\":{\"pin\":24,"
        + "\"on\":false}}", router.status().toString());
  }

  @Test
  void audit_oneLinePerActuation() {
    try (LogCapture logs = LogCapture.open()) {
      router.call(call("c1", "set_lamp", "{\"on\":true}"));
      router.call(call("c2", "garage_door", "{}"));
      scheduler.advanceMillis(800);
      router.call(call("c3", "fan", "{\"percent\":140}"));
      List<String> audit = logs.lines().stream().filter(l -> l.contains("[dev.geminipi.tools"
          + ".Audit]")).toList();
      assertEquals(List.of(
          "INFO [dev.geminipi.tools.Audit] tool=set_lamp args={\"on\":true} pin=22 level=high "
              + "result=" + ok("set_lamp is on now", "\"on\":true"),
          "INFO [dev.geminipi.tools.Audit] tool=garage_door args={} pin=23 level=low "
              + "result=pulsing 800 ms",
          "INFO [dev.geminipi.tools.Audit] tool=garage_door args={} pin=23 level=high "
              + "result=" + ok("garage_door was switched on for 800 ms and is off again",
                  "\"pulsed_ms\":800"),
          "INFO [dev.geminipi.tools.Audit] tool=fan args={\"percent\":140} pin=18 level=0% "
              + "result=" + error("invalid_argument", false, "fan needs \"percent\" from 0 to "
                  + "100, not 140").replace("}", ",\"valid_options\":[{\"percent\":\"a number "
                  + "from 0 to 100\"}]}")),
          audit);
    }
  }

  @Test
  void declares_onlyTheOwnersTools() {
    assertTrue(router.declares("set_lamp"));
    assertFalse(router.declares("end_conversation"));
  }

  /** A bell whose pulse the model waits for: blocking, as an owner may choose. */
  private static ToolConfig bell(ToolConfig.Behavior behavior) {
    return new ToolConfig("bell", "Rings the bell.", 6, ToolConfig.Action.PULSE, true, 1000,
        ToolConfig.States.defaults(), 1000, 0, 0, Confirmation.NONE, false, behavior,
        ToolConfig.Scheduling.WHEN_IDLE);
  }

  @Test
  void interrupted_blockingPulsePending_restsItsPinAtOnce_andTheLateAnswerIsNotSent() {
    router.close();
    router = start(List.of(bell(ToolConfig.Behavior.BLOCKING)));
    List<String> levels = board.record(6);
    router.call(call("c1", "bell", "{}"));
    scheduler.advanceMillis(300);
    router.interrupted();
    assertEquals(List.of("H", "L"), levels, "the unfinished pulse rests its pin");
    scheduler.advanceMillis(5000);
    assertEquals(List.of(), responses, "3.8 ignores it anyway; nothing is sent");
  }

  @Test
  void interrupted_nonBlockingPulse_goesOnAndIsAnswered() {
    router.call(call("c1", "garage_door", "{}"));
    router.interrupted();
    assertFalse(board.isHigh(23), "still pulling in");
    scheduler.advanceMillis(800);
    assertEquals(List.of("c1"), responses.stream().map(FunctionResponse::id).toList());
  }

  @Test
  void repeat_sameCallNewIdWhileRunning_movesTheRelayOnce_andSaysSo() {
    List<String> levels = board.record(23);
    router.call(call("c1", "garage_door", "{}"));
    router.call(call("c2", "garage_door", "{}"));
    assertEquals(List.of("L"), levels);
    FunctionResponse repeat = only();
    assertEquals("c2", repeat.id());
    assertEquals("ok", repeat.response().getString("status", ""));
    assertEquals("c1", repeat.response().getString("repeat_of", ""));
    assertEquals("this repeats call c1 to garage_door with the same arguments, which is being "
        + "carried out now; it was not done a second time",
        repeat.response().getString("message", ""));
    scheduler.advanceMillis(800);
    assertEquals(List.of("L", "H"), levels, "one pulse");
    assertEquals(List.of("c2", "c1"), responses.stream().map(FunctionResponse::id).toList());
  }

  @Test
  void repeat_afterAnInterruptedBlockingPulse_withinTheWindow_isNotActuatedTwice() {
    router.close();
    router = start(List.of(bell(ToolConfig.Behavior.BLOCKING)));
    List<String> levels = board.record(6);
    router.call(call("c1", "bell", "{}"));
    scheduler.advanceMillis(200);
    router.interrupted();                          // dropped without toolCallCancellation
    scheduler.advanceMillis(500);
    router.call(call("c2", "bell", "{}"));         // re-issued under a new id
    assertEquals(List.of("H", "L"), levels, "rang once");
    assertEquals("c1", only().response().getString("repeat_of", ""));
    scheduler.advanceMillis(3000);
    router.call(call("c3", "bell", "{}"));         // a new wish, after the window
    assertEquals(List.of("H", "L", "H"), levels);
  }

  @Test
  void repeat_onlyOfTheToolsPreviousCall_soOnOffOnAllRun() {
    router.call(call("c1", "set_lamp", "{\"on\":true}"));
    router.call(call("c2", "set_lamp", "{\"on\":false}"));
    router.call(call("c3", "set_lamp", "{\"on\":true}"));
    assertTrue(board.isHigh(22));
    assertEquals(List.of(true, true, true), responses.stream()
        .map(r -> r.response().get("repeat_of") == null).toList());
  }

  @Test
  void repeat_ofARefusedCall_isNotARepeat() {
    router.call(call("c1", "fan", "{\"percent\":140}"));
    router.call(call("c2", "fan", "{\"percent\":140}"));
    assertEquals(List.of("invalid_argument", "invalid_argument"), responses.stream()
        .map(r -> r.response().getString("status", "")).toList());
  }
}
