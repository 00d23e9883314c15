package dev.geminipi.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Quality and speed of Resampler next to sox's rate effect (its default, -h, without dither), on the same 16-bit
 * input: passband flatness up to 0.9 of the lower Nyquist, the worst alias (down) or image (up),
 * and the time for 60 s of noise. Run by bench/resampler-vs-sox.sh; prints a Markdown table.
 */
public final class ResamplerVsSox {

  private static final int[][] PAIRS = {{48_000, 16_000}, {44_100, 16_000}, {24_000, 48_000}, {24_000, 44_100}};
  private static final double AMPLITUDE = 16_384; // -6 dBFS
  private static final int SECONDS = 60;

  private ResamplerVsSox() {
  }

  public static void main(String[] args) throws Exception {
    System.out.println("| rates | resampler | passband ripple (dB) | worst alias/image (dB) | 60 s of audio | x real time |");
    System.out.println("|---|---|---|---|---|---|");
    for (int[] pair : PAIRS) {
      int in = pair[0];
      int out = pair[1];
      for (String who : List.of("gemini-pi", "sox rate")) {
        Converter c = who.equals("sox rate") ? x -> sox(x, in, out) : x -> ours(x, in, out);
        double[] q = quality(c, in, out);
        double seconds = speed(c, in);
        System.out.printf(Locale.ROOT, "| %d -> %d | %s | %.3f | %.1f | %.0f ms | %.0f |%n", in, out, who, q[0],
            q[1], seconds * 1000, SECONDS / seconds);
      }
    }
  }

  interface Converter {
    short[] convert(short[] in) throws IOException, InterruptedException;
  }

  // {max passband deviation in dB, worst alias or image relative to the tone in dB}
  private static double[] quality(Converter c, int in, int out) throws IOException, InterruptedException {
    double nyquist = Math.min(in, out) / 2.0;
    double ripple = 0;
    double worst = -300;
    int frames = in; // 1 s
    for (double f = 0.05 * nyquist; f <= 0.9 * nyquist + 1; f += 0.05 * nyquist) {
      short[] y = c.convert(sine(f, in, frames));
      int from = out / 10;
      int len = out / 2;
      double[] ab = fit(y, from, len, f, out);
      double gainDb = 20 * Math.log10(Math.hypot(ab[0], ab[1]) / AMPLITUDE);
      ripple = Math.max(ripple, Math.abs(gainDb));
      if (out > in) {
        // upsampling: everything that is not the tone is an image (or noise)
        worst = Math.max(worst, 20 * Math.log10(residual(y, from, len, f, out, ab) / (AMPLITUDE / Math.sqrt(2))));
      }
    }
    if (in > out) {
      // downsampling: tones above the output Nyquist must vanish; what is left aliased
      for (double f = 1.0 * nyquist + 100; f < in / 2.0 - 100; f += (in / 2.0 - nyquist) / 12) {
        short[] y = c.convert(sine(f, in, frames));
        double rms = rms(y, out / 10, out / 2);
        worst = Math.max(worst, 20 * Math.log10(rms / (AMPLITUDE / Math.sqrt(2))));
      }
    }
    return new double[] {ripple, worst};
  }

  private static double speed(Converter c, int in) throws IOException, InterruptedException {
    short[] noise = new short[in * SECONDS];
    Random r = new Random(1);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (r.nextGaussian() * 3000);
    }
    c.convert(noise); // warm-up (JIT, page cache)
    long t0 = System.nanoTime();
    c.convert(noise);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static short[] ours(short[] x, int in, int out) {
    Resampler r = Resampler.of(in, out);
    int block = in / 50;
    short[] y = new short[r.maxOutputFor(x.length)];
    short[] tmp = new short[r.maxOutputFor(block)];
    int n = 0;
    for (int off = 0; off < x.length; off += block) {
      int k = r.resample(x, off, Math.min(block, x.length - off), tmp, 0);
      System.arraycopy(tmp, 0, y, n, k);
      n += k;
    }
    return java.util.Arrays.copyOf(y, n);
  }

  private static short[] sox(short[] x, int in, int out) throws IOException, InterruptedException {
    // -D: no dither, which sox would otherwise add when it writes 16 bits (it works in 32)
    Process p = new ProcessBuilder("sox", "-D", "-t", "raw", "-r", "" + in, "-c", "1", "-b", "16", "-e", "signed-integer",
        "-L", "-", "-t", "raw", "-r", "" + out, "-c", "1", "-b", "16", "-e", "signed-integer", "-L", "-", "rate")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : x) {
      b.putShort(s);
    }
    Thread feeder = Thread.ofVirtual().start(() -> {
      try (OutputStream o = p.getOutputStream()) {
        o.write(b.array());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream s = p.getInputStream()) {
      s.transferTo(bytes);
    }
    feeder.join();
    if (p.waitFor() != 0) {
      throw new IOException("sox exited with " + p.exitValue());
    }
    ByteBuffer o = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    short[] y = new short[bytes.size() / 2];
    for (int i = 0; i < y.length; i++) {
      y[i] = o.getShort();
    }
    return y;
  }

  private static short[] sine(double f, int rate, int frames) {
    short[] x = new short[frames];
    for (int n = 0; n < frames; n++) {
      x[n] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * f * n / rate));
    }
    return x;
  }

  // Least-squares fit of a sin + b cos at exactly f over y[from, from + len).
  private static double[] fit(short[] y, int from, int len, double f, int rate) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double ys = 0;
    double yc = 0;
    for (int n = from; n < from + len; n++) {
      double w = 2 * Math.PI * f * n / rate;
      double s = Math.sin(w);
      double c = Math.cos(w);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      ys += y[n] * s;
      yc += y[n] * c;
    }
    double det = ss * cc - sc * sc;
    return new double[] {(ys * cc - yc * sc) / det, (yc * ss - ys * sc) / det};
  }

  private static double residual(short[] y, int from, int len, double f, int rate, double[] ab) {
    double sum = 0;
    for (int n = from; n < from + len; n++) {
      double w = 2 * Math.PI * f * n / rate;
      double e = y[n] - (ab[0] * Math.sin(w) + ab[1] * Math.cos(w));
      sum += e * e;
    }
    return Math.sqrt(sum / len);
  }

  private static double rms(short[] y, int from, int len) {
    double sum = 0;
    for (int n = from; n < from + len; n++) {
      sum += (double) y[n] * y[n];
    }
    return Math.sqrt(sum / len);
  }
}
