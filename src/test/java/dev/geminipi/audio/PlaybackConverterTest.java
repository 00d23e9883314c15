package dev.geminipi.audio;

import static dev.geminipi.audio.CaptureConverterTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybackConverterTest {

  private static final short[] SAMPLES = {0x1234, -2};

  @Test
  void convert_s16leMono_writesLittleEndianPairs() {
    assertArrayEquals(bytes(0x34, 0x12, 0xFE, 0xFF), play(new PcmFormat(16, 1, false)));
  }

  @Test
  void convert_s16beStereo_duplicatesBigEndianPairs() {
    assertArrayEquals(bytes(0x12, 0x34, 0x12, 0x34, 0xFF, 0xFE, 0xFF, 0xFE), play(new PcmFormat(16, 2, true)));
  }

  @Test
  void convert_s24le3Channels_padsLowByte() {
    assertArrayEquals(bytes(0, 0x34, 0x12, 0, 0x34, 0x12, 0, 0x34, 0x12,
            0, 0xFE, 0xFF, 0, 0xFE, 0xFF, 0, 0xFE, 0xFF),
        play(new PcmFormat(24, 3, false)));
  }

  @Test
  void convert_s24beMono_padsLowByte() {
    assertArrayEquals(bytes(0x12, 0x34, 0, 0xFF, 0xFE, 0), play(new PcmFormat(24, 1, true)));
  }

  @Test
  void convert_s32leMono_padsLowBytes() {
    assertArrayEquals(bytes(0, 0, 0x34, 0x12, 0, 0, 0xFE, 0xFF), play(new PcmFormat(32, 1, false)));
  }

  @Test
  void convert_s32beMono_padsLowBytes() {
    assertArrayEquals(bytes(0x12, 0x34, 0, 0, 0xFF, 0xFE, 0, 0), play(new PcmFormat(32, 1, true)));
  }

  @Test
  void convert_halfVolumeOn24Bit_keepsTheExtraBit() {
    PlaybackConverter p = new PlaybackConverter(new PcmFormat(24, 1, false), 0.5f);
    byte[] out = new byte[3];

    p.convert(new short[] {1}, 0, 1, out, 0);

    assertArrayEquals(bytes(0x80, 0, 0), out);
  }

  @Test
  void convert_volumeAboveOne_saturatesAndCountsOncePerSample() {
    PlaybackConverter p = new PlaybackConverter(new PcmFormat(32, 2, false), 2f);
    byte[] out = new byte[24];

    assertEquals(24, p.convert(new short[] {20_000, -20_000, 100}, 0, 3, out, 0));

    assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0x80, 0, 0, 0, 0x80,
        0, 0, 200, 0, 0, 0, 200, 0), out);
    assertEquals(2, p.clippedSamples());
  }

  @Test
  void convert_offsets_areHonoured() {
    PlaybackConverter p = new PlaybackConverter(PcmFormat.S16LE_MONO, 1f);
    byte[] out = bytes(9, 9, 9, 9, 9);

    assertEquals(2, p.convert(new short[] {7, 0x0102}, 1, 1, out, 2));

    assertArrayEquals(bytes(9, 9, 0x02, 0x01, 9), out);
  }

  // Every layout: what playback writes, capture reads back unchanged, from any channel or mixed.
  @ParameterizedTest
  @CsvSource({"16,false", "16,true", "24,false", "24,true", "32,false", "32,true"})
  void convert_thenCapture_roundTripsEveryChannel(int bits, boolean bigEndian) {
    short[] samples = new short[500];
    Random random = new Random(bits);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) random.nextInt();
    }
    samples[0] = Short.MIN_VALUE;
    samples[1] = Short.MAX_VALUE;
    for (int channels = 1; channels <= PcmFormat.MAX_CHANNELS; channels++) {
      PcmFormat format = new PcmFormat(bits, channels, bigEndian);
      byte[] device = new byte[samples.length * format.frameBytes()];
      new PlaybackConverter(format, 1f).convert(samples, 0, samples.length, device, 0);
      short[] back = new short[samples.length];

      CaptureConverter.mixingAll(format, 1f).convert(device, 0, device.length, back, 0);
      assertArrayEquals(samples, back, format + " mixed");
      CaptureConverter.pickingChannel(format, channels - 1, 1f).convert(device, 0, device.length, back, 0);
      assertArrayEquals(samples, back, format + " last channel");
    }
  }

  private static byte[] play(PcmFormat format) {
    PlaybackConverter p = new PlaybackConverter(format, 1f);
    byte[] out = new byte[p.bytesFor(SAMPLES.length)];
    assertEquals(out.length, p.convert(SAMPLES, 0, SAMPLES.length, out, 0));
    assertEquals(0, p.clippedSamples());
    return out;
  }
}
