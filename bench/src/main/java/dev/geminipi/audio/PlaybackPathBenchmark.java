package dev.geminipi.audio;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.WriterConfig;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.live.ServerEventDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
 * One 40 ms chunk of model speech (24 kHz), as it arrives and is played: the binary frame the
 * service sends (pretty-printed JSON, docs/protocol.md §5) decoded by ServerEventDecoder, copied
 * into samples as Speaker.play does, then resampled to the device rate in 20 ms periods and
 * converted with the volume, as PlaybackWriter does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PlaybackPathBenchmark {

  /** rate/channels of the device: a DAC at 48 or 44.1 kHz stereo, or one that takes 24 kHz mono. */
  @Param({"48000/2", "44100/2", "24000/1"})
  public String device;

  private static final int CHUNK_FRAMES = 960;
  private static final int PERIOD_IN_FRAMES = 480;

  private final ServerEventDecoder decoder = new ServerEventDecoder();
  private byte[] frame;
  private Resampler resampler;
  private PlaybackConverter converter;
  private short[] resampled;
  private byte[] out;

  @Setup
  public void setup() {
    String[] p = device.split("/");
    int rateHz = Integer.parseInt(p[0]);
    short[] speech = new short[CHUNK_FRAMES];
    Random r = new Random(42);
    for (int i = 0; i < speech.length; i++) {
      speech[i] = (short) (r.nextGaussian() * 3000);
    }
    byte[] pcm = new byte[CHUNK_FRAMES * 2];
    Pcm16.toLittleEndian(speech, speech.length, pcm);
    JsonObject message = Json.object().add("serverContent", Json.object().add("modelTurn", Json.object()
        .add("parts", Json.array().add(Json.object().add("inlineData", Json.object()
            .add("mimeType", "audio/pcm;rate=24000")
            .add("data", Base64.getEncoder().encodeToString(pcm)))))));
    frame = (message.toString(WriterConfig.PRETTY_PRINT) + "\n").getBytes(StandardCharsets.UTF_8);
    resampler = Resampler.of(24_000, rateHz);
    converter = new PlaybackConverter(new PcmFormat(16, Integer.parseInt(p[1]), false), 0.8f);
    resampled = new short[resampler.maxOutputFor(PERIOD_IN_FRAMES)];
    out = new byte[converter.bytesFor(resampled.length)];
  }

  /** Frame to device bytes. */
  @Benchmark
  public int modelChunk() {
    List<ServerEvent> events = decoder.decode(ByteBuffer.wrap(frame));
    ServerEvent.Audio audio = (ServerEvent.Audio) events.get(0);
    short[] samples = new short[audio.pcm().length / 2];
    Pcm16.fromLittleEndian(audio.pcm(), 0, samples.length, samples, 0);
    int bytes = 0;
    for (int off = 0; off < samples.length; off += PERIOD_IN_FRAMES) {
      int n = resampler.resample(samples, off, Math.min(PERIOD_IN_FRAMES, samples.length - off), resampled, 0);
      bytes += converter.convert(resampled, 0, n, out, 0);
    }
    return bytes;
  }

  /** The decoding alone, to show where the playback path's allocation comes from. */
  @Benchmark
  public List<ServerEvent> decodeOnly() {
    return decoder.decode(ByteBuffer.wrap(frame));
  }
}
