package dev.geminipi.wakeword;

import java.util.Optional;

/**
 * One wake word heard.
 *
 * @param word the classifier's file name without {@code .onnx} and version, e.g.
 *     {@code hey_jarvis} for {@code hey_jarvis_v0.1.onnx}
 * @param prompt the trigger's prompt, to be sent when this word starts a conversation
 * @param score the classifier's score (0..1) that crossed the threshold
 * @param streamSample where in the microphone's stream the word was heard, in 16 kHz samples:
 *     the position just past the 80 ms frame that scored it, counted over every sample given to
 *     {@link WakeWordDetector#accept} (the microphone's stream positions, whatever the
 *     detector's lag or its dropped frames)
 */
public record Detection(String word, Optional<String> prompt, float score, long streamSample) {

  /** Not yet placed in the stream. */
  static final long UNPLACED = -1;

  /** For the pipeline, which sees frames, not positions: {@link PositionStamp} adds them. */
  Detection(String word, Optional<String> prompt, float score) {
    this(word, prompt, score, UNPLACED);
  }

  Detection at(long streamSample) {
    return new Detection(word, prompt, score, streamSample);
  }
}
