package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PcmFormatTest {

  @Test
  void frameBytes_isSampleBytesTimesChannels() {
    assertEquals(2, PcmFormat.S16LE_MONO.frameBytes());
    assertEquals(6, new PcmFormat(24, 2, false).frameBytes());
    assertEquals(32, new PcmFormat(32, 8, true).frameBytes());
  }

  @Test
  void new_unsupportedDepth_isRefused() {
    assertEquals("bitsPerSample must be 16, 24 or 32, was 8", assertThrows(IllegalArgumentException.class,
        () -> new PcmFormat(8, 1, false)).getMessage());
  }

  @Test
  void new_channelsOutOfRange_isRefused() {
    assertEquals("channels must be 1..8, was 9", assertThrows(IllegalArgumentException.class,
        () -> new PcmFormat(16, 9, false)).getMessage());
    assertEquals("channels must be 1..8, was 0", assertThrows(IllegalArgumentException.class,
        () -> new PcmFormat(16, 0, false)).getMessage());
  }
}
