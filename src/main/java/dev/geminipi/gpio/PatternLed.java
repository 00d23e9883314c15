package dev.geminipi.gpio;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays {@link LedPattern}s on the shared scheduler. {@link #show} cancels the old pattern's
 * timer and sets the new first level before it returns, so the LED never lags the state; the
 * generation count makes a step task that was already running when it was cancelled a no-op.
 */
final class PatternLed implements StatusLed {
  private static final Logger log = LoggerFactory.getLogger(PatternLed.class);

  private final int pin;
  private final boolean pwm;
  private final IntConsumer level;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private DeviceState state;
  private LedPattern pattern;
  private int index;
  private long generation;
  private ScheduledFuture<?> next;
  private boolean stopped;

  PatternLed(int pin, boolean pwm, IntConsumer level, ScheduledExecutorService scheduler) {
    this.pin = pin;
    this.pwm = pwm;
    this.level = level;
    this.scheduler = scheduler;
  }

  @Override
  public void show(DeviceState newState) {
    lock.lock();
    try {
      if (stopped || newState == state) {
        return;
      }
      state = newState;
      pattern = LedPattern.of(newState, pwm);
      generation++;
      cancelNext();
      index = 0;
      play(generation);
    } finally {
      lock.unlock();
    }
  }

  /** Stops the pattern for good; {@link Gpio} then puts the pin to rest. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      generation++;
      cancelNext();
    } finally {
      lock.unlock();
    }
  }

  private void step(long gen) {
    lock.lock();
    try {
      if (stopped || gen != generation) {
        return;
      }
      index = (index + 1) % pattern.steps().size();
      play(gen);
    } finally {
      lock.unlock();
    }
  }

  private void play(long gen) {
    LedPattern.Step step = pattern.steps().get(index);
    try {
      level.accept(step.percent());
    } catch (GpioFault e) {
      // The LED is a nicety: give up on it rather than log a fault every step.
      log.warn("status LED on GPIO {} stopped: {}", pin, e.getMessage());
      stopped = true;
      return;
    }
    if (pattern.steps().size() > 1) {
      try {
        next = scheduler.schedule(() -> step(gen), step.durationMs(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        stopped = true;
      }
    }
  }

  private void cancelNext() {
    if (next != null) {
      next.cancel(false);
      next = null;
    }
  }
}
