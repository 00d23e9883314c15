package dev.geminipi.wakeword;

/**
 * Skips the models while the room is quiet. A word's score at one step depends on the audio of
 * the last {@code span} steps only: the classifier's window of embeddings, the 76
 * melspectrogram frames (10 steps) behind each embedding, and the 480 samples of the step before
 * that each melspectrogram step also reads. When no step in that span reached {@link
 * #QUIET_DBFS}, no word is scored (a score of 0, where the reference scores near-silence a few
 * thousandths) and the embedding, classifier and Silero models do not run; the melspectrogram
 * still does, so that the first loud step can compute the embeddings it skipped from kept frames
 * (OnnxPipeline) and score exactly what the ungated reference would.
 */
final class LevelGate {
  /**
   * The RMS level of an 80 ms step below which it counts as quiet: -60 dBFS, an amplitude of 33
   * in 16-bit samples. Speech within a few metres of any microphone is far above it; a silent
   * room on a quiet USB microphone is below it. A microphone whose noise is above it never
   * closes the gate, which costs CPU, never a detection.
   */
  static final double QUIET_DBFS = -60;
  private static final double FULL_SCALE = 32768;

  private final double quietSumOfSquares;
  private final int span;
  private long lastLoud = Long.MIN_VALUE / 2;

  /**
   * For steps of {@code frameSamples} samples and scores that see {@code span} steps; quiet
   * below {@code quietDbfs} ({@link #QUIET_DBFS}; negative infinity: never quiet).
   */
  LevelGate(int frameSamples, int span, double quietDbfs) {
    double quietAmplitude = FULL_SCALE * Math.pow(10, quietDbfs / 20);
    this.quietSumOfSquares = quietAmplitude * quietAmplitude * frameSamples;
    this.span = span;
  }

  /** Takes step {@code step}'s samples; whether any step a score at it depends on was loud. */
  boolean hear(short[] frame, long step) {
    long sum = 0;
    for (short s : frame) {
      sum += s * s;
    }
    if (sum >= quietSumOfSquares) {
      lastLoud = step;
    }
    return step - lastLoud < span;
  }
}
