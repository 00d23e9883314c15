package dev.geminipi.wakeword;

/**
 * Decides when a word's score is a detection: when it rises above the threshold, and not
 * within {@code refractoryMs} of the last detection. The score stays high for several frames
 * after a word, so the rising edge makes one detection of it even with no refractory period.
 * Time is counted in 80 ms steps of audio, not by a clock: what matters is how much speech
 * went by, and the tests then need no time source.
 */
final class DetectionRule {
  static final int STEP_MS = 80;

  private final float threshold;
  private final long refractorySteps;
  private boolean above;
  private long lastDetection = Long.MIN_VALUE / 2;

  DetectionRule(double threshold, int refractoryMs) {
    this.threshold = (float) threshold;
    this.refractorySteps = (refractoryMs + STEP_MS - 1) / STEP_MS;
  }

  /** The score of step {@code step} (steps only go up); true if it is a detection. */
  boolean offer(float score, long step) {
    boolean wasAbove = above;
    above = score > threshold;
    if (!above || wasAbove || step - lastDetection < refractorySteps) {
      return false;
    }
    lastDetection = step;
    return true;
  }
}
