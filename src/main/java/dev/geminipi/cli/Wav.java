package dev.geminipi.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Writes 16-bit little-endian mono PCM as a WAV file. */
final class Wav {
  private Wav() {
  }

  static void write(Path file, byte[] pcm, int length, int rateHz) throws IOException {
    AudioFormat format = new AudioFormat(rateHz, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm, 0, length),
        format, length / 2)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }
}
