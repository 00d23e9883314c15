package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3 point 9: the audio path timed with a real clock. bench/audio-latency.sh starts a private
 * PulseAudio (pipe source fed by {@link MicFeeder}, pipe sink read by {@link SinkListener}, both
 * paced by the system clock) and points ALSA's default at it; this main wires Microphone and
 * Speaker to a LiveSession on a loopback server, as the conversation layer will, and measures:
 * mic to wire, model chunk to the device (written, and rendered), and interrupt to silence.
 */
public final class AudioLatency {

  private static final int TRIALS = 30;

  private AudioLatency() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    LoopbackLive server = LoopbackLive.begin();
    SinkListener sink = new SinkListener(dir.resolve("speaker.fifo"));
    MicFeeder feeder = new MicFeeder(dir.resolve("mic.fifo"));
    AudioConfig d = AudioConfig.defaults();
    // Full duplex: each measurement here is about one direction, and the gate would mute the mic.
    AudioConfig config = new AudioConfig(d.input(), d.output(), AudioConfig.Duplex.FULL, d.chunkMs(),
        d.preRollMs(), d.tailMs(), false);
    DuplexGate gate = DuplexGate.of(config);
    BlockingQueue<Long> started = new ArrayBlockingQueue<>(64);
    BlockingQueue<Long> drained = new ArrayBlockingQueue<>(64);
    Speaker speaker = Speaker.create(config, gate, new SpeakerEvents(started, drained));
    GeminiConfig g = GeminiConfig.defaults();
    LiveSession session = new LiveSession(new GeminiConfig(server.endpoint(), g.apiKeyEnv(), g.model(), g.voice(),
        g.languageCode(), g.systemInstruction(), false, false, g.activityDetection(), g.vad(), false, false,
        5_000),
        List.of(), Credential.of("loopback-key"), e -> {
          if (e instanceof ServerEvent.Audio a) {
            speaker.play(a.pcm(), 0, a.pcm().length, a.rateHz());
          }
        }, Executors.newSingleThreadScheduledExecutor(), new Random(1), LiveSession.Limits.defaults());
    Microphone mic = Microphone.create(config, gate, new MicToSession(session));
    session.open(false);
    speaker.start();
    mic.start();
    while (!session.isReady()) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    TimeUnit.MILLISECONDS.sleep(500); // devices open, streams settle

    double[] micToWire = new double[TRIALS];
    for (int i = 0; i < TRIALS; i++) {
      server.arm();
      feeder.burst(100);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (server.firstLoudNanos() == 0 || feeder.burstStartNanos() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("mic burst " + i + " never reached the server");
        }
        TimeUnit.MILLISECONDS.sleep(1);
      }
      micToWire[i] = ms(server.firstLoudNanos() - feeder.burstStartNanos());
      TimeUnit.MILLISECONDS.sleep(300);
    }

    double[] toWritten = new double[TRIALS];
    double[] toRendered = new double[TRIALS];
    byte[] chunk = tone(40);
    for (int i = 0; i < TRIALS; i++) {
      started.clear();
      drained.clear();
      long sent = System.nanoTime();
      for (int k = 0; k < 5; k++) {
        server.sendModelAudio(chunk);
      }
      toWritten[i] = ms(started.poll(5, TimeUnit.SECONDS) - sent);
      toRendered[i] = ms(sink.awaitOnset(sent, 5_000) - sent);
      drained.poll(5, TimeUnit.SECONDS);
      sink.awaitSilence(5_000);
      TimeUnit.MILLISECONDS.sleep(300);
    }

    double[] toSilence = new double[TRIALS];
    for (int i = 0; i < TRIALS; i++) {
      started.clear();
      drained.clear();
      long heard = sink.loudFrames();
      for (int k = 0; k < 75; k++) { // 3 s
        server.sendModelAudio(chunk);
      }
      started.poll(5, TimeUnit.SECONDS);
      // cut somewhere in the first second, at a point unrelated to the 20 ms periods
      sink.awaitLoudFrames(heard + SinkListener.RATE_HZ / 5 + 37L * i, 5_000);
      long cut = System.nanoTime();
      speaker.interrupt();
      toSilence[i] = ms(sink.awaitSilence(5_000) - cut);
      drained.poll(5, TimeUnit.SECONDS);
      TimeUnit.MILLISECONDS.sleep(300);
    }

    System.out.println("| path | median ms | p90 ms | max ms | trials |");
    System.out.println("|---|---|---|---|---|");
    row("mic -> wire (sound into the source FIFO -> first loud realtimeInput.audio at the server)", micToWire);
    row("model chunk -> written to the device (server send -> first period written)", toWritten);
    row("model chunk -> rendered by the sink (server send -> first loud frame out)", toRendered);
    row("interrupt() -> silence (call -> last loud frame out)", toSilence);
    mic.close();
    speaker.close();
    session.close();
    server.stop(1_000);
    System.exit(0);
  }

  private static byte[] tone(int ms) {
    int frames = Speaker.MODEL_RATE_HZ / 1000 * ms;
    byte[] pcm = new byte[frames * 2];
    for (int n = 0; n < frames; n++) {
      // 600 Hz fits 40 ms exactly (24 periods), so back-to-back chunks join without a step
      short s = (short) (10_000 * Math.sin(2 * Math.PI * 600 * n / Speaker.MODEL_RATE_HZ));
      pcm[2 * n] = (byte) s;
      pcm[2 * n + 1] = (byte) (s >> 8);
    }
    return pcm;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static void row(String what, double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d |%n", what, v[v.length / 2],
        v[(int) Math.ceil(v.length * 0.9) - 1], v[v.length - 1], v.length);
  }

  private record SpeakerEvents(BlockingQueue<Long> started, BlockingQueue<Long> drained) implements Speaker.Listener {
    @Override
    public void onPlaybackStarted() {
      started.offer(System.nanoTime());
    }

    @Override
    public void onPlaybackDrained() {
      drained.offer(System.nanoTime());
    }

    @Override
    public void onDeviceOpened(String description) {
      System.err.println("speaker: " + description);
    }

    @Override
    public void onDeviceLost(String why) {
      System.err.println("speaker lost: " + why);
    }
  }

  // What the conversation layer will do, minus its queue: chunks go straight to the session.
  private record MicToSession(LiveSession session) implements Microphone.Listener {
    @Override
    public void onAudio(byte[] pcm16k, int length) {
      session.sendAudio(pcm16k, 0, length);
    }

    @Override
    public void onPreRoll(byte[] pcm16k, int length, boolean last) {
    }

    @Override
    public void onPaused() {
    }

    @Override
    public void onResumed() {
    }

    @Override
    public void onDeviceOpened(String description) {
      System.err.println("mic: " + description);
    }

    @Override
    public void onDeviceLost(String why) {
      System.err.println("mic lost: " + why);
    }
  }

}
