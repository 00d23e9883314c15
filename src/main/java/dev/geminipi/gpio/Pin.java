package dev.geminipi.gpio;

/** What {@link Gpio} needs of every output it opened to make it safe at shutdown. */
interface Pin {
  int pin();

  /** Drives the resting level and refuses every later set, so no late call moves the pin. */
  void shutdown();
}
