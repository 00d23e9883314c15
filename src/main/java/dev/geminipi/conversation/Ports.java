package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.ServerEvent;
import java.util.List;

/**
 * What the state machine needs of the parts around it, each as small as it can be. The
 * composition root adapts the audio, gpio and camera classes to these; tests of the state
 * machine may use the real classes or, for the caller's view only, testkit fakes (STYLE 19).
 */
public final class Ports {
  private Ports() {
  }

  /** The speaker. Every method returns at once. */
  public interface Playback {
    void play(byte[] pcm, int rateHz);

    /** Stop now: drop what is queued and silence the line. */
    void interrupt();

    void earcon(Earcon earcon);

    /** Drop counters and such for {@code status}. */
    default JsonObject stats() {
      return new JsonObject();
    }
  }

  /** Short generated sounds. */
  public enum Earcon { WAKE, END, ERROR }

  /** The pins the model may move. Answers go from the router straight to the session. */
  public interface Actuators {
    /**
     * Runs the calls of one toolCall off this thread; exactly one response follows each
     * unless it is cancelled.
     */
    void call(List<ServerEvent.FunctionCall> calls);

    /** The user interrupted: cut these calls short; they get no response. */
    void cancel(List<String> ids);

    /** The model was interrupted: pending blocking calls are cancelled (3.8 drops them). */
    void interrupted();

    /** A conversation ended: outputs with restOnHangup go to rest. */
    void rest();

    /** {@code {"set_lamp":{"pin":22,"on":true}}} for status. */
    JsonObject status();

    /** A conversation began; for a spoken confirmation, who started it matters. */
    default void conversationStarted(Origin origin) {
    }

    /** The user's own words, from the input transcription: a confirmation may be in them. */
    default void userSaid(String text) {
    }

    /** The model's words, from the output transcription: it may have asked for a yes. */
    default void modelSaid(String text) {
    }
  }

  /** What started a conversation; a person is at the device for the first three only. */
  public enum Origin { BUTTON, WAKE_WORD, TALK, SAY, INPUT }

  /** The status LED. */
  public interface Indicator {
    void show(Conversation.State state);

    Indicator NONE = state -> { };
  }

  /** One-shot timers whose only job is to post an event (STYLE 12). */
  public interface Timers {
    void after(long delayMs, Runnable task);

    static Timers on(java.util.concurrent.ScheduledExecutorService scheduler) {
      return (delayMs, task) -> scheduler.schedule(task, delayMs,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** The camera, as the conversation sees it ({@link Vision}). */
  public interface Eyes {
    /** Handles a {@code look} call (frame, then response); false if it is not one of its own. */
    boolean onToolCall(ServerEvent.FunctionCall call);

    void onToolCallCancellation(List<String> ids);

    /** The model was interrupted: a pending look (a blocking call) is cancelled. */
    void onInterrupted();

    void conversationStarted();

    void conversationEnded();

    Eyes NONE = new Eyes() {
      @Override
      public boolean onToolCall(ServerEvent.FunctionCall call) {
        return false;
      }

      @Override
      public void onToolCallCancellation(List<String> ids) {
      }

      @Override
      public void onInterrupted() {
      }

      @Override
      public void conversationStarted() {
      }

      @Override
      public void conversationEnded() {
      }
    };
  }
}
