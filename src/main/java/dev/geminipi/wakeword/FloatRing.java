package dev.geminipi.wakeword;

import java.nio.FloatBuffer;

/**
 * The last {@code rows} rows of a stream of fixed-width float rows (melspectrogram frames,
 * embeddings), addressed by their index in the stream, so windows are copied without shifting
 * arrays the way the reference's {@code np.vstack} does on every step.
 */
final class FloatRing {
  private final float[] data;
  private final int rows;
  private final int width;
  private long end;

  FloatRing(int rows, int width) {
    this.rows = rows;
    this.width = width;
    this.data = new float[rows * width];
  }

  /** One past the newest row written. */
  long end() {
    return end;
  }

  void append(float[] row) {
    put(end, row);
  }

  /**
   * Writes row {@code index}, at or after {@link #end()}; rows skipped over keep stale
   * content, so a reader must write them before it reads them.
   */
  void put(long index, float[] row) {
    if (index < end || row.length != width) {
      throw new IllegalArgumentException("row " + index + " of width " + row.length
          + " cannot follow row " + (end - 1) + " of width " + width);
    }
    System.arraycopy(row, 0, data, offset(index), width);
    end = index + 1;
  }

  /** Puts rows {@code first .. first + count - 1} into {@code dst}, oldest first. */
  void copyTo(long first, int count, FloatBuffer dst) {
    if (first < end - rows || first < 0 || first + count > end) {
      throw new IllegalStateException("rows " + first + ".." + (first + count - 1)
          + " are not held: the ring holds " + Math.max(0, end - rows) + ".." + (end - 1));
    }
    for (long i = first; i < first + count; i++) {
      dst.put(data, offset(i), width);
    }
  }

  private int offset(long index) {
    return (int) (index % rows) * width;
  }
}
