package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audio lines of gemini-pi check, through the ALSA file devices (AlsaDevices). */
class AudioCheckTest {
  private final AudioConfig config = AudioConfig.defaults();

  /**
   * javax.sound keeps a mixer's line list from the first time it enumerates it; let that
   * happen with both devices present, as on a Pi that booted with its sound card.
   */
  @BeforeAll
  static void enumerateWithBothDevices() {
    AlsaDevices.reset();
    Devices.report();
  }

  @BeforeEach
  void devices() {
    AlsaDevices.reset();
  }

  private static byte[] tone(double seconds) {
    int n = (int) (16_000 * seconds);
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0)));
    }
    return b.array();
  }

  @Test
  void capture_hearsTheRoom_isATick() {
    AlsaDevices.micFromFile(tone(2));
    AudioCheck.Result r = AudioCheck.capture(config);
    assertTrue(r.ok(), r.line());
    assertTrue(r.line().startsWith("capture: ") && r.line().endsWith(
        " hears sound (peak -12 dBFS over 1 s)"), r.line());
  }

  @Test
  void capture_digitalSilence_isACrossWithWhatToCheck() {
    AlsaDevices.micFromFile(new byte[0]);
    AudioCheck.Result r = AudioCheck.capture(config);
    assertFalse(r.ok());
    assertTrue(r.line().endsWith(" heard only silence (peak -120 dBFS over 1 s); check the "
        + "microphone is plugged in, audio.input.device, audio.input.channel and the capture "
        + "volume in alsamixer"), r.line());
  }

  @Test
  void capture_missingDevice_saysWhatExists() {
    AlsaDevices.micMissing();
    AudioCheck.Result r = AudioCheck.capture(config);
    assertFalse(r.ok());
    assertTrue(r.line().startsWith("capture: "), r.line());
  }

  @Test
  void playback_opens_isATick_missingIsACross() {
    AudioCheck.Result ok = AudioCheck.playback(config);
    assertTrue(ok.ok(), ok.line());
    assertTrue(ok.line().startsWith("playback: ") && ok.line().endsWith(" opens"), ok.line());
    AlsaDevices.speakerMissing();
    AudioCheck.Result missing = AudioCheck.playback(config);
    assertFalse(missing.ok(), missing.line());
  }
}
