package dev.geminipi.audio;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One second of audio through Resampler in 20 ms blocks: the speed half of "Resampler vs sox". */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ResamplerBenchmark {

  @Param({"48000/16000", "44100/16000", "24000/48000", "24000/44100"})
  public String rates;

  private Resampler resampler;
  private short[] in;
  private short[] out;
  private int block;

  @Setup
  public void setup() {
    String[] p = rates.split("/");
    int inHz = Integer.parseInt(p[0]);
    resampler = Resampler.of(inHz, Integer.parseInt(p[1]));
    in = new short[inHz];
    Random r = new Random(42);
    for (int i = 0; i < in.length; i++) {
      in[i] = (short) (r.nextGaussian() * 3000);
    }
    block = inHz / 50;
    out = new short[resampler.maxOutputFor(block)];
  }

  @Benchmark
  public int oneSecond() {
    int total = 0;
    for (int off = 0; off < in.length; off += block) {
      total += resampler.resample(in, off, Math.min(block, in.length - off), out, 0);
    }
    return total;
  }
}
