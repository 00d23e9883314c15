package dev.geminipi.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.concurrent.locks.ReentrantLock;

/** An {@link Output} on a Pi4J digital output; the lock makes shutdown final for late sets. */
final class DigitalPin implements Output, Pin {
  private final int pin;
  private final boolean activeHigh;
  private final DigitalOutput line;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  DigitalPin(int pin, boolean activeHigh, DigitalOutput line) {
    this.pin = pin;
    this.activeHigh = activeHigh;
    this.line = line;
  }

  /** The line level that means "off": a relay board wired active-low rests high. */
  static DigitalState restingLevel(boolean activeHigh) {
    return activeHigh ? DigitalState.LOW : DigitalState.HIGH;
  }

  @Override
  public int pin() {
    return pin;
  }

  @Override
  public void set(boolean on) {
    lock.lock();
    try {
      if (closed) {
        throw GpioFault.shutDown(pin);
      }
      drive(on);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isOn() {
    // gpiod answers from its cache (docs/hardware.md §1.3); the mock answers what tests set.
    return (line.state() == DigitalState.HIGH) == activeHigh;
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      closed = true;
      drive(false);
    } finally {
      lock.unlock();
    }
  }

  private void drive(boolean on) {
    DigitalState level = on ? restingLevel(!activeHigh) : restingLevel(activeHigh);
    try {
      line.state(level);
    } catch (RuntimeException e) {
      throw new GpioFault(pin, "GPIO " + pin + " could not be set " + level.name().toLowerCase()
          + ": " + e.getMessage(), e);
    }
  }
}
