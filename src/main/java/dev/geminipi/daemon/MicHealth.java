package dev.geminipi.daemon;

import dev.geminipi.audio.Microphone;
import java.util.function.LongSupplier;

/**
 * Passes the microphone's reports on to the router and remembers when the capture loop last
 * showed life (a chunk, or a device retry), so the systemd watchdog is fed only while that
 * loop runs (docs/hardware.md §4.2).
 */
final class MicHealth implements Microphone.Listener {
  /** The capture loop reports at least every chunk, or every retry (at most 30 s apart). */
  static final long SILENT_LIMIT_NANOS = 45_000_000_000L;

  private final Microphone.Listener next;
  private final LongSupplier nanoTime;
  private volatile long lastSignNanos;
  private volatile boolean paused;

  MicHealth(Microphone.Listener next, LongSupplier nanoTime) {
    this.next = next;
    this.nanoTime = nanoTime;
    this.lastSignNanos = nanoTime.getAsLong();
  }

  /** A paused microphone (half duplex while the model speaks) sends nothing, by design. */
  boolean alive() {
    return paused || nanoTime.getAsLong() - lastSignNanos < SILENT_LIMIT_NANOS;
  }

  @Override
  public void onAudio(byte[] pcm16k, int length) {
    lastSignNanos = nanoTime.getAsLong();
    next.onAudio(pcm16k, length);
  }

  @Override
  public void onCapture(short[] samples, int frames) {
    lastSignNanos = nanoTime.getAsLong();
    next.onCapture(samples, frames);
  }

  @Override
  public void onPreRoll(byte[] pcm16k, int length, boolean last) {
    next.onPreRoll(pcm16k, length, last);
  }

  @Override
  public void onPaused() {
    paused = true;
    lastSignNanos = nanoTime.getAsLong();
    next.onPaused();
  }

  @Override
  public void onResumed() {
    paused = false;
    lastSignNanos = nanoTime.getAsLong();
    next.onResumed();
  }

  @Override
  public void onDeviceOpened(String description) {
    lastSignNanos = nanoTime.getAsLong();
    next.onDeviceOpened(description);
  }

  @Override
  public void onDeviceLost(String why) {
    lastSignNanos = nanoTime.getAsLong();
    next.onDeviceLost(why);
  }

  /** A Pi without a sound card retries for ever: that is a live loop, not a stuck one. */
  @Override
  public void onDeviceRetry() {
    lastSignNanos = nanoTime.getAsLong();
    next.onDeviceRetry();
  }
}
