package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevicesTest {

  @BeforeEach
  void devices() {
    AlsaDevices.reset();
  }

  @Test
  void report_alsaFileDevices_listsDefaultForCaptureAndPlaybackWithFormatsAndRates() {
    String report = Devices.report();
    Figures.report("gemini-pi devices on the test ALSA setup:%n%s", report);

    String[] parts = report.split("Playback devices");
    assertTrue(parts[0].startsWith("Capture devices (audio.input.device picks one by a part of its name):\n"), report);
    for (String part : parts) {
      assertTrue(part.contains(" [default]\"  Direct Audio Device:"), report);
      assertTrue(part.contains("    samples:  signed 16-bit BE, 16-bit LE, 24-bit BE, 24-bit LE, 32-bit BE, 32-bit LE\n"),
          report);
      assertTrue(part.contains("    rates:    8000 16000 22050 24000 32000 44100 48000 96000 Hz"), report);
    }
  }
}
