package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CaptureConverterTest {

  @Test
  void convert_s16leMono_readsLittleEndianPairs() {
    assertArrayEquals(new short[] {0x1234, -2, Short.MIN_VALUE},
        capture(new PcmFormat(16, 1, false), 0x34, 0x12, 0xFE, 0xFF, 0x00, 0x80));
  }

  @Test
  void convert_s16beMono_readsBigEndianPairs() {
    assertArrayEquals(new short[] {0x1234, -2, Short.MIN_VALUE},
        capture(new PcmFormat(16, 1, true), 0x12, 0x34, 0xFF, 0xFE, 0x80, 0x00));
  }

  @Test
  void convert_s24leMono_keepsTopSixteenBits() {
    assertArrayEquals(new short[] {0x1234, -1, Short.MIN_VALUE, Short.MAX_VALUE},
        capture(new PcmFormat(24, 1, false),
            0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F));
  }

  @Test
  void convert_s24beMono_keepsTopSixteenBits() {
    assertArrayEquals(new short[] {0x1234, -1, Short.MIN_VALUE, Short.MAX_VALUE},
        capture(new PcmFormat(24, 1, true),
            0x12, 0x34, 0x56, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x7F, 0xFF, 0xFF));
  }

  @Test
  void convert_s32leMono_keepsTopSixteenBits() {
    assertArrayEquals(new short[] {0x1234, Short.MAX_VALUE, Short.MIN_VALUE},
        capture(new PcmFormat(32, 1, false),
            0x78, 0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x00, 0x80));
  }

  @Test
  void convert_s32beMono_keepsTopSixteenBits() {
    assertArrayEquals(new short[] {0x1234, Short.MAX_VALUE, Short.MIN_VALUE},
        capture(new PcmFormat(32, 1, true),
            0x12, 0x34, 0x56, 0x78, 0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00));
  }

  @Test
  void convert_fullScaleAtUnityGain_countsNoClips() {
    CaptureConverter c = CaptureConverter.mixingAll(new PcmFormat(32, 2, false), 1f);
    byte[] in = bytes(0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F,
        0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80);
    short[] out = new short[2];

    c.convert(in, 0, in.length, out, 0);

    assertArrayEquals(new short[] {Short.MAX_VALUE, Short.MIN_VALUE}, out);
    assertEquals(0, c.clippedSamples());
  }

  @Test
  void convert_pickingChannel_keepsOnlyThatChannel() {
    PcmFormat stereo = new PcmFormat(16, 2, false);
    byte[] in = bytes(0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44);
    short[] out = new short[2];

    CaptureConverter.pickingChannel(stereo, 1, 1f).convert(in, 0, in.length, out, 0);
    assertArrayEquals(new short[] {0x2222, 0x4444}, out);
    CaptureConverter.pickingChannel(stereo, 0, 1f).convert(in, 0, in.length, out, 0);
    assertArrayEquals(new short[] {0x1111, 0x3333}, out);
  }

  @Test
  void convert_pickingChannelOfEight24BitBigEndian_keepsThatChannel() {
    PcmFormat format = new PcmFormat(24, 8, true);
    byte[] in = new byte[format.frameBytes()];
    for (int c = 0; c < 8; c++) {
      in[c * 3] = (byte) (c + 1);
      in[c * 3 + 1] = (byte) 0x10;
    }
    short[] out = new short[1];

    CaptureConverter.pickingChannel(format, 6, 1f).convert(in, 0, in.length, out, 0);

    assertEquals(0x0710, out[0]);
  }

  @Test
  void convert_mixingAll_averagesChannels() {
    PcmFormat quad = new PcmFormat(16, 4, false);
    // frame 1: 1000, 3000, -2000, 6000 -> 2000; frame 2: -1, 0, 0, 0 -> -0.25, floored to -1
    byte[] in = bytes(0xE8, 0x03, 0xB8, 0x0B, 0x30, 0xF8, 0x70, 0x17, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0);
    short[] out = new short[2];

    CaptureConverter.mixingAll(quad, 1f).convert(in, 0, in.length, out, 0);

    assertArrayEquals(new short[] {2000, -1}, out);
  }

  @Test
  void convert_mixingAllFullScale_doesNotOverflow() {
    PcmFormat octo = new PcmFormat(32, 8, false);
    byte[] in = new byte[octo.frameBytes()];
    for (int c = 0; c < 8; c++) {
      in[c * 4 + 3] = (byte) 0x80;
    }
    short[] out = new short[1];
    CaptureConverter c = CaptureConverter.mixingAll(octo, 1f);

    c.convert(in, 0, in.length, out, 0);

    assertEquals(Short.MIN_VALUE, out[0]);
    assertEquals(0, c.clippedSamples());
  }

  @Test
  void convert_gainAboveOne_saturatesAndCountsClips() {
    CaptureConverter c = CaptureConverter.mixingAll(PcmFormat.S16LE_MONO, 2f);
    short[] out = new short[4];
    byte[] in = le16(20_000, -20_000, 10_000, -16_384);

    c.convert(in, 0, in.length, out, 0);
    assertArrayEquals(new short[] {Short.MAX_VALUE, Short.MIN_VALUE, 20_000, Short.MIN_VALUE}, out);
    assertEquals(2, c.clippedSamples());

    c.convert(in, 0, in.length, out, 0);
    assertEquals(4, c.clippedSamples());
  }

  @Test
  void convert_gainBelowOne_scalesAndTruncates() {
    CaptureConverter c = CaptureConverter.mixingAll(PcmFormat.S16LE_MONO, 1f);
    c.setGain(0.5f);
    short[] out = new short[3];
    byte[] in = le16(1001, -1001, 32_767);

    c.convert(in, 0, in.length, out, 0);

    assertArrayEquals(new short[] {500, -501, 16_383}, out);
    assertEquals(0.5f, c.gain());
    assertEquals(0, c.clippedSamples());
  }

  @Test
  void convert_offsets_areHonoured() {
    CaptureConverter c = CaptureConverter.mixingAll(PcmFormat.S16LE_MONO, 1f);
    byte[] in = bytes(0x99, 0x01, 0x00, 0x02, 0x00);
    short[] out = {9, 9, 9};

    assertEquals(2, c.convert(in, 1, 4, out, 1));
    assertArrayEquals(new short[] {9, 1, 2}, out);
  }

  @Test
  void convert_partialFrame_isRefused() {
    CaptureConverter c = CaptureConverter.mixingAll(new PcmFormat(24, 2, false), 1f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.convert(new byte[7], 0, 7, new short[2], 0));
    assertEquals("inBytes must be whole frames of 6 bytes for PcmFormat[bitsPerSample=24, channels=2,"
        + " bigEndian=false], was 7", e.getMessage());
  }

  @Test
  void pickingChannel_outOfRange_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CaptureConverter.pickingChannel(new PcmFormat(16, 2, false), 2, 1f));
    assertEquals("channel must be 0..1 for PcmFormat[bitsPerSample=16, channels=2, bigEndian=false], was 2",
        e.getMessage());
  }

  @Test
  void setGain_negativeOrNaN_isRefused() {
    CaptureConverter c = CaptureConverter.mixingAll(PcmFormat.S16LE_MONO, 1f);
    assertEquals("gain must be 0..256.0, was -1.0",
        assertThrows(IllegalArgumentException.class, () -> c.setGain(-1f)).getMessage());
    assertEquals("gain must be 0..256.0, was NaN",
        assertThrows(IllegalArgumentException.class, () -> c.setGain(Float.NaN)).getMessage());
    assertEquals(1f, c.gain());
  }

  private static short[] capture(PcmFormat format, int... data) {
    byte[] in = bytes(data);
    short[] out = new short[in.length / format.frameBytes()];
    CaptureConverter c = CaptureConverter.mixingAll(format, 1f);
    assertEquals(out.length, c.convert(in, 0, in.length, out, 0));
    assertEquals(0, c.clippedSamples());
    return out;
  }

  static byte[] bytes(int... data) {
    byte[] b = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      b[i] = (byte) data[i];
    }
    return b;
  }

  private static byte[] le16(int... samples) {
    byte[] b = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      b[2 * i] = (byte) samples[i];
      b[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return b;
  }
}
