package dev.geminipi.config;

import java.util.List;

/**
 * One entry of the {@code tools} list: a pin the model may move or read.
 *
 * @param pulseMs how long a pulse holds the active level; the owner's, never the model's
 * @param states the words a {@link Action#READ} answers with
 * @param frequencyHz PWM frequency for {@link Action#PWM}
 * @param maxOnSec a switched-on output turns itself off after this long; 0 means never
 * @param minIntervalSec calls closer together than this are refused; 0 means no limit
 * @param confirm what the daemon itself must observe before this tool moves its pin
 * @param restOnHangup return to the resting level when a conversation ends
 * @param behavior whether the model waits for the answer; already what the configured model
 *     really does ({@link LiveModel#effective})
 * @param scheduling when the model speaks about a successful non-blocking answer; a refusal
 *     or a fault always goes {@link Scheduling#INTERRUPT}, so the user hears it promptly
 */
public record ToolConfig(
    String name,
    String description,
    int pin,
    Action action,
    boolean activeHigh,
    int pulseMs,
    States states,
    int frequencyHz,
    int maxOnSec,
    int minIntervalSec,
    Confirmation confirm,
    boolean restOnHangup,
    Behavior behavior,
    Scheduling scheduling) {

  /** Hard upper bound of a pulse, whatever the config says: a stuck relay is worse than none. */
  public static final int MAX_PULSE_MS = 10_000;

  /** What a call does to the pin. */
  public enum Action { SWITCH, PULSE, TOGGLE, READ, PWM }

  /** The wire's {@code behavior} of a function declaration (docs/gpio.md has the reasons). */
  public enum Behavior { BLOCKING, NON_BLOCKING }

  /** The wire's {@code scheduling} of a non-blocking function response. */
  public enum Scheduling { SILENT, WHEN_IDLE, INTERRUPT }

  /** A read is only worth its answer; outputs move at once and the model talks meanwhile. */
  public static Behavior defaultBehavior(Action action) {
    return action == Action.READ ? Behavior.BLOCKING : Behavior.NON_BLOCKING;
  }

  /** Words for the two levels of a read pin. */
  public record States(String high, String low) {
    public static States defaults() {
      return new States("high", "low");
    }
  }

  /**
   * A confirmation the daemon observes itself, never the model's word: a press of one of
   * {@code buttonPins}, or the user's own spoken yes in the input transcription.
   *
   * @param windowSec how long after the call the press or the yes may come
   * @param buttonPins the button triggers whose press confirms (BUTTON only)
   */
  public record Confirmation(Kind kind, int windowSec, List<Integer> buttonPins) {
    /** Nothing to observe: the call runs at once. */
    public static final Confirmation NONE = new Confirmation(Kind.NONE, 0, List.of());
    public static final int DEFAULT_WINDOW_SEC = 20;

    /** How the user confirms; "none" when the tool needs no confirmation. */
    public enum Kind { NONE, BUTTON, VOICE }

    public Confirmation {
      buttonPins = List.copyOf(buttonPins);
    }

    public boolean required() {
      return kind != Kind.NONE;
    }
  }

  /** Outputs are everything but READ. */
  public boolean isOutput() {
    return action != Action.READ;
  }
}
