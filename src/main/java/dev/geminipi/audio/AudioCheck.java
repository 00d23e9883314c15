package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audio lines of {@code gemini-pi check}: the capture device opens and hears something
 * over one second, and the playback device opens. Line texts are public surface.
 */
public final class AudioCheck {
  /** One check line without its mark. */
  public record Result(boolean ok, String line) {
  }

  /** Below this the microphone delivered digital silence: unplugged, muted or the wrong one. */
  static final double SILENCE_DBFS = -80;
  static final long LISTEN_MS = 1000;
  static final long OPEN_TIMEOUT_MS = 5000;

  private AudioCheck() {
  }

  public static Result capture(AudioConfig config) {
    Probe probe = new Probe(16_000 * LISTEN_MS / 1000);
    AudioConfig full = fullDuplex(config);
    try (Microphone mic = Microphone.create(full, DuplexGate.of(full), probe)) {
      mic.start();
      if (!await(probe.done, OPEN_TIMEOUT_MS + LISTEN_MS)) {
        return new Result(false, "capture: no audio from \"" + config.input().device()
            + "\" within " + (OPEN_TIMEOUT_MS + LISTEN_MS) + " ms; is the device busy?");
      }
    }
    if (probe.lost.get() != null) {
      return new Result(false, "capture: " + probe.lost.get());
    }
    double peakDbfs = dbfs(probe.peak);
    String level = String.format(Locale.ROOT, "peak %.0f dBFS over 1 s", peakDbfs);
    if (peakDbfs < SILENCE_DBFS) {
      return new Result(false, "capture: " + probe.opened.get() + " heard only silence (" + level
          + "); check the microphone is plugged in, audio.input.device, audio.input.channel "
          + "and the capture volume in alsamixer");
    }
    return new Result(true, "capture: " + probe.opened.get() + " hears sound (" + level + ")");
  }

  public static Result playback(AudioConfig config) {
    AtomicReference<String> opened = new AtomicReference<>();
    AtomicReference<String> lost = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Speaker.Listener listener = new Speaker.Listener() {
      @Override
      public void onPlaybackStarted() {
      }

      @Override
      public void onPlaybackDrained() {
      }

      @Override
      public void onDeviceOpened(String description) {
        opened.set(description);
        done.countDown();
      }

      @Override
      public void onDeviceLost(String why) {
        lost.compareAndSet(null, why);
        done.countDown();
      }
    };
    AudioConfig full = fullDuplex(config);
    try (Speaker speaker = Speaker.create(full, DuplexGate.of(full), listener)) {
      speaker.start();
      if (!await(done, OPEN_TIMEOUT_MS)) {
        return new Result(false, "playback: \"" + config.output().device() + "\" did not open "
            + "within " + OPEN_TIMEOUT_MS + " ms; is the device busy?");
      }
    }
    return opened.get() != null ? new Result(true, "playback: " + opened.get() + " opens")
        : new Result(false, "playback: " + lost.get());
  }

  /** The check listens even if a speaker plays: it is not a conversation. */
  private static AudioConfig fullDuplex(AudioConfig c) {
    return new AudioConfig(c.input(), c.output(), AudioConfig.Duplex.FULL, c.chunkMs(),
        c.preRollMs(), c.tailMs(), false);
  }

  private static boolean await(CountDownLatch latch, long ms) {
    try {
      return latch.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static double dbfs(int peak) {
    return peak <= 0 ? -120 : 20 * Math.log10(peak / 32768.0);
  }

  /** Collects one second of capture; the first device problem ends it early. */
  private static final class Probe implements Microphone.Listener {
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<String> opened = new AtomicReference<>("the microphone");
    final AtomicReference<String> lost = new AtomicReference<>();
    private final long wantedSamples;
    private long samples;
    volatile int peak;

    Probe(long wantedSamples) {
      this.wantedSamples = wantedSamples;
    }

    @Override
    public void onAudio(byte[] pcm16k, int length) {
      if (done.getCount() == 0) {
        return;
      }
      for (int i = 0; i + 1 < length; i += 2) {
        int s = Math.abs((short) ((pcm16k[i] & 0xff) | (pcm16k[i + 1] << 8)));
        if (s > peak) {
          peak = s;
        }
      }
      samples += length / 2;
      if (samples >= wantedSamples) {
        done.countDown();
      }
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
      opened.set(description);
    }

    @Override
    public void onDeviceLost(String why) {
      lost.compareAndSet(null, why);
      done.countDown();
    }
  }
}
