package dev.geminipi.home;

/**
 * The wake-arbitration score: how far the loudest 100 ms of the last 1.5 s stood above the
 * quietest 100 ms of the last 10 s, in dB: a signal-to-noise ratio of the wake word as this
 * device's microphone heard it (docs/home-assistant.md). Fed on the capture thread, where it
 * allocates nothing; read from any thread.
 */
public final class Loudness {
  static final int RATE_HZ = 16_000;
  static final int BLOCK = RATE_HZ / 10;
  static final int WORD_BLOCKS = 15;
  static final int FLOOR_BLOCKS = 100;
  /** One LSB of 16-bit audio: digital silence counts as this, so the score stays finite. */
  static final double MIN_DB = -96;

  private final double[] blocksDb = new double[FLOOR_BLOCKS];
  private int filled;
  private int next;
  private double sumSquares;
  private int inBlock;
  private volatile double scoreDb;

  /** On the capture thread: 16 kHz mono samples. */
  public void accept(short[] samples, int frames) {
    for (int i = 0; i < frames; i++) {
      double s = samples[i] / 32768.0;
      sumSquares += s * s;
      if (++inBlock == BLOCK) {
        double rms = Math.sqrt(sumSquares / BLOCK);
        blocksDb[next] = Math.max(MIN_DB, 20 * Math.log10(Math.max(rms, 1e-12)));
        next = (next + 1) % FLOOR_BLOCKS;
        filled = Math.min(FLOOR_BLOCKS, filled + 1);
        sumSquares = 0;
        inBlock = 0;
        scoreDb = score();
      }
    }
  }

  private double score() {
    double loudest = MIN_DB;
    double quietest = 0;
    for (int k = 0; k < filled; k++) {
      double db = blocksDb[(next - 1 - k + FLOOR_BLOCKS) % FLOOR_BLOCKS];
      if (k < WORD_BLOCKS) {
        loudest = Math.max(loudest, db);
      }
      quietest = Math.min(quietest, db);
    }
    return loudest - quietest;
  }

  /** The score now, in dB (0 before the first 100 ms). */
  public double scoreDb() {
    return scoreDb;
  }
}
