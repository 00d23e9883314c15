package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Keeps the assistant from hearing itself ({@code audio.duplex}). In half duplex the microphone
 * delivers nothing while the speaker plays the model's speech and for {@code audio.tailMs} after
 * it drains, which covers the ALSA buffers and the room's echo; the microphone then reports
 * itself paused and resumed. Earcons alone do not close it: words said in one breath with the
 * wake word go on while the chirp plays (docs/audio.md "Earcons and the microphone"). Full
 * duplex always lets audio through, for hardware or PipeWire echo cancelling. Make one with
 * {@link #of} and hand it to both the {@link Speaker} and the {@link Microphone}: the speaker
 * drives it, the microphone consults it for every chunk.
 */
public final class DuplexGate {

  private final boolean half;
  private final long tailNanos;
  private final LongSupplier nanoClock;
  // Written by the playback thread, read by the capture thread.
  private volatile boolean playing;
  private volatile long drainedAtNanos;
  private volatile boolean everDrained;
  private volatile boolean muted;

  private DuplexGate(boolean half, int tailMs, LongSupplier nanoClock) {
    if (tailMs < 0) {
      throw new IllegalArgumentException("tailMs must be >= 0, was " + tailMs);
    }
    this.half = half;
    this.tailNanos = tailMs * 1_000_000L;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** The gate for {@code audio.duplex} and {@code audio.tailMs}. */
  public static DuplexGate of(AudioConfig config) {
    return of(config, System::nanoTime);
  }

  static DuplexGate of(AudioConfig config, LongSupplier nanoClock) {
    return new DuplexGate(config.duplex() == AudioConfig.Duplex.HALF, config.tailMs(), nanoClock);
  }

  void onPlaybackStarted() {
    playing = true;
  }

  void onPlaybackDrained() {
    drainedAtNanos = nanoClock.getAsLong();
    everDrained = true;
    playing = false;
  }

  /**
   * Mutes the microphone (Home Assistant's mute switch): while muted the microphone delivers
   * nothing, and what it reads from the device is zeroed before anything (wake word, level
   * meter, pre-roll) sees it. From any thread.
   */
  public void mute(boolean on) {
    muted = on;
  }

  public boolean muted() {
    return muted;
  }

  /** True when a captured chunk may be delivered now. */
  boolean allowsCapture() {
    if (muted) {
      return false;
    }
    if (!half) {
      return true;
    }
    if (playing) {
      return false;
    }
    return !everDrained || nanoClock.getAsLong() - drainedAtNanos >= tailNanos;
  }
}
