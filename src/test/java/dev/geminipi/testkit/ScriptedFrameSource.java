package dev.geminipi.testkit;

import dev.geminipi.camera.CameraException;
import dev.geminipi.camera.FrameSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FrameSource} whose frames the test publishes by hand, each stamped with a capture time on
 * the test's own clock (STYLE 16, 19: a fake of our own interface, for tests about its caller).
 * {@link #awaitFrame} keeps the interface's contract (the newest frame if it was captured after
 * {@code afterNanos}, else the next one published) and records every call, so a test knows when the
 * caller is waiting and for what; {@link #newest} counts its calls, so a test knows that a stream
 * tick looked at the source. Waits are capped at 10 s of real time.
 */
public final class ScriptedFrameSource implements FrameSource {
  private static final long REAL_WAIT_CAP_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition published = lock.newCondition();
  private final BlockingQueue<Long> awaits = new LinkedBlockingQueue<>();
  private final AtomicInteger newestCalls = new AtomicInteger();
  private final List<Frame> all = new CopyOnWriteArrayList<>();
  private Frame newest;
  private long sequence;
  private boolean closed;

  /** Makes {@code jpeg}, captured at {@code capturedNanos}, the newest frame and wakes waiters. */
  public Frame publish(byte[] jpeg, long capturedNanos) {
    lock.lock();
    try {
      newest = new Frame(jpeg, ++sequence, capturedNanos);
      all.add(newest);
      published.signalAll();
      return newest;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Frame> newest() {
    newestCalls.incrementAndGet();
    lock.lock();
    try {
      return Optional.ofNullable(newest);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Frame awaitFrame(long afterNanos, long timeoutNanos) throws CameraException, InterruptedException {
    awaits.add(afterNanos);
    long realDeadline = System.nanoTime() + REAL_WAIT_CAP_NANOS;
    lock.lock();
    try {
      while (true) {
        if (newest != null && newest.capturedNanos() - afterNanos > 0) {
          return newest;
        }
        if (closed) {
          throw new CameraException("the scripted camera is closed");
        }
        if (timeoutNanos <= 0) {
          throw new CameraException("no frame after " + afterNanos + " and no time left (" + timeoutNanos + " ns)");
        }
        long left = realDeadline - System.nanoTime();
        if (left <= 0) {
          throw new CameraException("the test published no frame after " + afterNanos + " within 10 s");
        }
        published.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The {@code afterNanos} of the next {@link #awaitFrame} call, waiting up to 5 s for it. */
  public long takeAwait() throws InterruptedException {
    Long after = awaits.poll(5, TimeUnit.SECONDS);
    if (after == null) {
      throw new AssertionError("nobody asked the camera for a frame within 5 s");
    }
    return after;
  }

  /**
   * The sequence number of the published frame whose bytes are {@code jpeg} (the same array, as a
   * frame sent untouched is), or -1: lets a failure say "frame 2" instead of printing bytes.
   */
  public long sequenceOf(byte[] jpeg) {
    return all.stream().filter(f -> f.jpeg() == jpeg).mapToLong(Frame::sequence).findFirst().orElse(-1);
  }

  /** How many times {@link #newest} has been called. */
  public int newestCalls() {
    return newestCalls.get();
  }

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
