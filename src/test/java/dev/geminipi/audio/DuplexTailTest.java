package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import dev.geminipi.testkit.AlsaDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

// Issue 15, point 1: how long sound keeps coming out of the device after the speaker reports
// itself drained, which is what audio.tailMs must cover (the room's echo comes on top). Measured
// on a private PulseAudio whose sink is paced by the system clock: the time the sink rendered
// the last loud frame of the model's speech, minus the time the drained report came. A figure
// for docs/audio.md, not an assertion (no timed assertions).
class DuplexTailTest {

  private static final int RUNS = 5;
  private static PrivatePulse pulse;
  private JavaSoundSpeaker speaker;

  @BeforeAll
  static void startPulse() {
    pulse = PrivatePulse.start(AlsaDevices.DIR.resolve("pulse-tail"));
  }

  @AfterAll
  static void stopPulse() {
    if (pulse != null) {
      pulse.close();
    }
    AlsaDevices.reset();
  }

  @AfterEach
  void tearDown() {
    if (speaker != null) {
      speaker.close();
    }
  }

  @Test
  void modelSpeechEnds_soundPastTheDrainedReportIsMeasured() throws InterruptedException {
    AlsaDevices.speakerToPulse(pulse.server());
    BlockingQueue<Long> drained = new LinkedBlockingQueue<>();
    BlockingQueue<String> opened = new LinkedBlockingQueue<>();
    Speaker.Listener listener = new Speaker.Listener() {
      @Override
      public void onPlaybackStarted() {
      }

      @Override
      public void onPlaybackDrained() {
        drained.add(System.nanoTime());
      }

      @Override
      public void onDeviceOpened(String description) {
        opened.add(description);
      }

      @Override
      public void onDeviceLost(String why) {
      }
    };
    AudioConfig config = AudioConfig.defaults();
    speaker = new JavaSoundSpeaker(config, DuplexGate.of(config), listener, System::nanoTime);
    speaker.start();
    assertTrue(opened.poll(10, TimeUnit.SECONDS) != null, "the speaker did not open within 10 s");
    byte[] speech = SpeechFixtures.bytes(ToneMeter.sineShorts(440, 24_000, 7_200, 8_000));
    List<Long> pastMs = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      int from = pulse.recordedBytes();
      speaker.play(speech, 0, speech.length, Speaker.MODEL_RATE_HZ);
      Long drainedAt = drained.poll(10, TimeUnit.SECONDS);
      assertTrue(drainedAt != null, "no drained report within 10 s");
      // what the server still renders after the report comes out within its latency; wait well past it
      pulse.awaitRecorded(pulse.recordedBytes() + PrivatePulse.RATE_HZ * PrivatePulse.FRAME_BYTES / 2, 5_000);
      int last = lastLoudByte(pulse.recording(), from);
      assertTrue(last >= 0, "run " + run + ": the sink rendered none of the speech");
      pastMs.add(TimeUnit.NANOSECONDS.toMillis(pulse.renderedAtNanos(last) - drainedAt));
    }
    Figures.report("half duplex: the last sound of an answer left the sink %s ms after the speaker "
        + "reported drained (%d runs; audio.tailMs must cover the largest, plus the room's echo)",
        pastMs, RUNS);
  }

  private static int lastLoudByte(byte[] pcm, int from) {
    for (int at = pcm.length - PrivatePulse.FRAME_BYTES; at >= from; at -= PrivatePulse.FRAME_BYTES) {
      if (Math.abs((short) ((pcm[at] & 0xFF) | pcm[at + 1] << 8)) > 1_000) {
        return at;
      }
    }
    return -1;
  }
}
