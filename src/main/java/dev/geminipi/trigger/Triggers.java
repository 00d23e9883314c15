package dev.geminipi.trigger;

import dev.geminipi.config.Trigger;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.gpio.GpioFault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO triggers of the config, started. They only post {@link TriggerEvent}s to the sink
 * (STYLE 11), from the scheduler's thread; the sink must not block, e.g. an {@code offer}
 * to the conversation's queue. Wake words are another module's job and are skipped here.
 */
public final class Triggers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Triggers.class);

  private final List<AutoCloseable> started;
  private final AtomicBoolean closed;

  private Triggers(List<AutoCloseable> started, AtomicBoolean closed) {
    this.started = List.copyOf(started);
    this.closed = closed;
  }

  /**
   * Opens every button and input trigger. One that cannot be opened is logged and left out,
   * so the rest still work.
   *
   * @param scheduler the daemon's one scheduler: debounce and long-press timers run on it
   * @param nanoTime the time source for input cooldowns
   */
  public static Triggers start(List<Trigger> triggers, Gpio gpio,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, Consumer<TriggerEvent> sink) {
    List<AutoCloseable> started = new ArrayList<>();
    AtomicBoolean closed = new AtomicBoolean();
    Consumer<TriggerEvent> gated = e -> {
      if (!closed.get()) {
        sink.accept(e);
      }
    };
    for (Trigger t : triggers) {
      try {
        switch (t) {
          case Trigger.Button b -> {
            ButtonTrigger button = new ButtonTrigger(b, gpio.input(b.pin(), b.pull()),
                scheduler, gated);
            button.start();
            started.add(button);
          }
          case Trigger.Input i -> {
            InputTrigger input = new InputTrigger(i, gpio.input(i.pin(), i.pull()), scheduler,
                nanoTime, gated);
            input.start();
            started.add(input);
          }
          case Trigger.Wakeword w -> {
            // Audio, not GPIO: the wake-word detector posts its own events.
          }
        }
      } catch (GpioFault e) {
        log.warn("trigger on GPIO {} is disabled: {}", e.pin(), e.getMessage());
      }
    }
    return new Triggers(started, closed);
  }

  /** Stops posting events and cancels pending timers; Gpio.close releases the lines. */
  @Override
  public void close() {
    closed.set(true);
    for (AutoCloseable c : started) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing a trigger failed", e);
      }
    }
  }
}
