package dev.geminipi.config;

import java.util.Optional;

/** One entry of the {@code triggers} list: what starts a conversation. */
public sealed interface Trigger {

  /**
   * A push button.
   *
   * @param activeLow pressed pulls the line low (a button to GND with a pull-up)
   * @param longPressMs holding this long hangs up
   */
  record Button(int pin, Pull pull, boolean activeLow, int debounceMs, Mode mode, int longPressMs)
      implements Trigger {
    /** Toggle: press starts, press ends. Push-to-talk: hold to talk. */
    public enum Mode { TOGGLE, PUSH_TO_TALK }

    public static Button defaults(int pin) {
      return new Button(pin, Pull.UP, true, 20, Mode.TOGGLE, 2000);
    }
  }

  /**
   * A door contact, PIR or doorbell that starts a conversation and says its prompt.
   *
   * @param prompt text sent to the model when the input fires
   * @param cooldownSec the input fires at most once per this many seconds
   */
  record Input(int pin, Edge edge, Pull pull, int debounceMs, String prompt, int cooldownSec)
      implements Trigger {
    /** Which level change fires the input. */
    public enum Edge { RISING, FALLING, BOTH }
  }

  /**
   * A wake word: an openWakeWord classifier whose melspectrogram and embedding models lie
   * beside it.
   *
   * @param model path of the wake word's classifier {@code .onnx}
   * @param threshold score in 0..1 above which the word counts as heard
   * @param prompt optional text sent when this word starts a conversation
   * @param refractoryMs after a detection, ignore this word for this long
   * @param vad gate the detector with Silero VAD so silence costs little CPU
   */
  record Wakeword(String model, double threshold, Optional<String> prompt, int refractoryMs,
      boolean vad) implements Trigger {
  }
}
