package dev.geminipi.audio;

import dev.geminipi.config.AudioConfig;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code gemini-pi check --sound}: plays a one-second tone sweep on the speaker while recording
 * the microphone, finds the sweep in the recording by cross-correlation, and says whether the
 * microphone hears the speaker, how loud (relative to what was played) and how late. A microphone
 * that hears the speaker makes the model hear itself, which is why {@code audio.duplex} is
 * {@code "half"} unless the microphone cancels the echo (docs/audio.md). The line is public
 * surface.
 */
public final class SoundCheck {
  /** One check line without its mark. */
  public record Result(boolean ok, String line) {
  }

  /** What the analysis found; {@code heard} false leaves level and delay meaningless. */
  record Echo(boolean heard, double levelDb, long delayMs, double micDbfs) {
  }

  static final int RATE_HZ = 16_000;
  static final int SWEEP_MS = 1000;
  static final double SWEEP_FROM_HZ = 300;
  static final double SWEEP_TO_HZ = 3000;
  /** -12 dBFS: loud enough to hear across a room, far from clipping after the volume. */
  static final double SWEEP_AMPLITUDE = 0.25;
  /** Microphone audio before the sweep: the room's own noise. */
  static final int QUIET_MS = 300;
  /** The longest delay looked for: device buffers plus the way through the air. */
  static final int MAX_DELAY_MS = 800;
  static final long OPEN_TIMEOUT_MS = 5000;
  /** A correlation this strong is the sweep, not noise that happens to line up. */
  static final double MIN_CORRELATION = 0.5;
  /** Quieter than this relative to what was played, the echo does not trouble full duplex. */
  static final double FAINT_DB = -40;

  private SoundCheck() {
  }

