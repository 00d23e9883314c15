package dev.geminipi.audio;

import java.util.concurrent.atomic.LongAdder;

// A volume factor shared by both converters, applied in 16.16 fixed point to left-justified 32-bit
// samples, with saturation and a count of the samples it clipped. The factor may be changed from any
// thread; a converter reads it once per chunk.
final class Gain {

  // 48 dB of boost is far past any sensible mic gain; the bound only catches nonsense values.
  static final float MAX = 256f;

  private volatile float value;
  private final LongAdder clipped = new LongAdder();

  Gain(float value) {
    set(value);
  }

  void set(float value) {
    if (!(value >= 0 && value <= MAX)) {
      throw new IllegalArgumentException("gain must be 0.." + MAX + ", was " + value);
    }
    this.value = value;
  }

  float get() {
    return value;
  }

  // Unity is exactly 65536, so a gain of 1 changes no sample.
  long q16() {
    return Math.round(value * 65536.0);
  }

  // s32 * gain in 32-bit scale; outside the int range means the sample clips.
  static long apply(int s32, long q16) {
    return (s32 * q16) >> 16;
  }

  static int saturate(long s32) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s32));
  }

  void addClipped(int samples) {
    if (samples > 0) {
      clipped.add(samples);
    }
  }

  long clipped() {
    return clipped.sum();
  }
}
