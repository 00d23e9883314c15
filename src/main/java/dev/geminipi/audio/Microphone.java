package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;

/**
 * The microphone: 16 kHz mono 16-bit little-endian PCM in chunks of {@code audio.chunkMs}, read on
 * its own thread from the device {@code audio.input.device} names, whatever format the device
 * delivers. It keeps the last {@code audio.preRollMs} so that words spoken just before a trigger, or
 * while a session was connecting, can be sent first ({@link #requestPreRoll()}). A missing, busy or
 * unplugged device is retried until it works, and the listener hears about each change.
 *
 * <p>Stream positions: the samples handed to {@link Listener#onCapture} since the start, every
 * chunk counted (muted and gated ones too), are the microphone's stream; sample {@code n} of it is
 * position {@code n}. A listener that counts them (the wake-word detector) can name a moment of
 * the stream, and {@link #requestPreRoll(long)} reaches back from there.
 *
 * <p>Every listener method runs on the capture thread and must not block: post to a queue.
 */
public interface Microphone extends AutoCloseable {

  /** What the capture thread reports, in capture order. */
  interface Listener {

    /**
     * One chunk of live audio. {@code pcm16k} is reused for the next chunk: copy the first
     * {@code length} bytes if you keep them. Not called while the {@link DuplexGate} holds the
     * microphone (half duplex, the model speaking).
     */
    void onAudio(byte[] pcm16k, int length);

    /**
     * A piece of the pre-roll asked for with {@link #requestPreRoll()}, oldest first, at most one
     * chunk long, in a reused buffer. The pieces come before the next {@link #onAudio} chunk and
     * cover the audio up to it with no gap and no overlap; {@code last} marks the final piece,
     * which is empty ({@code length} 0) if there was nothing to send.
     */
    void onPreRoll(byte[] pcm16k, int length, boolean last);

    /**
     * Every chunk as captured, before the duplex gate: for listeners that must hear the room
     * even while the speaker plays (a wake word said over the assistant's voice interrupts
     * it). {@code samples} is reused; read the first {@code frames}, keep nothing.
     */
    default void onCapture(short[] samples, int frames) {
    }

    /** The duplex gate closed: no audio until {@link #onResumed()} (send {@code audioStreamEnd} now). */
    void onPaused();

    /** The duplex gate opened again; live audio follows. */
    void onResumed();

    /** The device opened, e.g. {@code "null [default]" at 16000 Hz, 1 channel, 16-bit}. */
    void onDeviceOpened(String description);

    /** The device could not be opened or stopped delivering; it is retried with backoff. */
    void onDeviceLost(String why);

    /**
     * Another attempt to open a lost device failed (every few seconds, after the one
     * {@link #onDeviceLost}): the capture loop is alive, only the device is not there.
     */
    default void onDeviceRetry() {
    }
  }

  /**
   * A javax.sound microphone for {@code config}, gated by {@code gate}, that keeps no more than
   * {@code audio.preRollMs}: for the checks, which anchor no pre-roll. Call {@link #start()} to
   * run it.
   */
  static Microphone create(AudioConfig config, DuplexGate gate, Listener listener) {
    return create(config, gate, listener, 0);
  }

  /**
   * A javax.sound microphone for {@code config}, gated by {@code gate}, that keeps
   * {@code anchorLagMs} of audio beyond {@code audio.preRollMs}: an anchor handed to
   * {@link #requestPreRoll(long)} up to that long after its moment was captured still gets its
   * whole pre-roll. Call {@link #start()} to run it.
   */
  static Microphone create(AudioConfig config, DuplexGate gate, Listener listener,
      int anchorLagMs) {
    return new JavaSoundMicrophone(config, gate, listener, anchorLagMs, System::nanoTime);
  }

  /** Starts the capture thread, which opens the device (and keeps retrying if it cannot). */
  void start();

  /**
   * Asks for the pre-roll, the last {@code audio.preRollMs} before now (a button, {@code talk}):
   * before its next live chunk the capture thread delivers it through
   * {@link Listener#onPreRoll}. A consumer that starts streaming should ignore
   * {@link Listener#onAudio} chunks from this call until the piece marked {@code last}: those
   * chunks are part of the pre-roll.
   */
  void requestPreRoll();

  /**
   * Asks for the pre-roll anchored at stream position {@code anchorSample} (a wake word, heard
   * in the frame that ended there): {@code audio.preRollMs} before the anchor and everything
   * captured since, as far as the microphone still holds it (audio from before the duplex gate
   * last closed is gone). Delivered as {@link #requestPreRoll()}'s, with the same contract.
   *
   * @param anchorSample a stream position (see the class comment), {@code >= 0}
   */
  void requestPreRoll(long anchorSample);

  /** Samples saturated by {@code audio.input.gain} since the microphone started. */
  long clippedSamples();

  /** Stops the capture thread and closes the device; waits at most a second. */
  @Override
  void close();
}
