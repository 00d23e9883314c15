package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ServerMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// The speaker through real javax.sound and the ALSA file device, which writes what is played to
// target/alsa/playback-48000-2-S16_LE.raw (truncated at each open; complete once the line closes).
// That device has no clock, so timing (and interrupting) is SpeakerInterruptTest's job.
class SpeakerTest {

  private static Path speech;
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final AudioEvents events = new AudioEvents(true);
  private Speaker speaker;
  private FakeLiveServer server;
  private LiveSession session;

  @BeforeAll
  static void fixtures() {
    SpeechFixtures.requireTools();
    speech = SpeechFixtures.speak("answer", "The kitchen lamp is on now.");
  }

  @BeforeEach
  void devices() {
    AlsaDevices.reset();
  }

  @AfterEach
  void tearDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
    scheduler.shutdownNow();
    AlsaDevices.reset();
  }

  static AudioConfig config(double volume, boolean earcons) {
    AudioConfig d = AudioConfig.defaults();
    return new AudioConfig(d.input(), new AudioConfig.OutputConfig("default", volume), d.duplex(), d.chunkMs(),
        d.preRollMs(), d.tailMs(), earcons);
  }

  private JavaSoundSpeaker speaker(AudioConfig config) {
    JavaSoundSpeaker s = new JavaSoundSpeaker(config, DuplexGate.of(config), events, System::nanoTime);
    speaker = s;
    return s;
  }

  // Plays until drained, closes the line and returns the left channel of what the device got.
  private short[] playedLeft() {
    events.take(AudioEvents.Kind.STARTED);
    events.take(AudioEvents.Kind.DRAINED);
    speaker.close();
    byte[] out = AlsaDevices.read(AlsaDevices.playbackFile(48_000, 2));
    short[] left = AlsaDevices.channel(out, 2, 0);
    assertArrayEquals(left, AlsaDevices.channel(out, 2, 1), "mono model audio goes to both channels");
    return left;
  }

  @Test
  void modelAudio_fromFakeLiveServer_reachesTheDeviceIntactAt48k() {
    short[] answer24k = SpeechFixtures.mono16(speech, 24_000);
    short[] reference48k = SpeechFixtures.resample(answer24k, 24_000, 48_000);
    byte[] pcm = SpeechFixtures.bytes(answer24k);
    int chunkBytes = 1_920; // 40 ms at 24 kHz
    int chunks = (pcm.length + chunkBytes - 1) / chunkBytes;
    speaker(config(1.0, true));
    CountDownLatch allQueued = new CountDownLatch(chunks);
    // What the conversation layer will do: decoded audio events go to Speaker.play.
    openSession(e -> {
      if (e instanceof ServerEvent.Audio a) {
        assertTrue(speaker.play(a.pcm(), 0, a.pcm().length, a.rateHz()));
        allQueued.countDown();
      }
    });
    for (int off = 0; off < pcm.length; off += chunkBytes) {
      server.send(ServerMessages.audio(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunkBytes))));
    }
    server.send(ServerMessages.turnComplete());
    await(allQueued, "all model audio reached the speaker");
    // Started only now: the file device has no clock, so a writer that outran the socket would
    // end a burst (with a fade) between every two chunks.
    speaker.start();
    assertEquals("\"null [default]\" at 48000 Hz, 2 channels, 16-bit", events.take(AudioEvents.Kind.OPENED).text());

    short[] left = playedLeft();

    Signals.Match m = Signals.bestMatch(left, reference48k, 4_800);
    Figures.report("model audio -> 48 kHz device: correlation %.4f at lag %d, %d frames played for %d",
        m.correlation(), m.lag(), left.length, reference48k.length);
    assertTrue(m.correlation() > 0.9, "correlation " + m.correlation());
    assertTrue(m.lag() < 240, "resampler delay under 5 ms, was " + m.lag());
    assertEquals(0, left[0], "starts from silence (fade-in)");
    assertEquals(0, left[left.length - 1], "ends in silence (tail)");
    assertTrue(Math.abs(left.length - reference48k.length) < 48 * 30, "no audio lost or added beyond the tail");
  }

  private void openSession(java.util.function.Consumer<ServerEvent> consumer) {
    server = FakeLiveServer.start();
    session = new LiveSession(dev.geminipi.testkit.GeminiConfigBuilder.gemini(server).build(), List.of(), Credential.of(FakeLiveServer.API_KEY),
        consumer::accept, scheduler, new Random(1), LiveSession.Limits.defaults());
    session.open(false);
    server.takeMessage("setup");
  }

  @Test
  void earcon_wake_reachesTheDevice() {
    speaker(config(1.0, true)).start();
    events.take(AudioEvents.Kind.OPENED);

    speaker.playEarcon(Speaker.Earcon.WAKE);
    short[] left = playedLeft();

    Signals.Match m = Signals.bestMatch(left, Earcons.wake(48_000), 480);
    Figures.report("wake earcon -> 48 kHz device: correlation %.4f", m.correlation());
    assertTrue(m.correlation() > 0.9, "correlation " + m.correlation());
  }

  @Test
  void earcons_switchedOff_playNothingButSpeechStillPlays() {
    speaker(config(1.0, false)).start();
    events.take(AudioEvents.Kind.OPENED);

    speaker.playEarcon(Speaker.Earcon.WAKE);
    short[] tone = ToneMeter.sineShorts(500, 24_000, 4_800, 8_000);
    speaker.play(SpeechFixtures.bytes(tone), 0, tone.length * 2, 24_000);
    short[] left = playedLeft();

    assertTrue(left.length < 9_600 + 48 * 20, "only the 200 ms tone and its tail, was " + left.length + " frames");
    assertTrue(Signals.bestMatch(left, Earcons.wake(48_000), 480).correlation() < 0.3);
  }

  @Test
  void volume_half_halvesTheLevel() {
    speaker(config(0.5, true)).start();
    events.take(AudioEvents.Kind.OPENED);

    short[] tone = ToneMeter.sineShorts(1_000, 24_000, 24_000, 16_000);
    speaker.play(SpeechFixtures.bytes(tone), 0, tone.length * 2, 24_000);
    short[] left = playedLeft();

    float[] played = new float[left.length];
    for (int i = 0; i < left.length; i++) {
      played[i] = left[i];
    }
    double amplitude = ToneMeter.amplitude(played, 4_800, 38_400, 1_000, 48_000);
    Figures.report("volume 0.5: 1 kHz amplitude %.1f for 16000 in", amplitude);
    assertEquals(8_000, amplitude, 80);
  }

  @Test
  void setVolume_atRunTime_appliesToTheNextAudio() {
    speaker(config(1.0, true)).start();
    events.take(AudioEvents.Kind.OPENED);
    speaker.setVolume(0.25);
    assertEquals(0.25, speaker.volume(), 1e-6);

    short[] tone = ToneMeter.sineShorts(1_000, 24_000, 24_000, 16_000);
    speaker.play(SpeechFixtures.bytes(tone), 0, tone.length * 2, 24_000);
    short[] left = playedLeft();

    float[] played = new float[left.length];
    for (int i = 0; i < left.length; i++) {
      played[i] = left[i];
    }
    assertEquals(4_000, ToneMeter.amplitude(played, 4_800, 38_400, 1_000, 48_000), 80);
  }

  @Test
  void missingDevice_dropsAudioThenPlaysOnlyNewAudioWhenPluggedBackIn() {
    AlsaDevices.speakerMissing();
    speaker(config(1.0, true)).start();
    String why = events.take(AudioEvents.Kind.LOST).text();
    assertTrue(why.startsWith("audio.output.device: playback device \"null [default]\" opened in none of the "),
        why);

    short[] stale = ToneMeter.sineShorts(1_000, 24_000, 12_000, 8_000);
    assertFalse(speaker.play(SpeechFixtures.bytes(stale), 0, stale.length * 2, 24_000));
    assertEquals(500, speaker.droppedMs());
    AlsaDevices.speakerToFiles();
    events.take(AudioEvents.Kind.OPENED, Duration.ofSeconds(10));
    short[] fresh = ToneMeter.sineShorts(400, 24_000, 4_800, 8_000);
    assertTrue(speaker.play(SpeechFixtures.bytes(fresh), 0, fresh.length * 2, 24_000));
    short[] left = playedLeft();

    assertTrue(left.length < 9_600 + 48 * 20, "only the new 200 ms, was " + left.length + " frames");
  }

  @Test
  void play_moreThanTheJitterBufferHolds_dropsTheNewestAndCountsIt() {
    speaker = new JavaSoundSpeaker(config(1.0, true), DuplexGate.of(AudioConfig.defaults()), events,
        System::nanoTime, 100);
    byte[] fiftyMs = new byte[2_400];

    assertTrue(speaker.play(fiftyMs, 0, fiftyMs.length, 24_000));
    assertTrue(speaker.play(fiftyMs, 0, fiftyMs.length, 24_000));
    assertFalse(speaker.play(fiftyMs, 0, fiftyMs.length, 24_000));
    assertEquals(50, speaker.droppedMs());
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new AssertionError("not within 5 s: " + what + " (" + latch.getCount() + " left)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
