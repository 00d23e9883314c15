package dev.geminipi.audio;

import javax.sound.sampled.SourceDataLine;

// Everything the playback thread does to one open line: resample a period of queued audio to the
// device rate, fade it in after silence, convert it with the volume, and write it; end a burst with a
// ramp instead of a step; and cut for barge-in. Allocation-free per period (buffers are made again
// only when the input rate changes). Confined to the playback thread.
//
// Lengths on the device side are in frames; framesWritten counts every frame handed to the line, so
// framesWritten - line position is what the device still holds.
final class PlaybackWriter {

  static final int PERIOD_MS = 20;
  // Three or four periods (docs/hardware.md §2.1: ALSA's period is 20 ms for buffers over 1024 frames):
  // small enough that a flush on barge-in drops little, large enough to ride out a GC pause.
  static final int BUFFER_PERIODS = 4;
  // Enough silence after a burst to push the resampler's last input out (its filter delay is under
  // 4 ms at every rate pair it is used for here).
  private static final int FLUSH_MS = 8;

  static final class LineFailure extends Exception {
    LineFailure(String message) {
      super(message);
    }
  }

  private final SourceDataLine line;
  private final String description;
  private final int deviceRateHz;
  private final int frameBytes;
  private final PlaybackConverter converter;
  private final int bufferFrames;
  private final short[] history;
  private final short[] fade;
  private final byte[] fadeBytes;
  private Resampler resampler;
  private short[] resampled;
  private byte[] bytes;
  private short[] tailInput;
  private int inRateHz;
  private long framesWritten;
  private short lastInput;
  private boolean fadeInNext = true;
  private boolean tailWritten = true;
  private long tailWrittenNanos;
  private long tailQueuedNanos;
  private long burstStartNanos;
  private long burstStartFrame;

  PlaybackWriter(LineOpener.Opened<SourceDataLine> opened, float volume) {
    this.line = opened.line();
    this.description = opened.description();
    this.deviceRateHz = opened.rateHz();
    this.frameBytes = opened.format().frameBytes();
    this.converter = new PlaybackConverter(opened.format(), volume);
    this.bufferFrames = line.getBufferSize() / frameBytes;
    this.history = new short[bufferFrames + 4 * periodFrames(deviceRateHz)];
    this.fade = new short[Fades.fadeFrames(deviceRateHz)];
    this.fadeBytes = new byte[converter.bytesFor(fade.length)];
    useInputRate(Speaker.MODEL_RATE_HZ);
  }

  private static int periodFrames(int rateHz) {
    return rateHz * PERIOD_MS / 1000;
  }

  private void useInputRate(int rateHz) {
    inRateHz = rateHz;
    resampler = Resampler.of(rateHz, deviceRateHz);
    int inMax = Math.max(periodFrames(rateHz), Fades.fadeFrames(rateHz) + rateHz * FLUSH_MS / 1000);
    resampled = new short[resampler.maxOutputFor(inMax)];
    bytes = new byte[converter.bytesFor(resampled.length)];
    tailInput = new short[Fades.fadeFrames(rateHz) + rateHz * FLUSH_MS / 1000];
  }

  /** Frames the line can take now without blocking. */
  int spaceFrames() {
    return line.available() / frameBytes;
  }

  /** The most frames one {@link #write} hands to the line. */
  int maxWriteFrames() {
    return resampled.length;
  }

  /**
   * Frames written but not yet played: what the device reports, but never less than the clock
   * says, because some devices report nothing queued until their stream is under way (ALSA's pulse
   * plugin reports a delay of 0 right after a start), which would end a burst between two chunks.
   */
  long queuedFrames(long nowNanos) {
    return Math.max(0, Math.max(reportedFrames(), byClockFrames(nowNanos)));
  }

  private long reportedFrames() {
    return framesWritten - line.getLongFramePosition();
  }

  // What the burst has written less what the clock says has played since it started.
  private long byClockFrames(long nowNanos) {
    long played = (nowNanos - burstStartNanos) * deviceRateHz / 1_000_000_000L;
    return framesWritten - burstStartFrame - played;
  }

  long framesToNanos(long frames) {
    return frames * 1_000_000_000L / deviceRateHz;
  }

  /** Writes up to one period of {@code chunk} from {@code offset}; returns the input frames used. */
  int write(PlaybackQueue.Chunk chunk, int offset, long nowNanos) throws LineFailure {
    if (chunk.rateHz() != inRateHz) {
      useInputRate(chunk.rateHz());
    }
    int n = Math.min(chunk.samples().length - offset, periodFrames(inRateHz));
    int out = resampler.resample(chunk.samples(), offset, n, resampled, 0);
    if (fadeInNext && out > 0) {
      Fades.fadeIn(resampled, 0, out, deviceRateHz, Fades.Curve.RAISED_COSINE);
      fadeInNext = false;
      startBurst(nowNanos);
    }
    lastInput = chunk.samples()[offset + n - 1];
    tailWritten = false;
    emit(resampled, out, bytes);
    return n;
  }

