package dev.geminipi.gpio;

import java.util.function.Consumer;

/** A digital input line, reported as its raw level; debouncing is the caller's job. */
public interface Input {
  /** The BCM GPIO number. */
  int pin();

  /** The level of the line now. */
  boolean isHigh();

  /**
   * Calls {@code listener} with the new level after every change. It runs on a Pi4J thread on
   * the Pi, and on the thread that sets a mock state in tests, so it must only hand work on.
   */
  void onChange(Consumer<Boolean> listener);
}
