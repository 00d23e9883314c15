package dev.geminipi.camera;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera process that writes MJPEG (or one JPEG) to stdout: rpicam-vid, ffmpeg or any command.
 * One virtual thread supervises it (start, stall watchdog, restart with backoff), one splits its
 * stdout into frames and one drains its stderr (STYLE 15); only the newest frame is kept.
 *
 * <p>A process that exits with 0 after giving frames (a command that takes one picture and ends)
 * is simply run again after one frame period, so such commands work as a slow stream. Any other
 * end, or no frame for {@code camera.timeoutMs}, is a failure: the camera is down (waiters fail
 * at once) until a restart after a doubling backoff; after {@link ProcessPolicy#maxRestarts()}
 * failures in a row it is given up with one WARN line that says what to do.
 */
final class ProcessFrameSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(ProcessFrameSource.class);

  /** How one run ended: normally, by a failure, or because the source was closed. */
  private record Outcome(String cause, boolean fatal) {
    static final Outcome CLOSED = new Outcome(null, false);
    static final Outcome NORMAL = new Outcome("", false);
  }

  private final CameraCommands.Run command;
  private final Set<String> hidden;
  private final ProcessPolicy policy;
  private final long timeoutNanos;
  private final long startupNanos;
  private final long shotPauseMs;
  private final LongSupplier nanoTime;
  private final FrameSlot slot;
  private final MjpegSplitter splitter;
  private final Thread supervisor;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  // Guarded by lock.
  private boolean closed;
  private Process process;

  // Only the supervisor thread uses it.
  private String lastWarnedCause = "";

  /**
   * @param timeoutMs no frame for this long is a stall ({@code camera.timeoutMs})
   * @param framerate frames per second asked of the camera; sets the pause between one-shot runs
   */
  /** @param hidden variables the camera process must not inherit (the API key's) */
  ProcessFrameSource(CameraCommands.Run command, long timeoutMs, int framerate, ProcessPolicy policy,
            LongSupplier nanoTime, Set<String> hidden) {
    this.command = command;
    this.hidden = hidden;
    this.policy = policy;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    this.startupNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(timeoutMs, policy.startupMs()));
    this.shotPauseMs = 1000L / Math.max(1, framerate);
    this.nanoTime = nanoTime;
    this.slot = new FrameSlot(command.name(), command.fix(), nanoTime);
    this.splitter = new MjpegSplitter(jpeg -> {
      // Said before the frame is published, so whoever it wakes finds the line written.
      if (slot.troubled()) {
        log.info("camera: {} gives frames again", command.name());
      }
      slot.publish(jpeg);
    });
    this.supervisor = Thread.ofVirtual().name("camera-" + command.name()).unstarted(this::supervise);
  }

  void start() {
    supervisor.start();
  }

  @Override
  public Optional<Frame> newest() {
    return slot.newest();
  }

  @Override
  public Frame awaitFrame(long afterNanos, long timeoutNanos) throws CameraException, InterruptedException {
    return slot.await(afterNanos, timeoutNanos);
  }

  @Override
  public Optional<String> problem() {
    return slot.problem();
  }

  @Override
  public void close() {
    Process running;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      running = process;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    slot.closed();
    if (running != null) {
      Processes.stop(running, policy.stopTimeoutMs());
    }
    try {
      supervisor.join(2 * policy.stopTimeoutMs() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // For tests: the frame and state bookkeeping, to wait through restarts.
  FrameSlot slot() {
    return slot;
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  private void supervise() {
    int failures = 0;
    try {
      while (true) {
        Outcome outcome = runOnce();
        if (outcome == Outcome.CLOSED) {
          return;
        }
        long pauseMs;
        if (outcome == Outcome.NORMAL) {
          failures = 0;
          pauseMs = shotPauseMs;
        } else {
          // A run that gave frames was working: its failure starts a new count.
          failures = slot.framesThisRun() > 0 ? 1 : failures + 1;
          if (outcome.fatal() || failures > policy.maxRestarts()) {
            giveUp(outcome.cause(), failures - 1);
            return;
          }
          pauseMs = policy.backoffMs(failures);
          // Logged first, so whoever sees the new state finds the line already written.
          warnRestart(outcome.cause(), pauseMs);
          slot.down(outcome.cause() + "; restarting it");
        }
        if (!pause(pauseMs)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("camera: {} supervisor failed (a bug); vision is off", command.name(), e);
      slot.failed("internal error: " + e);
    }
  }

  private Outcome runOnce() throws InterruptedException {
    splitter.reset(); // the previous process may have died mid-frame
    Process p;
    lock.lock();
    try {
      if (closed) {
        return Outcome.CLOSED;
      }
      // Before the start, so a run that cannot even start counts as one without frames.
      slot.runStarted();
      ProcessBuilder builder = new ProcessBuilder(command.argv());
      ChildEnvironment.scrub(builder.environment(), hidden);
      builder.environment().putAll(command.environment());
      p = builder.start();
      process = p;
    } catch (IOException e) {
      return new Outcome("could not start " + command.name() + ": " + e.getMessage().strip(), false);
    } finally {
      lock.unlock();
    }
    StderrTail stderr = StderrTail.start(command.name(), p.getErrorStream());
    Thread reader = Thread.ofVirtual().name("camera-stdout-" + command.name()).start(() -> read(p.getInputStream()));
    String stall;
    try {
      stall = watch(p);
    } finally {
      if (!p.isAlive()) {
        // It ended by itself: its last frame may still be in the pipe, and Process.destroy()
        // (in stop) closes our end of it, so read to the end first.
        reader.join(policy.stopTimeoutMs());
      }
      Processes.stop(p, policy.stopTimeoutMs());
      // The frames written before an exit are still in the pipe: publish them before judging.
      reader.join(policy.stopTimeoutMs());
      stderr.awaitEnd(policy.stopTimeoutMs());
      lock.lock();
      try {
        process = null;
      } finally {
        lock.unlock();
      }
    }
    if (isClosed()) {
      return Outcome.CLOSED;
    }
    if (reader.isAlive()) {
      // Another process still holds the pipe; the splitter cannot be shared with a new run.
      return new Outcome("the output of " + command.name() + " stayed open after it was stopped", true);
    }
    if (stall != null) {
      return new Outcome(stall + stderr.summary(), false);
    }
    int code = p.exitValue();
    if (code == 0 && slot.framesThisRun() > 0) {
      log.debug("camera: {} ended after {} frames; running it again in {} ms", command.name(),
          slot.framesThisRun(), shotPauseMs);
      return Outcome.NORMAL;
    }
    return new Outcome(command.name() + " exited with code " + code + stderr.summary(), false);
  }

  // The stall's cause, or null once the process has exited or the source is closed.
  private String watch(Process p) throws InterruptedException {
    while (!isClosed()) {
      boolean starting = slot.framesThisRun() == 0;
      long limitNanos = starting ? startupNanos : timeoutNanos;
      long leftNanos = limitNanos - (nanoTime.getAsLong() - slot.lastArrivalNanos());
      if (leftNanos <= 0) {
        long ms = TimeUnit.NANOSECONDS.toMillis(limitNanos);
        return starting ? command.name() + " gave no frame within " + ms + " ms of starting"
            : command.name() + " stopped giving frames (none for " + ms + " ms, camera.timeoutMs)";
      }
      // Slices of at most timeoutMs, so the short limit applies soon after the first frame.
      if (p.waitFor(Math.min(leftNanos, timeoutNanos), TimeUnit.NANOSECONDS)) {
        return null;
      }
    }
    return null;
  }

  private void read(InputStream in) {
    byte[] buf = new byte[64 << 10];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        splitter.feed(buf, 0, n);
      }
    } catch (IOException e) {
      log.debug("camera: {} stdout closed: {}", command.name(), e.getMessage());
    }
  }

  // Waits between runs; false if the source was closed meanwhile.
  private boolean pause(long ms) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(ms);
    lock.lock();
    try {
      while (!closed) {
        long leftNanos = deadline - nanoTime.getAsLong();
        if (leftNanos <= 0) {
          return true;
        }
        wake.awaitNanos(leftNanos);
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  // Log texts are public surface (STYLE 25): one WARN per distinct cause, repeats at DEBUG.
  private void warnRestart(String cause, long pauseMs) {
    if (cause.equals(lastWarnedCause)) {
      log.debug("camera: {}; restarting it in {} ms", cause, pauseMs);
      return;
    }
    lastWarnedCause = cause;
    log.warn("camera: {}; restarting it in {} ms", cause, pauseMs);
  }

  private void giveUp(String cause, int restarts) {
    log.warn("camera: {}; {}vision is off until gemini-pi restarts; {}", cause,
        restarts > 0 ? "gave up after " + restarts + (restarts == 1 ? " restart, " : " restarts, ") : "",
        command.fix());
    slot.failed(cause + "; " + command.fix());
  }
}
