package dev.geminipi.camera;

import dev.geminipi.camera.FrameSource.Frame;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

// The newest frame and the camera's state, shared by the process's reader thread (which
// publishes), its supervisor (which reports runs and failures) and any number of waiters.
final class FrameSlot {
  enum State { STARTING, RUNNING, DOWN, FAILED, CLOSED }

  private final String name;
  private final String fix;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // Guarded by lock.
  private State state = State.STARTING;
  private String problem = "";
  private Frame newest;
  private long sequence;
  private long lastArrivalNanos;
  private long framesThisRun;
  private boolean troubled;

  FrameSlot(String name, String fix, LongSupplier nanoTime) {
    this.name = name;
    this.fix = fix;
    this.nanoTime = nanoTime;
    this.lastArrivalNanos = nanoTime.getAsLong();
  }

  /** A new process has started; the state stays as it is until its first frame. */
  void runStarted() {
    lock.lock();
    try {
      lastArrivalNanos = nanoTime.getAsLong();
      framesThisRun = 0;
    } finally {
      lock.unlock();
    }
  }

  /** True after a failure until the next frame: that frame means the camera works again. */
  boolean troubled() {
    lock.lock();
    try {
      return troubled;
    } finally {
      lock.unlock();
    }
  }

  /** Makes {@code jpeg} the newest frame and wakes the waiters. */
  void publish(byte[] jpeg) {
    long now = nanoTime.getAsLong();
    lock.lock();
    try {
      if (state == State.CLOSED || state == State.FAILED) {
        return;
      }
      // A frame read now may have been exposed before the previous one finished arriving
      // (it was in the encoder), but not before that: the previous arrival is a safe lower
      // bound while the encoder keeps up with the low rates we ask for (docs/hardware.md
      // §3.1). So "captured after a call" really means exposed after it.
      newest = new Frame(jpeg, ++sequence, lastArrivalNanos);
      lastArrivalNanos = now;
      framesThisRun++;
      state = State.RUNNING;
      problem = "";
      troubled = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The process is gone and a restart is pending: waiters fail at once with {@code why}. */
  void down(String why) {
    setState(State.DOWN, why);
  }

  /** The camera is given up for good. */
  void failed(String why) {
    setState(State.FAILED, why);
  }

  void closed() {
    setState(State.CLOSED, "the camera is closed");
  }

  private void setState(State next, String why) {
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      state = next;
      problem = why;
      troubled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  State state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** The last frame's arrival, or the start of the current run before its first frame. */
  long lastArrivalNanos() {
    lock.lock();
    try {
      return lastArrivalNanos;
    } finally {
      lock.unlock();
    }
  }

  long framesThisRun() {
    lock.lock();
    try {
      return framesThisRun;
    } finally {
      lock.unlock();
    }
  }

  Optional<Frame> newest() {
    lock.lock();
    try {
      return Optional.ofNullable(newest);
    } finally {
      lock.unlock();
    }
  }

  Optional<String> problem() {
    lock.lock();
    try {
      return problem.isEmpty() ? Optional.empty() : Optional.of(problem);
    } finally {
      lock.unlock();
    }
  }

  Frame await(long afterNanos, long timeoutNanos) throws CameraException, InterruptedException {
    // Capped so the deadline cannot overflow; nobody waits a day for a picture.
    long deadline = nanoTime.getAsLong() + Math.min(timeoutNanos, TimeUnit.DAYS.toNanos(1));
    lock.lock();
    try {
      while (true) {
        if (newest != null && newest.capturedNanos() - afterNanos > 0) {
          return newest;
        }
        if (state == State.DOWN || state == State.FAILED || state == State.CLOSED) {
          throw new CameraException(problem);
        }
        long leftNanos = deadline - nanoTime.getAsLong();
        if (leftNanos <= 0) {
          throw new CameraException("no frame from " + name + " within "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (camera.timeoutMs); " + fix);
        }
        changed.awaitNanos(leftNanos);
      }
    } finally {
      lock.unlock();
    }
  }

  // For tests: waits through restarts until the state is {@code wanted}; returns the state then.
  State awaitState(State wanted, long timeoutNanos) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      long leftNanos;
      while (state != wanted && (leftNanos = deadline - nanoTime.getAsLong()) > 0) {
        changed.awaitNanos(leftNanos);
      }
      return state;
    } finally {
      lock.unlock();
    }
  }

  // For tests: waits through restarts for a frame newer than {@code sequence}; null on timeout.
  Frame awaitSequence(long sequence, long timeoutNanos) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      long leftNanos;
      while ((newest == null || newest.sequence() <= sequence)
          && (leftNanos = deadline - nanoTime.getAsLong()) > 0) {
        changed.awaitNanos(leftNanos);
      }
      return newest != null && newest.sequence() > sequence ? newest : null;
    } finally {
      lock.unlock();
    }
  }
}
