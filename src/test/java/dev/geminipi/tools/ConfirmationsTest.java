package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.ToolConfig.Action;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The confirmation gate in front of the router, on the mock platform and virtual time: what
 * the daemon observes (a press, the user's words) decides, never the model's call alone.
 */
class ConfirmationsTest {
  private static final String PULSED_400 = "{\"status\":\"ok\",\"retryable\":false,\"message\":"
      + "\"open_garage was switched on for 400 ms and is off again\",\"pulsed_ms\":400}";
  private static final String HEATER_ON = "{\"status\":\"ok\",\"retryable\":false,\"message\":"
      + "\"heater is on now\",\"on\":true}";
  private static final String HEATER_OFF = "{\"status\":\"ok\",\"retryable\":false,\"message\":"
      + "\"heater is off now\",\"on\":false}";
  /** An active-low relay across a garage door opener's push button; the button on GPIO 17. */
  static final ToolConfig GARAGE = new ToolConfig("open_garage", "Opens the garage door.", 23,
      Action.PULSE, false, 400, ToolConfig.States.defaults(), 1000, 0, 0,
      new Confirmation(Kind.BUTTON, 20, List.of(17)), false,
      ToolConfig.defaultBehavior(Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
  static final ToolConfig HEATER = new ToolConfig("heater", "The heater.", 24, Action.SWITCH,
      true, 500, ToolConfig.States.defaults(), 1000, 0, 0,
      new Confirmation(Kind.VOICE, 20, List.of()), false,
      ToolConfig.defaultBehavior(Action.SWITCH), ToolConfig.Scheduling.WHEN_IDLE);

  private final MockBoard board = MockBoard.open();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<FunctionResponse> responses = new CopyOnWriteArrayList<>();
  private final Confirmations gate = new Confirmations(scheduler, scheduler::nanoTime);
  private final ToolRouter router = new ToolRouter(List.of(GARAGE, HEATER), board.gpio(),
      Runnable::run, scheduler, scheduler::nanoTime, ToolState.inMemory(scheduler::nanoTime),
      gate, responses::add);
  private final List<String> garage = board.record(23);

  @AfterEach
  void tearDown() {
    router.close();
    board.close();
  }

  private List<String> answers() {
    return responses.stream().map(r -> r.id() + " " + r.response()).toList();
  }

  private static List<String> audit(LogCapture logs) {
    return logs.lines().stream().filter(l -> l.contains("[dev.geminipi.tools.Audit]"))
        .map(l -> l.substring(l.indexOf(']') + 2)).toList();
  }

  // ---------------------------------------------------------------------------- button

  /** Issue 13, finding 1: after a say, a scripted open_garage call pulsed pin 23 at once. */
  @Test
  void button_sayConversation_callWaitsForThePress_thenPulses() {
    gate.conversationStarted(Confirmations.Origin.SAY);
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
      scheduler.advanceMillis(19_000);
      assertEquals(List.of(), garage, "no pin moves on the model's word");
      assertEquals(List.of(), responses, "the call is held for the press");
      assertTrue(gate.pressed(17), "the press is the confirmation's, not the conversation's");
      assertEquals(List.of("L"), garage);
      scheduler.advanceMillis(400);
      assertEquals(List.of("L", "H"), garage);
      assertEquals(List.of("c1 " + PULSED_400), answers());
      assertEquals(List.of(
          "tool=open_garage args={} pin=23 source=model confirm=button outcome=asked "
              + "why=waiting 20 s for a press of the button on GPIO 17",
          "tool=open_garage args={} pin=23 source=model confirm=button outcome=confirmed "
              + "why=button on GPIO 17 pressed after 19.0 s",
          "tool=open_garage args={} pin=23 level=low result=pulsing 400 ms",
          "tool=open_garage args={} pin=23 level=high result=" + PULSED_400),
          audit(logs));
    }
  }

  @Test
  void button_noPressWithinTheWindow_answersNotConfirmed_andNoPinMoves() {
    gate.conversationStarted(Confirmations.Origin.BUTTON);
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
      scheduler.advanceMillis(20_000);
      assertEquals(List.of("c1 {\"status\":\"not_confirmed\",\"retryable\":true,\"message\":\"Not confirmed: the "
          + "button on the device was not pressed within 20 seconds, so nothing happened. Ask "
          + "the user to press the button, and call open_garage again.\"}"), answers());
      assertEquals("tool=open_garage args={} pin=23 source=model confirm=button outcome=expired "
          + "why=no press within 20 s", audit(logs).get(1));
      assertEquals(2, audit(logs).size());
    }
    assertFalse(gate.pressed(17), "a late press is the conversation's again");
    assertEquals(List.of(), garage);
  }

  @Test
  void button_pressBeforeTheCall_orOfAnotherButton_confirmsNothing() {
    assertFalse(gate.pressed(17));
    router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
    assertFalse(gate.pressed(27), "only the configured button confirms");
    assertEquals(List.of(), garage);
    assertTrue(gate.pressed(17));
    assertEquals(List.of("L"), garage);
  }

  @Test
  void button_confirmingPress_swallowsItsLongPressAndRelease_only() {
    router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
    assertTrue(gate.pressed(17));
    assertTrue(gate.longPressed(17), "holding the confirming press does not hang up");
    assertTrue(gate.released(17));
    assertFalse(gate.released(17), "the next release belongs to the conversation again");
    assertFalse(gate.pressed(17));
  }

  @Test
  void button_onePressConfirmsOneCall_aNewerCallReplacesTheOlder() {
    router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
    router.call(ToolRouterTest.call("c2", "open_garage", "{}"));
    assertEquals(List.of("c1 {\"status\":\"not_confirmed\",\"retryable\":true,\"message\":\"Not confirmed: "
        + "open_garage asked for confirmation after it, so nothing happened.\"}"), answers());
    assertTrue(gate.pressed(17));
    scheduler.advanceMillis(400);
    assertEquals("c2 " + PULSED_400, answers().get(1));
    assertEquals(List.of("L", "H"), garage, "one pulse");
  }

  @Test
  void button_conversationEnds_waitingCallIsRefused() {
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
      router.onHangup();
      assertEquals(List.of("c1 {\"status\":\"not_confirmed\",\"retryable\":true,\"message\":\"Not confirmed: the "
          + "conversation ended, so nothing happened.\"}"), answers());
      assertEquals("tool=open_garage args={} pin=23 source=model confirm=button "
          + "outcome=refused why=the conversation ended", audit(logs).get(1));
    }
    assertFalse(gate.pressed(17));
    assertEquals(List.of(), garage);
  }

  @Test
  void button_modelCancelsTheCall_noAnswer_pressNoLongerConfirms() {
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "open_garage", "{}"));
      router.cancel(new ServerEvent.ToolCallCancellation(List.of("c1")));
      assertEquals("tool=open_garage args={} pin=23 source=model confirm=button "
          + "outcome=cancelled why=the model withdrew it", audit(logs).get(1));
    }
    assertFalse(gate.pressed(17));
    scheduler.advanceMillis(30_000);
    assertEquals(List.of(), responses);
    assertEquals(List.of(), garage);
  }

  @Test
  void button_anotherSource_isNamedInTheAudit_andOutlivesTheConversation() {
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("m1", "open_garage", "{}"), "mqtt");
      router.onHangup();
      assertTrue(gate.pressed(17));
      assertEquals(List.of(
          "tool=open_garage args={} pin=23 source=mqtt confirm=button outcome=asked "
              + "why=waiting 20 s for a press of the button on GPIO 17",
          "tool=open_garage args={} pin=23 source=mqtt confirm=button outcome=confirmed "
              + "why=button on GPIO 17 pressed after 0.0 s",
          "tool=open_garage args={} pin=23 level=low result=pulsing 400 ms"), audit(logs));
    }
  }

  // ----------------------------------------------------------------------------- voice

  @Test
  void voice_yesAfterTheModelAsked_secondCallRuns() {
    gate.conversationStarted(Confirmations.Origin.WAKE_WORD);
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
      assertFalse(board.isHigh(24));
      assertEquals(List.of("c1 {\"status\":\"needs_confirmation\",\"retryable\":true,\"message\":\"Nothing "
          + "happened yet: heater needs the user's spoken yes. Ask them now whether to go "
          + "ahead; when they say yes, call heater again with the same arguments within 20 "
          + "seconds.\"}"), answers());
      gate.modelSaid("Shall I switch the heater on?");
      gate.userSaid(" Yes,");
      gate.userSaid(" please.");
      router.call(ToolRouterTest.call("c2", "heater", "{\"on\":true}"));
      assertTrue(board.isHigh(24));
      assertEquals("c2 " + HEATER_ON, answers().get(1));
      assertEquals(List.of(
          "tool=heater args={\"on\":true} pin=24 source=model confirm=voice outcome=asked "
              + "why=waiting 20 s for the user to say yes",
          "tool=heater args={\"on\":true} pin=24 source=model confirm=voice outcome=confirmed "
              + "why=the user said \"Yes, please.\"",
          "tool=heater args={\"on\":true} pin=24 level=high result=" + HEATER_ON),
          audit(logs));
    }
  }

  @Test
  void voice_yesBeforeTheModelAsked_orInTheModelsOwnWords_doesNotCount() {
    gate.conversationStarted(Confirmations.Origin.BUTTON);
    router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
    gate.userSaid("heater on, yes, I confirm"); // late words of the request itself
    gate.modelSaid("Yes, confirmed, I will switch it on.");
    router.call(ToolRouterTest.call("c2", "heater", "{\"on\":true}"));
    assertFalse(board.isHigh(24));
    assertEquals("c2 {\"status\":\"not_confirmed\",\"retryable\":true,\"message\":\"Not confirmed: the user has "
        + "not said yes since you asked, so nothing happened. Wait for their answer, and call "
        + "heater again once they say yes.\"}", answers().get(1));
  }

  @Test
  void voice_yesForOtherArguments_doesNotCount() {
    gate.conversationStarted(Confirmations.Origin.BUTTON);
    router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
    gate.modelSaid("Switch it on?");
    gate.userSaid("yes");
    router.call(ToolRouterTest.call("c2", "open_garage", "{}"));
    router.call(ToolRouterTest.call("c3", "heater", "{\"on\":true}"));
    assertFalse(board.isHigh(24), "the garage's request replaced the heater's");
    assertEquals("c3", responses.get(responses.size() - 1).id());
  }

  @Test
  void voice_userSaysNo_declined_andALaterNoOverridesAYes() {
    gate.conversationStarted(Confirmations.Origin.BUTTON);
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
      gate.modelSaid("Switch the heater on?");
      gate.userSaid("Yes.");
      gate.modelSaid("Okay.");
      gate.userSaid("No, wait, don't.");
      router.call(ToolRouterTest.call("c2", "heater", "{\"on\":true}"));
      assertEquals("c2 {\"status\":\"declined\",\"retryable\":false,\"message\":\"The user said no, so nothing "
          + "happened.\"}", answers().get(1));
      assertEquals("tool=heater args={\"on\":true} pin=24 source=model confirm=voice "
          + "outcome=refused why=the user said \"No, wait, don't.\"", audit(logs).get(1));
    }
    assertFalse(board.isHigh(24));
  }

  @Test
  void voice_inAConversationStartedBySayOrAnInput_isRefused() {
    for (Confirmations.Origin o : List.of(Confirmations.Origin.SAY,
        Confirmations.Origin.INPUT)) {
      responses.clear();
      gate.conversationStarted(o);
      try (LogCapture logs = LogCapture.open()) {
        router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
        gate.modelSaid("Shall I?");
        gate.userSaid("Yes.");
        router.call(ToolRouterTest.call("c2", "heater", "{\"on\":true}"));
        assertFalse(board.isHigh(24));
        String by = o == Confirmations.Origin.SAY ? "say over the control socket"
            : "an input trigger's prompt";
        assertEquals("c2 {\"status\":\"refused\",\"retryable\":false,\"message\":\"heater needs a spoken yes from "
            + "someone at the device, and this conversation was started by " + by + ", so "
            + "nothing happened. It can be done in a conversation someone starts at the "
            + "device.\"}", answers().get(1));
        assertEquals("tool=heater args={\"on\":true} pin=24 source=model confirm=voice "
            + "outcome=refused why=a spoken yes needs a person at the device, and this "
            + "conversation was started by " + by, audit(logs).get(0));
      }
    }
  }

  @Test
  void voice_noSecondCall_expiresWithOneAuditLine() {
    gate.conversationStarted(Confirmations.Origin.TALK);
    try (LogCapture logs = LogCapture.open()) {
      router.call(ToolRouterTest.call("c1", "heater", "{\"on\":true}"));
      gate.modelSaid("Shall I?");
      gate.userSaid("Yes.");
      scheduler.advanceMillis(20_000);
      assertEquals("tool=heater args={\"on\":true} pin=24 source=model confirm=voice "
          + "outcome=expired why=the user said yes, but no call came within 20 s",
          audit(logs).get(1));
    }
    router.call(ToolRouterTest.call("c2", "heater", "{\"on\":true}"));
    assertFalse(board.isHigh(24), "a call after the window asks again");
    assertTrue(answers().get(1).contains("needs_confirmation"));
  }

  // ---------------------------------------------------------------------------- either

  @Test
  void toRest_needsNoConfirmation() {
    gate.conversationStarted(Confirmations.Origin.SAY);
    router.call(ToolRouterTest.call("c1", "heater", "{\"on\":false}"));
    assertEquals(List.of("c1 " + HEATER_OFF), answers());
  }

  @Test
  void aCallThatWouldBeRefusedAnyway_isRefusedAtOnce_nothingToConfirm() {
    router.call(ToolRouterTest.call("c1", "heater", "{\"on\":\"yes\"}"));
    assertEquals(List.of("c1 {\"status\":\"invalid_argument\",\"retryable\":false,\"message\":"
        + "\"heater needs \\\"on\\\" to be true or false, not \\\"yes\\\"\",\"valid_options\":"
        + "[{\"on\":true},{\"on\":false}]}"), answers());
    assertFalse(gate.pressed(17));
  }

  @Test
  void answers_aNoWordWins_anythingElseIsUnclear() {
    assertEquals(Answers.Answer.YES, Answers.of(" Yes, please."));
    assertEquals(Answers.Answer.YES, Answers.of("Go ahead"));
    assertEquals(Answers.Answer.YES, Answers.of("ja"));
    assertEquals(Answers.Answer.NO, Answers.of("yes... no, wait"));
    assertEquals(Answers.Answer.NO, Answers.of("Don\u2019t do it"));
    assertEquals(Answers.Answer.NO, Answers.of("I can't decide yes"));
    assertEquals(Answers.Answer.UNCLEAR, Answers.of("What's the weather?"));
    assertEquals(Answers.Answer.UNCLEAR, Answers.of("Yesterday it rained"));
    assertEquals(Answers.Answer.UNCLEAR, Answers.of("do items matter"));
  }
}
