package dev.geminipi.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

// The test's ALSA devices (src/test/resources/alsa-home/.asoundrc): the capture and playback PCMs of
// ALSA's "default" come from mic.conf and speaker.conf in GEMINIPI_ALSA_DIR, read at every open.
// Both must be valid before the first javax.sound call in the JVM: javax.sound lists the "default"
// mixer and its formats once, from whatever opens at that moment. Each file defines its node with
// "!": refer loads the file into ALSA's tree, where a plain definition would merge with the previous
// one (a 4-channel slave plus a plain one) and the first open after a switch would fail.
public final class AlsaDevices {

  public static final Path DIR = dir();

  static {
    reset();
  }

  private AlsaDevices() {
  }

  private static Path dir() {
    String dir = System.getenv("GEMINIPI_ALSA_DIR");
    String home = System.getenv("HOME");
    if (dir == null || home == null || !Files.exists(Path.of(home, ".asoundrc"))) {
      throw new IllegalStateException("the audio tests need the ALSA test devices: run them through Maven, "
          + "whose surefire configuration (pom.xml) sets HOME to target/test-classes/alsa-home and "
          + "GEMINIPI_ALSA_DIR to target/alsa (HOME=" + home + ", GEMINIPI_ALSA_DIR=" + dir + ")");
    }
    try {
      return Files.createDirectories(Path.of(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A silent mono capture file and file playback. */
  public static void reset() {
    micFromFile(new byte[0]);
    speakerToFiles();
  }

  /** Capture reads {@code pcm} raw in whatever format the line opens with, then zeros. */
  public static void micFromFile(byte[] pcm) {
    write(capturePath(), pcm);
    conf("mic.conf", "!mic { type file; slave.pcm \"null\"; format \"raw\"; file \"/dev/null\"; infile \""
        + capturePath() + "\" }\n");
  }

  /**
   * A capture device that takes exactly 4 channels (ALSA's multi plugin fixes the count; rate and
   * sample format stay open), reading {@code pcm} raw: like a 4-mic HAT behind dsnoop.
   */
  public static void fourChannelMicFromFile(byte[] pcm) {
    write(capturePath(), pcm);
    conf("mic.conf", "!mic { type file; format \"raw\"; file \"/dev/null\"; infile \"" + capturePath() + "\"\n"
        + "  slave.pcm { type multi; slaves.a { pcm \"null\"; channels 4 }\n"
        + "    bindings { 0 { slave a; channel 0 } 1 { slave a; channel 1 } 2 { slave a; channel 2 }"
        + " 3 { slave a; channel 3 } } } }\n");
  }

  /** Capture comes from a PulseAudio server's default source. */
  public static void micFromPulse(String server) {
    conf("mic.conf", "!mic { type pulse; server \"" + server + "\" }\n");
  }

  /** Opening capture fails, as with an unplugged or busy card. */
  public static void micMissing() {
    conf("mic.conf", "!mic \"gp_unplugged\"\n");
  }

  /** Playback is written to playback-RATE-CHANNELS-FORMAT.raw, truncated at every open. */
  public static void speakerToFiles() {
    conf("speaker.conf", "!speaker { type file; slave.pcm \"null\"; format \"raw\"; file \""
        + DIR.resolve("playback-%r-%c-%f.raw") + "\" }\n");
  }

  /** Playback goes to a PulseAudio server, which gives it a real clock. */
  public static void speakerToPulse(String server) {
    // handle_underrun false: the stream idles between bursts instead of going through ALSA xrun
    // recovery, which the pulse plugin answers with wrong avail counts for a moment
    conf("speaker.conf", "!speaker { type pulse; server \"" + server + "\"; handle_underrun false }\n");
  }

  public static void speakerMissing() {
    conf("speaker.conf", "!speaker \"gp_unplugged\"\n");
  }

  public static Path playbackFile(int rateHz, int channels) {
    return DIR.resolve("playback-" + rateHz + "-" + channels + "-S16_LE.raw");
  }

  public static Path capturePath() {
    return DIR.resolve("capture.raw");
  }

  /** One channel of interleaved 16-bit little-endian PCM. */
  public static short[] channel(byte[] pcm, int channels, int channel) {
    ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
    short[] out = new short[pcm.length / 2 / channels];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getShort((i * channels + channel) * 2);
    }
    return out;
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void conf(String name, String text) {
    try {
      // Written whole and moved in, so a line opening at this moment never reads half a file.
      Path tmp = DIR.resolve(name + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, DIR.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
