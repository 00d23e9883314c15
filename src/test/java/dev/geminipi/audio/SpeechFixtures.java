package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

// Speech made at test time with espeak-ng, converted and resampled with sox, kept under target/
// (never committed). sox's rate effect is the reference every resampled comparison is made against.
final class SpeechFixtures {

  private static final Path DIR = AlsaDevices.DIR.resolve("fixtures");

  private SpeechFixtures() {
  }

  /** Fails with what to install when espeak-ng or sox is missing. */
  static void requireTools() {
    for (String tool : List.of("espeak-ng", "sox")) {
      try {
        run(List.of(tool, "--version"), null);
      } catch (RuntimeException e) {
        throw new IllegalStateException("the audio tests make their speech fixtures with espeak-ng and sox, "
            + "and " + tool + " did not run (" + e.getMessage() + "); install them with "
            + "'sudo apt-get install espeak-ng sox' (.ci/run does this)", e);
      }
    }
  }

  /** {@code text} spoken by espeak-ng, as a WAV file (22050 Hz mono). */
  static Path speak(String name, String text) {
    try {
      Files.createDirectories(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path wav = DIR.resolve(name + ".wav");
    if (!Files.exists(wav)) {
      run(List.of("espeak-ng", "-v", "en-us", "-s", "160", "-w", wav.toString(), text), null);
    }
    return wav;
  }

  /** {@code wav} as 16-bit mono samples at {@code rateHz}, resampled by sox. */
  static short[] mono16(Path wav, int rateHz) {
    return shorts(run(List.of("sox", wav.toString(), "-t", "raw", "-r", Integer.toString(rateHz), "-c", "1",
        "-b", "16", "-e", "signed-integer", "-L", "-"), null));
  }

  /** {@code wav} as 32-bit mono samples at {@code rateHz}, resampled by sox (full 32-bit output). */
  static int[] mono32(Path wav, int rateHz) {
    byte[] raw = run(List.of("sox", wav.toString(), "-t", "raw", "-r", Integer.toString(rateHz), "-c", "1",
        "-b", "32", "-e", "signed-integer", "-L", "-"), null);
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[raw.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  /** 16-bit mono {@code pcm} resampled from {@code fromHz} to {@code toHz} by sox's rate effect. */
  static short[] resample(short[] pcm, int fromHz, int toHz) {
    return shorts(run(List.of("sox", "-t", "raw", "-r", Integer.toString(fromHz), "-c", "1", "-b", "16",
        "-e", "signed-integer", "-L", "-", "-t", "raw", "-r", Integer.toString(toHz), "-c", "1", "-b", "16",
        "-e", "signed-integer", "-L", "-"), bytes(pcm)));
  }

  static byte[] bytes(short[] pcm) {
    ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : pcm) {
      b.putShort(s);
    }
    return b.array();
  }

  static short[] shorts(byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    short[] out = new short[raw.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getShort();
    }
    return out;
  }

  private static byte[] run(List<String> command, byte[] stdin) {
    Process p;
    try {
      p = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException(command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      Thread feeder = Thread.ofVirtual().start(() -> {
        try (var in = p.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin);
          }
        } catch (IOException e) {
          // the process exited early; its exit code says why
        }
      });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream s = p.getInputStream()) {
        s.transferTo(out);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
      }
      feeder.join();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
