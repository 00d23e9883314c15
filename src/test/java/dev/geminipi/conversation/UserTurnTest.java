package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.conversation.Conversation.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the microphone's audio goes, for every state and user turn: the whole table. */
class UserTurnTest {
  @ParameterizedTest(name = "{0}: {1} {2} {3} {4}")
  @CsvSource(delimiter = '|', textBlock = """
      # state   | OPEN_MIC | ACTIVITY_OPEN | PAUSED | RELEASED_EARLY
      IDLE       | IDLE     | IDLE          | IDLE   | IDLE
      ERROR      | IDLE     | IDLE          | IDLE   | IDLE
      CONNECTING | HOLD     | HOLD          | PAUSED | HOLD
      OFFLINE    | HOLD     | HOLD          | PAUSED | HOLD
      LISTENING  | STREAM   | STREAM        | PAUSED | HOLD
      THINKING   | STREAM   | STREAM        | PAUSED | HOLD
      SPEAKING   | STREAM   | STREAM        | PAUSED | HOLD
      """)
  void route_followsTheStateAndTheUserTurn(State state, MicRouter.Route openMic,
      MicRouter.Route activityOpen, MicRouter.Route paused, MicRouter.Route releasedEarly) {
    assertEquals(openMic, UserTurn.OPEN_MIC.route(state));
    assertEquals(activityOpen, UserTurn.ACTIVITY_OPEN.route(state));
    assertEquals(paused, UserTurn.PAUSED.route(state));
    assertEquals(releasedEarly, UserTurn.RELEASED_EARLY.route(state));
  }
}
