package dev.geminipi.audio;

import java.util.Objects;

/** The null object for equal rates: copies, so the capture path never asks whether to resample. */
final class PassthroughResampler implements Resampler {

  private final int rateHz;

  PassthroughResampler(int rateHz) {
    this.rateHz = rateHz;
  }

  @Override
  public int inRateHz() {
    return rateHz;
  }

  @Override
  public int outRateHz() {
    return rateHz;
  }

  @Override
  public int maxOutputFor(int inputFrames) {
    return inputFrames;
  }

  @Override
  public int resample(short[] in, int inOff, int inLen, short[] out, int outOff) {
    Objects.checkFromIndexSize(inOff, inLen, in.length);
    Objects.checkFromIndexSize(outOff, inLen, out.length);
    System.arraycopy(in, inOff, out, outOff, inLen);
    return inLen;
  }

  @Override
  public void reset() {
    // no history to forget
  }
}
