package dev.geminipi.audio;

import dev.geminipi.live.AudioMessageEncoder;
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

/**
 * One 20 ms microphone read, as JavaSoundMicrophone handles it: device bytes through CaptureChain
 * (channel mix, gain, resampling to 16 kHz, re-cutting), the pre-roll ring, 16-bit little-endian
 * bytes, and (second benchmark) the realtimeInput.audio message LiveSession.sendAudio builds. In
 * package dev.geminipi.audio to reach the package-private chain; it runs on the classpath, where a
 * package may span jars.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CapturePathBenchmark {

  /** rate/channels/bits of the device: the Live API's own format, a USB mic, a 2-mic and a 4-mic HAT. */
  @Param({"16000/1/16", "44100/1/16", "48000/2/32", "48000/4/32"})
  public String device;

  private static final int CHUNK_FRAMES = 320;

  private CaptureChain chain;
  private byte[] read;
  private final PreRollRing ring = new PreRollRing(500);
  private final byte[] pcm = new byte[CHUNK_FRAMES * 2];
  private final AudioMessageEncoder encoder = new AudioMessageEncoder();
  private CaptureChain.Sink toBytes;
  private CaptureChain.Sink toMessage;
  private int chunks;
  private byte[] message;

  @Setup
  public void setup() {
    String[] p = device.split("/");
    int rateHz = Integer.parseInt(p[0]);
    PcmFormat format = new PcmFormat(Integer.parseInt(p[2]), Integer.parseInt(p[1]), false);
    int readFrames = rateHz / 50;
    chain = new CaptureChain(CaptureConverter.mixingAll(format, 1f), rateHz, CHUNK_FRAMES, readFrames);
    read = new byte[readFrames * format.frameBytes()];
    new Random(42).nextBytes(read);
    toBytes = (samples, frames) -> {
      ring.write(samples, 0, frames);
      Pcm16.toLittleEndian(samples, frames, pcm);
      chunks++;
    };
    toMessage = (samples, frames) -> {
      ring.write(samples, 0, frames);
      Pcm16.toLittleEndian(samples, frames, pcm);
      message = encoder.encode(pcm, 0, frames * 2);
    };
  }

  /** Device bytes to the 16 kHz chunk the listener gets: must allocate nothing. */
  @Benchmark
  public int readToChunk() {
    chain.push(read, read.length, toBytes);
    return chunks;
  }

  /** The same plus the JSON message; the message's bytes are the only allocation. */
  @Benchmark
  public byte[] readToMessage() {
    chain.push(read, read.length, toMessage);
    return message;
  }
}
