package dev.geminipi.trigger;

import dev.geminipi.config.Trigger;
import dev.geminipi.gpio.Input;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A door contact, PIR or doorbell: posts InputFired on its debounced edge, at most once per
 * {@code cooldownSec} (a PIR re-triggers every few seconds while someone moves).
 */
final class InputTrigger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InputTrigger.class);

  private final Trigger.Input config;
  private final LongSupplier nanoTime;
  private final Consumer<TriggerEvent> sink;
  private final Debouncer debouncer;
  private final long cooldownNanos;
  private final Object lock = new Object();
  private boolean fired;
  private long lastFiredNanos;

  InputTrigger(Trigger.Input config, Input input, ScheduledExecutorService scheduler,
      LongSupplier nanoTime, Consumer<TriggerEvent> sink) {
    this.config = config;
    this.nanoTime = nanoTime;
    this.sink = sink;
    this.cooldownNanos = TimeUnit.SECONDS.toNanos(config.cooldownSec());
    this.debouncer = new Debouncer(input, config.debounceMs(), scheduler, this::settled);
  }

  void start() {
    debouncer.start();
  }

  @Override
  public void close() {
    debouncer.stop();
  }

  private void settled(boolean high) {
    boolean edge = switch (config.edge()) {
      case RISING -> high;
      case FALLING -> !high;
      case BOTH -> true;
    };
    if (!edge) {
      return;
    }
    synchronized (lock) {
      long now = nanoTime.getAsLong();
      if (fired && now - lastFiredNanos < cooldownNanos) {
        log.debug("input on GPIO {} ignored: {} s cooldown, fired {} ms ago", config.pin(),
            config.cooldownSec(), TimeUnit.NANOSECONDS.toMillis(now - lastFiredNanos));
        return;
      }
      fired = true;
      lastFiredNanos = now;
    }
    // Public surface (STYLE 25): one line per conversation an input starts.
    log.info("input on GPIO {} fired ({} edge)", config.pin(), high ? "rising" : "falling");
    sink.accept(new TriggerEvent.InputFired(config));
  }
}
