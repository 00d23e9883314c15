package dev.geminipi.trigger;

import dev.geminipi.config.Trigger;
import dev.geminipi.gpio.GpioFault;
import dev.geminipi.gpio.Input;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push button: posts Pressed and Released for every debounced press, and LongPressed when
 * it is held for {@code longPressMs}, timed on the shared scheduler (STYLE 12). A
 * push-to-talk button never long-presses: holding it is talking, and a sentence outlasts two
 * seconds. A button that is already down at start (stuck, or held while booting) is ignored until it is let go, so
 * it can neither start a conversation nor count as a long press.
 */
final class ButtonTrigger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ButtonTrigger.class);

  private final Trigger.Button config;
  private final Input input;
  private final ScheduledExecutorService scheduler;
  private final Consumer<TriggerEvent> sink;
  private final Debouncer debouncer;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private boolean armed;
  private boolean down;
  private ScheduledFuture<?> longPress;

  ButtonTrigger(Trigger.Button config, Input input, ScheduledExecutorService scheduler,
      Consumer<TriggerEvent> sink) {
    this.config = config;
    this.input = input;
    this.scheduler = scheduler;
    this.sink = sink;
    this.debouncer = new Debouncer(input, config.debounceMs(), scheduler, this::settled);
  }

  void start() {
    lock.lock();
    try {
      armed = !isPressed(debouncer.start());
      if (!armed) {
        log.warn("button on GPIO {} is pressed at start; it is ignored until released (check "
            + "the wiring and \"activeLow\")", config.pin());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    debouncer.stop();
    lock.lock();
    try {
      cancelLongPress();
    } finally {
      lock.unlock();
    }
  }

  private boolean isPressed(boolean high) {
    return high != config.activeLow();
  }

  private void settled(boolean high) {
    lock.lock();
    try {
      if (isPressed(high)) {
        if (!armed || down) {
          return;
        }
        down = true;
        log.debug("button on GPIO {} pressed", config.pin());
        sink.accept(new TriggerEvent.Pressed(config));
        if (config.mode() != Trigger.Button.Mode.PUSH_TO_TALK) {
          scheduleLongPress();
        }
      } else {
        cancelLongPress();
        if (!armed) {
          armed = true;
        } else if (down) {
          down = false;
          log.debug("button on GPIO {} released", config.pin());
          sink.accept(new TriggerEvent.Released(config));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void scheduleLongPress() {
    try {
      longPress = scheduler.schedule(this::longPressDue, config.longPressMs(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The daemon is shutting down; a long press no longer matters.
    }
  }

  private void longPressDue() {
    lock.lock();
    try {
      // The line is read again: if it is already up, its release is still being debounced
      // and the press was shorter than longPressMs.
      if (down && isPressed(input.isHigh())) {
        log.debug("button on GPIO {} held {} ms", config.pin(), config.longPressMs());
        sink.accept(new TriggerEvent.LongPressed(config));
      }
    } catch (GpioFault e) {
      // GPIO is shutting down.
    } finally {
      lock.unlock();
    }
  }

  private void cancelLongPress() {
    if (longPress != null) {
      longPress.cancel(false);
      longPress = null;
    }
  }
}
