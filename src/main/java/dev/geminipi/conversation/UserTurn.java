package dev.geminipi.conversation;

/**
 * The user's side of the conversation, beside {@link Conversation.State}: whether the
 * microphone streams, an activity is open (manual activity detection), or a push-to-talk
 * button was let go. Together with the state it decides where the microphone's audio goes
 * ({@link #route}).
 */
enum UserTurn {
  /** The microphone streams to the model; with manual activity detection no activity is open. */
  OPEN_MIC,
  /** Manual activity detection: activityStart went out, activityEnd has not. */
  ACTIVITY_OPEN,
  /** A push-to-talk button was let go: the microphone rests until the next press. */
  PAUSED,
  /**
   * A push-to-talk button was let go before the session was ready: its words are held and go
   * out as one turn, followed by the turn's end, once it is.
   */
  RELEASED_EARLY;

  /** Where microphone audio goes in this state with this user turn. */
  MicRouter.Route route(Conversation.State state) {
    return switch (state) {
      case IDLE, ERROR -> MicRouter.Route.IDLE;
      case CONNECTING, OFFLINE -> this == PAUSED ? MicRouter.Route.PAUSED : MicRouter.Route.HOLD;
      case LISTENING, THINKING, SPEAKING -> switch (this) {
        case OPEN_MIC, ACTIVITY_OPEN -> MicRouter.Route.STREAM;
        case PAUSED -> MicRouter.Route.PAUSED;
        case RELEASED_EARLY -> MicRouter.Route.HOLD;
      };
    };
  }
}
