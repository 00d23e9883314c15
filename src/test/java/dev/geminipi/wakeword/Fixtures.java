package dev.geminipi.wakeword;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Audio for the wake-word tests, made at test time into target/ with espeak-ng and sox:
 * 16 kHz mono s16le, raw. sox runs with -R so the noise and dither are the same on every run,
 * and the fixtures with them.
 */
public final class Fixtures {
  static final int RATE_HZ = 16_000;
  private static final Path DIR = Path.of("target", "wakeword-fixtures").toAbsolutePath();

  private Fixtures() {
  }

  /** {@code text} spoken by espeak-ng, with {@code padMs} of silence before and after. */
  public static short[] speech(String text, String voice, int wordsPerMinute, int padMs) {
    String name = (text + "-" + voice + "-" + wordsPerMinute + "-" + padMs)
        .replaceAll("[^A-Za-z0-9+-]+", "_");
    Path raw = DIR.resolve(name + ".raw");
    if (!Files.exists(raw)) {
      Path wav = DIR.resolve(name + ".espeak.wav");
      run("espeak-ng", "-v", voice, "-s", String.valueOf(wordsPerMinute), "-w", wav.toString(),
          text);
      double pad = padMs / 1000.0;
      Path part = DIR.resolve(name + ".part");
      run("sox", "-R", wav.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed",
          "-t", "raw", "-L", part.toString(), "pad", String.valueOf(pad), String.valueOf(pad));
      move(part, raw);
    }
    return read(raw);
  }

  /** Anything sox can synthesize, e.g. {@code synth 6 pluck C4 pluck E4 pluck G4}. */
  static short[] synth(String name, String... effects) {
    Path raw = DIR.resolve(name + ".raw");
    if (!Files.exists(raw)) {
      Path part = DIR.resolve(name + ".part");
      List<String> cmd = new ArrayList<>(List.of("sox", "-R", "-n", "-r", "16000", "-c", "1",
          "-b", "16", "-e", "signed", "-t", "raw", "-L", part.toString()));
      cmd.addAll(List.of(effects));
      run(cmd.toArray(String[]::new));
      move(part, raw);
    }
    return read(raw);
  }

  /** {@code clean} with pink noise added {@code snrDb} below its RMS. */
  static short[] withNoise(short[] clean, double snrDb) {
    short[] noise = synth("pink-" + clean.length, "synth",
        String.valueOf((double) clean.length / RATE_HZ), "pinknoise");
    double scale = rms(clean) / rms(noise) / Math.pow(10, snrDb / 20);
    short[] out = new short[clean.length];
    for (int i = 0; i < out.length; i++) {
      double v = clean[i] + scale * noise[Math.min(i, noise.length - 1)];
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return out;
  }

  /** RMS of the samples louder than 1 % of full scale, i.e. of the speech, not the pads. */
  static double rms(short[] s) {
    double sum = 0;
    int n = 0;
    for (short x : s) {
      if (Math.abs(x) > 327) {
        sum += (double) x * x;
        n++;
      }
    }
    return n == 0 ? 1 : Math.sqrt(sum / n);
  }

  public static short[] concat(List<short[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  public static short[] silence(int ms) {
    return new short[ms * RATE_HZ / 1000];
  }

  /** Renamed when complete, so an interrupted run never leaves half a fixture behind. */
  private static void move(Path part, Path raw) {
    try {
      Files.move(part, raw, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new AssertionError("cannot rename " + part + ": " + e, e);
    }
  }

  private static short[] read(Path raw) {
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
      short[] s = new short[b.remaining() / 2];
      b.asShortBuffer().get(s);
      return s;
    } catch (IOException e) {
      throw new AssertionError("cannot read " + raw + ": " + e, e);
    }
  }

  private static void run(String... cmd) {
    try {
      Files.createDirectories(DIR);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in 60 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new AssertionError("the wake-word fixtures need espeak-ng and sox (apt-get install "
          + "espeak-ng sox): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while making fixtures", e);
    }
  }
}
