package dev.geminipi.gpio;

import com.pi4j.io.pwm.Pwm;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PwmOutput} on a Pi4J PWM channel. Active-low is done here by inverting the duty
 * cycle rather than with Pi4J's polarity, which not every provider honours.
 */
final class PwmPin implements PwmOutput, Pin {
  private final int pin;
  private final boolean activeHigh;
  private final Pwm channel;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  PwmPin(int pin, boolean activeHigh, Pwm channel) {
    this.pin = pin;
    this.activeHigh = activeHigh;
    this.channel = channel;
  }

  /** The duty cycle that means "off". */
  static int restingDuty(boolean activeHigh) {
    return activeHigh ? 0 : 100;
  }

  @Override
  public int pin() {
    return pin;
  }

  @Override
  public void setPercent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, got " + percent);
    }
    lock.lock();
    try {
      if (closed) {
        throw GpioFault.shutDown(pin);
      }
      drive(percent);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int percent() {
    int duty;
    try {
      duty = channel.isOn() ? channel.getDutyCycle() : 0;
    } catch (RuntimeException e) {
      throw new GpioFault(pin, "GPIO " + pin + " PWM could not be read: " + e.getMessage(), e);
    }
    return activeHigh ? duty : 100 - duty;
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      closed = true;
      drive(0);
    } finally {
      lock.unlock();
    }
  }

  private void drive(int percent) {
    int duty = activeHigh ? percent : 100 - percent;
    try {
      // on(0) turns the channel off (Pwm.on in Pi4J 3.0.3), which idles the line low.
      channel.on(duty);
    } catch (RuntimeException e) {
      throw new GpioFault(pin, "GPIO " + pin + " PWM could not be set to " + duty + "%: "
          + e.getMessage(), e);
    }
  }
}