  public static Result run(AudioConfig config) {
    AudioConfig full = new AudioConfig(config.input(), config.output(), AudioConfig.Duplex.FULL,
        config.chunkMs(), config.preRollMs(), config.tailMs(), false);
    short[] sweep = sweep(RATE_HZ);
    Recorder recorder = new Recorder();
    Opened speakerOpened = new Opened();
    try (Microphone mic = Microphone.create(full, DuplexGate.of(full), recorder);
        Speaker speaker = Speaker.create(full, DuplexGate.of(full), speakerOpened)) {
      mic.start();
      speaker.start();
      if (!speakerOpened.await() || !recorder.awaitSamples(RATE_HZ * QUIET_MS / 1000)) {
        return new Result(false, "sound: the microphone and the speaker did not both open within "
            + OPEN_TIMEOUT_MS + " ms; see the capture and playback lines");
      }
      int mark = recorder.mark();
      byte[] pcm = new byte[sweep.length * 2];
      Pcm16.toLittleEndian(sweep, sweep.length, pcm);
      speaker.play(pcm, 0, pcm.length, RATE_HZ);
      if (!recorder.awaitFull()) {
        return new Result(false, "sound: the microphone stopped delivering audio during the test");
      }
      return verdict(analyse(sweep, recorder.samples(), mark), config.duplex());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "sound: interrupted");
    }
  }

  static Result verdict(Echo e, AudioConfig.Duplex duplex) {
    if (!e.heard()) {
      return new Result(false, String.format(Locale.ROOT, "sound: the microphone did not hear the "
          + "speaker's test sweep (it was at %.0f dBFS meanwhile); check that the speaker plays "
          + "(audio.output.device, its volume) and that the microphone is in the same room; an "
          + "echo-cancelling microphone removes the speaker, and then this is expected",
          e.micDbfs()));
    }
    String heard = String.format(Locale.ROOT, "the microphone hears the speaker at %.0f dB, "
        + "%d ms after it played", e.levelDb(), e.delayMs());
    if (e.levelDb() <= FAINT_DB) {
      return new Result(true, "sound: " + heard + ": faint enough for audio.duplex \"full\" "
          + "(talking over the model)");
    }
    if (duplex == AudioConfig.Duplex.FULL) {
      return new Result(false, "sound: " + heard + ", and audio.duplex is \"full\": the model "
          + "will hear itself; set audio.duplex \"half\", or use an echo-cancelling microphone");
    }
    return new Result(true, "sound: " + heard + ": keep audio.duplex \"half\", or use an "
        + "echo-cancelling microphone for full duplex");
  }

  /**
   * Where the sweep lies in {@code recorded} after {@code mark}: the delay with the strongest
   * normalised correlation, and the recording's level there relative to the sweep itself.
   */
  static Echo analyse(short[] sweep, short[] recorded, int mark) {
    double sweepEnergy = energy(sweep, 0, sweep.length);
    int maxLag = recorded.length - mark - sweep.length;
    double best = 0;
    int bestLag = 0;
    double segment = maxLag < 0 ? 0 : energy(recorded, mark, sweep.length);
    for (int lag = 0; lag <= maxLag; lag++) {
      int at = mark + lag;
      if (lag > 0) { // slide the window's energy by one sample
        double out = recorded[at - 1];
        double in = recorded[at + sweep.length - 1];
        segment = Math.max(0, segment - out * out + in * in);
      }
      double dot = 0;
      for (int i = 0; i < sweep.length; i++) {
        dot += sweep[i] * (double) recorded[at + i];
      }
      double c = segment < 1 ? 0 : dot / Math.sqrt(sweepEnergy * segment);
      if (c > best) {
        best = c;
        bestLag = lag;
      }
    }
    double micRms = Math.sqrt(energy(recorded, mark, recorded.length - mark)
        / Math.max(1, recorded.length - mark));
    double micDbfs = micRms == 0 ? -120 : 20 * Math.log10(micRms / 32768);
    if (best < MIN_CORRELATION) {
      return new Echo(false, 0, 0, micDbfs);
    }
    double levelDb = 10 * Math.log10(energy(recorded, mark + bestLag, sweep.length) / sweepEnergy);
    return new Echo(true, levelDb, bestLag * 1000L / RATE_HZ, micDbfs);
  }

  /** An exponential sweep, even in pitch, with 10 ms fades so the speaker does not click. */
  static short[] sweep(int rateHz) {
    int n = rateHz * SWEEP_MS / 1000;
    int fade = rateHz / 100;
    short[] out = new short[n];
    double seconds = SWEEP_MS / 1000.0;
    double k = Math.log(SWEEP_TO_HZ / SWEEP_FROM_HZ);
    for (int i = 0; i < n; i++) {
      double t = (double) i / rateHz;
      double phase = 2 * Math.PI * SWEEP_FROM_HZ * seconds / k * (Math.exp(t / seconds * k) - 1);
      double envelope = Math.min(1, Math.min(i, n - 1 - i) / (double) fade);
      out[i] = (short) Math.round(32767 * SWEEP_AMPLITUDE * envelope * Math.sin(phase));
    }
    return out;
  }

  private static double energy(short[] x, int from, int length) {
    double e = 0;
    for (int i = from; i < from + length; i++) {
      e += x[i] * (double) x[i];
    }
    return e;
  }

  /**
   * The microphone's audio: until {@link #mark} the newest {@link #QUIET_MS} or so (older halves
   * are dropped, so a slow speaker cannot fill it), then the sweep's length plus the longest delay.
   * The capture thread writes; it never waits.
   */
  private static final class Recorder implements Microphone.Listener {
    private static final int QUIET = RATE_HZ * QUIET_MS / 1000;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grew = lock.newCondition();
    private final short[] samples = new short[2 * QUIET + RATE_HZ * (SWEEP_MS + MAX_DELAY_MS)
        / 1000];
    private int size;
    private int capacity = 2 * QUIET;
    private boolean marked;
    private boolean lost;

    @Override
    public void onAudio(byte[] pcm16k, int length) {
      lock.lock();
      try {
        for (int i = 0; i + 1 < length; i += 2) {
          if (size == capacity) {
            if (marked) {
              break;
            }
            System.arraycopy(samples, QUIET, samples, 0, size - QUIET);
            size -= QUIET;
          }
          samples[size++] = (short) ((pcm16k[i] & 0xff) | (pcm16k[i + 1] << 8));
        }
        grew.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** From now on the recording is what the sweep needs: the mark plus sweep and delay. */
    int mark() {
      lock.lock();
      try {
        marked = true;
        capacity = size + RATE_HZ * (SWEEP_MS + MAX_DELAY_MS) / 1000;
        return size;
      } finally {
        lock.unlock();
      }
    }

    boolean awaitSamples(int n) throws InterruptedException {
      return await(n, OPEN_TIMEOUT_MS);
    }

    boolean awaitFull() throws InterruptedException {
      return await(capacity, OPEN_TIMEOUT_MS + SWEEP_MS + MAX_DELAY_MS);
    }

    private boolean await(int n, long timeoutMs) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      lock.lock();
      try {
        while (size < Math.min(n, capacity) && !lost) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          grew.awaitNanos(left);
        }
        return !lost;
      } finally {
        lock.unlock();
      }
    }

    short[] samples() {
      lock.lock();
      try {
        return java.util.Arrays.copyOf(samples, size);
      } finally {
        lock.unlock();
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
    }

    @Override
    public void onDeviceLost(String why) {
      lock.lock();
      try {
        // Before the sweep a stalled device is reopened by the microphone and the open
        // timeout bounds the wait; during the sweep the recording would have a hole.
        lost = marked;
        grew.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Counts the speaker's opening down; ignores the rest. */
  private static final class Opened implements Speaker.Listener {
    private final CountDownLatch opened = new CountDownLatch(1);

    boolean await() throws InterruptedException {
      return opened.await(OPEN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onPlaybackStarted() {
    }

    @Override
    public void onPlaybackDrained() {
    }

    @Override
    public void onDeviceOpened(String description) {
      opened.countDown();
    }

    @Override
    public void onDeviceLost(String why) {
    }
  }
}
