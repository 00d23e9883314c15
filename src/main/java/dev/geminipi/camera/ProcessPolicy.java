package dev.geminipi.camera;

/**
 * How a camera process is kept alive. Not user configuration: {@link #defaults()} suits rpicam-vid
 * and webcams; tests shorten the waits.
 *
 * @param maxRestarts restarts in a row without a frame before the camera is given up; a run that
 *     delivered frames starts the count again
 * @param firstBackoffMs wait before the first restart; each failure in a row doubles it
 * @param maxBackoffMs longest wait between restarts
 * @param startupMs how long a fresh process may take to its first frame, when that is longer
 *     than {@code camera.timeoutMs} (libcamera needs about a second to start, docs/hardware.md §3.1)
 * @param stopTimeoutMs how long a process has to exit after SIGTERM before it gets SIGKILL
 */
public record ProcessPolicy(int maxRestarts, long firstBackoffMs, long maxBackoffMs, long startupMs,
              long stopTimeoutMs) {

  public ProcessPolicy {
    if (maxRestarts < 0 || firstBackoffMs < 1 || maxBackoffMs < firstBackoffMs || startupMs < 0
        || stopTimeoutMs < 1) {
      throw new IllegalArgumentException("need maxRestarts >= 0, 1 <= firstBackoffMs <= maxBackoffMs,"
          + " startupMs >= 0, stopTimeoutMs >= 1; got " + maxRestarts + ", " + firstBackoffMs + ", "
          + maxBackoffMs + ", " + startupMs + ", " + stopTimeoutMs);
    }
  }

  public static ProcessPolicy defaults() {
    return new ProcessPolicy(5, 1000, 30_000, 10_000, 2000);
  }

  /** The wait before restart number {@code failures} (from 1): doubling, capped. */
  public long backoffMs(int failures) {
    long waitMs = firstBackoffMs;
    for (int i = 1; i < failures && waitMs < maxBackoffMs; i++) {
      waitMs = waitMs > maxBackoffMs / 2 ? maxBackoffMs : waitMs * 2;
    }
    return Math.min(waitMs, maxBackoffMs);
  }
}
