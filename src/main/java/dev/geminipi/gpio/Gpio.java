package dev.geminipi.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.geminipi.config.GpioSettings;
import dev.geminipi.config.LedConfig;
import dev.geminipi.config.Pull;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the daemon's only Pi4J context and every pin opened through it (STYLE 20). Outputs
 * start at their resting level; {@link #close} drives every one back to it, refuses later
 * sets and shuts the context down. A JVM shutdown hook does the same on crash paths, because
 * Pi4J 3 registers none and never applies its shutdown levels by itself (docs/hardware.md
 * §1.3). Thread-safe.
 */
public final class Gpio implements AutoCloseable {
  /** Public surface (STYLE 25): the one line "auto" logs when it falls back to the mock. */
  static final String MOCK_FALLBACK_WARNING = "no /dev/gpiochip* found, so GPIO runs on the "
      + "mock platform and no pin will move; set gpio.provider to \"mock\" if that is intended";
  /** A PWM LED needs no config for this: far above visible flicker, within every channel. */
  static final int LED_FREQUENCY_HZ = 1000;

  private static final Logger log = LoggerFactory.getLogger(Gpio.class);

  private final Context context;
  private final boolean mock;
  private final boolean rp1;
  private final List<Pin> pins = new CopyOnWriteArrayList<>();
  private final List<PatternLed> leds = new CopyOnWriteArrayList<>();
  private final Map<Integer, Integer> pwmChannelOwners = new HashMap<>();
  private final Map<String, Object> created = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<LevelWatcher> watchers = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook;
  private final java.util.concurrent.CountDownLatch closedLatch =
      new java.util.concurrent.CountDownLatch(1);
  /** Within systemd's stop timeout, and short enough that a crash still rests pins at once. */
  static final long ORDERLY_CLOSE_WAIT_MS = 1500;

  private Gpio(Context context, boolean mock, boolean rp1) {
    this.context = context;
    this.mock = mock;
    this.rp1 = rp1;
    this.shutdownHook = new Thread(this::closeOnExit, "gpio-shutdown");
  }

  /**
   * The JVM is exiting. An orderly shutdown (the daemon's own hook) closes the tools first,
   * so each actuation back to rest gets its audit line; this hook waits briefly for that and
   * then forces every pin to rest itself, which covers every other way out of the JVM.
   */
  private void closeOnExit() {
    try {
      closedLatch.await(ORDERLY_CLOSE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /**
   * Opens GPIO as configured: "mock" builds the mock platform; "auto" uses gpiod (with
   * sysfs hardware PWM) when a /dev/gpiochip* exists, else the mock platform with one
   * warning line.
   */
  public static Gpio open(GpioSettings settings) {
    return open(settings, Path.of("/dev"));
  }

  static Gpio open(GpioSettings settings, Path dev) {
    boolean mock = switch (settings.provider()) {
      case MOCK -> true;
      case AUTO -> {
        if (Contexts.hasGpioChip(dev)) {
          yield false;
        }
        log.warn(MOCK_FALLBACK_WARNING);
        yield true;
      }
    };
    Context context;
    try {
      context = mock ? Contexts.mock() : Contexts.hardware(settings.chip());
    } catch (RuntimeException e) {
      throw new GpioFault(-1, "GPIO could not be opened (" + e.getMessage() + "); check that "
          + "the service user is in group gpio and /dev/gpiochip* is readable", e);
    }
    Gpio gpio = new Gpio(context, mock, !mock && Contexts.usesRp1());
    Runtime.getRuntime().addShutdownHook(gpio.shutdownHook);
    return gpio;
  }

  /** True when no pin really moves: desktop mode and tests. */
  public boolean isMock() {
    return mock;
  }

  /** Opens {@code pin} as an output, driven to its resting (off) level at once. */
  public Output output(int pin, boolean activeHigh) {
    DigitalState rest = DigitalPin.restingLevel(activeHigh);
    DigitalOutput line = create(pin, "an output", () -> context.create(
        DigitalOutput.newConfigBuilder(context).id(outputId(pin)).name("GPIO " + pin)
            .address(pin).initial(rest).shutdown(rest)));
    line.addListener(e -> levelChanged(pin, e.state() == DigitalState.HIGH));
    DigitalPin p = new DigitalPin(pin, activeHigh, line);
    pins.add(p);
    return p;
  }

  /** Opens {@code pin} (12, 13, 18 or 19) as hardware PWM, resting at 0%. */
  public PwmOutput pwmOutput(int pin, boolean activeHigh, int frequencyHz) {
    int address = mock ? pin : claimChannel(pin);
    int rest = PwmPin.restingDuty(activeHigh);
    Pwm channel = create(pin, "hardware PWM", () -> context.create(
        Pwm.newConfigBuilder(context).id(pwmId(pin)).name("GPIO " + pin + " PWM")
            .address(address).pwmType(PwmType.HARDWARE).frequency(frequencyHz)
            .dutyCycle(rest).initial(rest).shutdown(rest)));
    PwmPin p = new PwmPin(pin, activeHigh, channel);
    pins.add(p);
    return p;
  }

  /**
   * Opens {@code pin} as an input with the given bias. Pi4J's debounce is switched off: the
   * mock ignores it and gpiod counts it in µs, so triggers debounce on their own scheduler
   * and behave the same in tests as on the Pi.
   */
  public Input input(int pin, Pull pull) {
    DigitalInput line = create(pin, "an input", () -> context.create(
        DigitalInput.newConfigBuilder(context).id(inputId(pin)).name("GPIO " + pin)
            .address(pin).pull(pullResistance(pull)).debounce(0L)));
    if (line instanceof MockDigitalInput m && pull == Pull.UP) {
      // The mock starts LOW whatever the pull (docs/hardware.md §1.8); a real pulled-up
      // line reads HIGH, and a button that reads pressed at start would be ignored.
      m.mockState(DigitalState.HIGH);
    }
    line.addListener(e -> levelChanged(pin, e.state() == DigitalState.HIGH));
    return new InputPin(pin, line);
  }

  /**
   * The status LED: blink codes, or smooth patterns when {@code led.pwm()} is set. An LED that
   * cannot be opened is logged once and replaced by {@link StatusLed#NONE}: it is a nicety.
   *
   * @param scheduler the daemon's one scheduler; pattern steps run on it
   */
  public StatusLed statusLed(LedConfig led, ScheduledExecutorService scheduler) {
    PatternLed p;
    try {
      if (led.pwm()) {
        PwmOutput out = pwmOutput(led.pin(), led.activeHigh(), LED_FREQUENCY_HZ);
        p = new PatternLed(led.pin(), true, out::setPercent, scheduler);
      } else {
        Output out = output(led.pin(), led.activeHigh());
        p = new PatternLed(led.pin(), false, percent -> out.set(percent > 0), scheduler);
      }
    } catch (GpioFault e) {
      log.warn("status LED is disabled: {}", e.getMessage());
      return StatusLed.NONE;
    }
    leds.add(p);
    return p;
  }

  /**
   * Stops the LED patterns, drives every output to its resting level, refuses every later
   * set and shuts the Pi4J context down. Idempotent; also run by the shutdown hook.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (PatternLed led : leds) {
      led.stop();
    }
    for (Pin p : pins) {
      try {
        p.shutdown();
      } catch (RuntimeException e) {
        log.warn("GPIO {} could not be set to its resting level at shutdown: {}", p.pin(),
            e.getMessage());
      }
    }
    try {
      context.shutdown();
    } catch (RuntimeException e) {
      log.warn("Pi4J did not shut down cleanly: {}", e.toString());
    }
    closedLatch.countDown();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook finds us closed and returns.
      }
    }
  }

  /** Told the line level of a digital input or output after every change. */
  public interface LevelWatcher {
    /**
     * Runs on a Pi4J thread on the Pi, and on the thread that moved the pin otherwise, so it
     * must only hand work on.
     */
    void changed(int pin, boolean high);
  }

  /** Adds a watcher of every digital input and output, opened before or after this call. */
  public void watch(LevelWatcher watcher) {
    watchers.add(watcher);
  }

  /** The line level (true = high) of an opened digital input or output; empty for others. */
  public Optional<Boolean> level(int pin) {
    Object io = created.get(inputId(pin));
    if (io == null) {
      io = created.get(outputId(pin));
    }
    if (io instanceof Digital<?, ?, ?> d) {
      return Optional.of(d.state() == DigitalState.HIGH);
    }
    return Optional.empty();
  }

  private void levelChanged(int pin, boolean high) {
    for (LevelWatcher w : watchers) {
      try {
        w.changed(pin, high);
      } catch (RuntimeException e) {
        log.error("a level watcher failed for GPIO {}", pin, e);
      }
    }
  }

  /** For tests: the hook {@link #open} registered. */
  Thread shutdownHook() {
    return shutdownHook;
  }

  /**
   * For tests (gpio's MockBoard): the Pi4J object behind an id, kept here because Pi4J's
   * registry forgets it at shutdown, when tests still read the resting levels back.
   */
  <T> T io(String id, Class<T> type) {
    return type.cast(created.get(id));
  }

  static String outputId(int pin) {
    return "out-" + pin;
  }

  static String pwmId(int pin) {
    return "pwm-" + pin;
  }

  static String inputId(int pin) {
    return "in-" + pin;
  }

  private <T extends IO<?, ?, ?>> T create(int pin, String what, Supplier<T> make) {
    if (closed.get()) {
      throw new GpioFault(pin, "GPIO " + pin + " cannot be opened: GPIO is shut down");
    }
    try {
      T io = make.get();
      created.put(io.id(), io);
      return io;
    } catch (RuntimeException e) {
      // Pi4J's own provider errors are not logged (log.Logs): say here why there is none.
      String why = String.valueOf(e.getMessage()).contains("could not be found")
          ? "Pi4J's gpiod provider did not start (most often permission denied on "
              + "/dev/gpiochip*: the user needs group gpio)" : e.getMessage();
      throw new GpioFault(pin, "GPIO " + pin + " could not be opened as " + what + ": " + why, e);
    }
  }

  private synchronized int claimChannel(int pin) {
    int channel = PwmChannels.channel(pin, rp1);
    Integer owner = pwmChannelOwners.putIfAbsent(channel, pin);
    if (owner != null && owner != pin) {
      throw new GpioFault(pin, "GPIO " + pin + " and GPIO " + owner + " share PWM channel "
          + channel + " on this board; use only one of them for PWM");
    }
    return channel;
  }

  private static PullResistance pullResistance(Pull pull) {
    // Always explicit: left unset, gpiod asks for BIAS_DISABLE (docs/hardware.md §0.2).
    return switch (pull) {
      case UP -> PullResistance.PULL_UP;
      case DOWN -> PullResistance.PULL_DOWN;
      case OFF -> PullResistance.OFF;
    };
  }
}
