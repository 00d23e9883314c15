package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;

/**
 * The speaker: plays 16-bit mono PCM (the model's 24 kHz speech, and earcons) on the device
 * {@code audio.output.device} names, in whatever format that device takes, at
 * {@code audio.output.volume}. Audio goes into a bounded jitter buffer and is written to the device
 * by the speaker's own thread, so no call here waits for the device. Every start and every cut is
 * faded over 5 ms, so nothing clicks. A missing or unplugged device is retried until it works.
 *
 * <p>Listener methods run on the playback thread and must not block: post to a queue.
 */
public interface Speaker extends AutoCloseable {

  /** The model's audio rate on the Gemini API (docs/protocol.md §7). */
  int MODEL_RATE_HZ = 24_000;

  /** The generated feedback sounds ({@link Earcons}). */
  enum Earcon { WAKE, END, ERROR }

  /** What the playback thread reports. */
  interface Listener {

    /** Sound started coming out after silence: the assistant is speaking. */
    void onPlaybackStarted();

    /**
     * Everything queued has been played (or cut by {@link #interrupt()}) and the device is
     * silent: the assistant stopped speaking.
     */
    void onPlaybackDrained();

    /** The device opened, e.g. {@code "null [default]" at 48000 Hz, 2 channels, 16-bit}. */
    void onDeviceOpened(String description);

    /** The device could not be opened or stopped playing; it is retried with backoff. */
    void onDeviceLost(String why);
  }

  /** A javax.sound speaker for {@code config}, driving {@code gate}; call {@link #start()} to run it. */
  static Speaker create(AudioConfig config, DuplexGate gate, Listener listener) {
    return new JavaSoundSpeaker(config, gate, listener, System::nanoTime);
  }

  /** Starts the playback thread, which opens the device (and keeps retrying if it cannot). */
  void start();

  /**
   * Queues {@code length} bytes of 16-bit little-endian mono PCM at {@code rateHz} (copied, so the
   * caller may reuse the array). Never blocks. Returns false if the audio was dropped because the
   * jitter buffer is full ({@link #droppedMs()}).
   */
  boolean play(byte[] pcm, int offset, int length, int rateHz);

  /** Queues an earcon behind whatever is queued; does nothing when {@code audio.earcons} is false. */
  void playEarcon(Earcon earcon);

  /**
   * Drops everything queued and cuts what the device is playing with a 5 ms fade, for barge-in.
   * Returns at once; the device is silent about one ALSA period later. Audio queued after this
   * call plays normally.
   */
  void interrupt();

  /** Sets the linear volume (0..1) from the next chunk on; from any thread. */
  void setVolume(double volume);

  /** The linear volume now, {@code audio.output.volume} until {@link #setVolume} is called. */
  double volume();

  /** Milliseconds of audio dropped because the jitter buffer was full or no device was open. */
  long droppedMs();

  /** Stops the playback thread and closes the device, cutting any sound; waits at most a second. */
  @Override
  void close();
}