  boolean tailWritten() {
    return tailWritten;
  }

  /** How long until the line holds too little to wait any longer before ending the burst. */
  long nanosUntilTailDue(long nowNanos) {
    long due = tailDueFrames(reportedFrames(), byClockFrames(nowNanos),
        periodFrames(deviceRateHz) + fade.length, bufferFrames);
    return due <= 0 ? 0 : framesToNanos(due);
  }

  /**
   * Frames to wait before the tail: what the device holds beyond {@code marginFrames} (a period
   * and the fade, so the tail follows the audio without a gap). Bounded by the clock, as the
   * drain is ({@link #nanosUntilDrained}): a device whose position stops while it holds audio
   * would otherwise keep the burst open for ever, and the conversation in "speaking" with it.
   * ALSA's pulse plugin does that after an underrun on a busy machine (the soak in bench/ found
   * it, about one answer in a hundred at a load average of 12). By the clock the tail is due at
   * the latest one buffer after the written audio has played.
   */
  static long tailDueFrames(long reportedFrames, long byClockFrames, long marginFrames,
      long bufferFrames) {
    long queued = Math.max(0, Math.max(reportedFrames, byClockFrames));
    return Math.min(queued, byClockFrames + bufferFrames) - marginFrames;
  }

  /**
   * Ends a burst that ran dry: a 5 ms ramp from the last sample down to zero, then silence to
   * flush the resampler, so the sound ends without a step (which a speaker plays as a click).
   */
  void writeTail(long nowNanos) throws LineFailure {
    int ramp = Fades.fadeFrames(inRateHz);
    for (int i = 0; i < ramp; i++) {
      tailInput[i] = lastInput;
    }
    Fades.fadeOut(tailInput, 0, ramp, inRateHz, Fades.Curve.RAISED_COSINE);
    java.util.Arrays.fill(tailInput, ramp, tailInput.length, (short) 0);
    int out = resampler.resample(tailInput, 0, tailInput.length, resampled, 0);
    emit(resampled, out, bytes);
    endBurst(nowNanos);
  }

  /**
   * Barge-in: keeps the next 5 ms of what the device was about to play, faded out, and drops the
   * rest of the line's buffer. The fade comes from the frames already written (kept in history),
   * so the cut is as smooth as a fade in the audio itself.
   */
  void cut(long nowNanos) throws LineFailure {
    long position = line.getLongFramePosition();
    long pending = framesWritten - position;
    int n = (int) Math.max(0, Math.min(pending, fade.length));
    if (position < framesWritten - history.length) {
      n = 0; // position from a device that lags more than we keep; cut hard rather than guess
    }
    for (int i = 0; i < n; i++) {
      fade[i] = history[(int) Math.floorMod(position + i, (long) history.length)];
    }
    line.flush();
    // After a flush javax.sound counts every written frame as played; continue from there.
    framesWritten = Math.max(framesWritten, line.getLongFramePosition());
    startBurst(nowNanos);
    if (n > 0) {
      Fades.fadeOut(fade, 0, n, deviceRateHz, Fades.Curve.RAISED_COSINE);
      emit(fade, n, fadeBytes);
    }
    endBurst(nowNanos);
  }

  private void startBurst(long nowNanos) {
    burstStartNanos = nowNanos;
    burstStartFrame = framesWritten;
  }

  private void endBurst(long nowNanos) {
    resampler.reset();
    lastInput = 0;
    fadeInNext = true;
    tailWritten = true;
    tailWrittenNanos = nowNanos;
    tailQueuedNanos = framesToNanos(queuedFrames(nowNanos));
  }

  /**
   * How long until the device has played everything, or 0 once it has. A device whose position
   * stops short of the end (some sound servers report a residual delay) counts as drained once
   * the time that audio needs has passed, plus slack.
   */
  long nanosUntilDrained(long nowNanos) {
    long queued = queuedFrames(nowNanos);
    if (queued <= 0) {
      return 0;
    }
    long deadline = tailWrittenNanos + tailQueuedNanos + 2 * framesToNanos(periodFrames(deviceRateHz));
    if (nowNanos >= deadline) {
      return 0;
    }
    return Math.min(deadline - nowNanos, framesToNanos(queued));
  }

  private void emit(short[] mono, int frames, byte[] scratch) throws LineFailure {
    for (int i = 0; i < frames; i++) {
      history[(int) Math.floorMod(framesWritten + i, (long) history.length)] = mono[i];
    }
    int len = converter.convert(mono, 0, frames, scratch, 0);
    int written = line.write(scratch, 0, len);
    if (written != len) {
      throw new LineFailure(description + " took " + written + " of " + len + " bytes (unplugged?)");
    }
    framesWritten += frames;
  }
}
