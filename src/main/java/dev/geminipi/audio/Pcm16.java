package dev.geminipi.audio;

import java.util.Objects;

// 16-bit little-endian PCM bytes to and from samples: the Live API's wire format on both sides.
final class Pcm16 {

  private Pcm16() {
  }

  static void toLittleEndian(short[] samples, int frames, byte[] out) {
    Objects.checkFromIndexSize(0, frames * 2, out.length);
    for (int i = 0; i < frames; i++) {
      short s = samples[i];
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
  }

  static void fromLittleEndian(byte[] in, int off, int frames, short[] out, int outOff) {
    Objects.checkFromIndexSize(off, frames * 2, in.length);
    Objects.checkFromIndexSize(outOff, frames, out.length);
    for (int i = 0; i < frames; i++) {
      out[outOff + i] = (short) ((in[off + 2 * i] & 0xFF) | in[off + 2 * i + 1] << 8);
    }
  }
}
