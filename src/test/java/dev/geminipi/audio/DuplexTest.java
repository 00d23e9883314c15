package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Half duplex end to end: a real Speaker drives the gate, a real Microphone consults it, both on
// ALSA file devices. Time is a FakeClock, so the tail is exact and the test never sleeps; the clock
// counts reads, which tells the test that the capture thread has looked at more chunks.
class DuplexTest {

  private final FakeClock clock = new FakeClock();
  private final AudioEvents micEvents = new AudioEvents(false);
  private final AudioEvents speakerEvents = new AudioEvents(true);
  private Microphone mic;
  private Speaker speaker;

  @BeforeEach
  void devices() {
    AlsaDevices.reset();
    short[] tone = ToneMeter.sineShorts(300, 16_000, 16_000 * 5, 4_000);
    AlsaDevices.micFromFile(SpeechFixtures.bytes(tone));
  }

  @AfterEach
  void tearDown() {
    if (mic != null) {
      mic.close();
    }
    if (speaker != null) {
      speaker.close();
    }
    AlsaDevices.reset();
  }

  private void start(AudioConfig.Duplex duplex) {
    AudioConfig config = DuplexGateTest.config(duplex, 300);
    DuplexGate gate = DuplexGate.of(config, clock);
    // the speaker needs real time to know when the device has played what it wrote
    speaker = new JavaSoundSpeaker(config, gate, speakerEvents, System::nanoTime);
    mic = new JavaSoundMicrophone(config, gate, micEvents, 0, clock);
    speaker.start();
    speakerEvents.take(AudioEvents.Kind.OPENED);
    mic.start();
    micEvents.take(AudioEvents.Kind.OPENED);
    clock.awaitReads(10);
  }

  /** 150 ms of the model's voice at 24 kHz: a 440 Hz tone. */
  private static byte[] speech() {
    return SpeechFixtures.bytes(ToneMeter.sineShorts(440, 24_000, 3_600, 8_000));
  }

  @Test
  void half_modelSpeaks_micPausesForPlaybackAndTailThenResumes() {
    start(AudioConfig.Duplex.HALF);

    byte[] speech = speech();
    speaker.play(speech, 0, speech.length, Speaker.MODEL_RATE_HZ);
    micEvents.take(AudioEvents.Kind.PAUSED);
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    int delivered = audioChunks();
    clock.advanceMs(299);
    clock.awaitReads(200);
    assertEquals(delivered, audioChunks(), "no audio while the speaker plays or in the 300 ms tail");
    clock.advanceMs(1);
    micEvents.take(AudioEvents.Kind.RESUMED);
    clock.awaitReads(200);

    assertTrue(audioChunks() > delivered, "audio flows again after the tail");
    List<AudioEvents.Kind> kinds = micEvents.all().stream().map(AudioEvents.Event::kind)
        .filter(k -> k != AudioEvents.Kind.AUDIO && k != AudioEvents.Kind.CAPTURE).toList();
    assertEquals(List.of(AudioEvents.Kind.OPENED, AudioEvents.Kind.PAUSED, AudioEvents.Kind.RESUMED), kinds);
  }

  // Issue 3.6 / 8.2: the gate mutes what goes to the model, not the room. The pre-gate tap (the
  // wake word's ear) hears the microphone all through playback and the tail, so a wake word said
  // over the assistant's voice can still interrupt it.
  @Test
  void half_whileMicIsPaused_captureTapKeepsHearingTheRoom() {
    start(AudioConfig.Duplex.HALF);

    byte[] speech = speech();
    speaker.play(speech, 0, speech.length, Speaker.MODEL_RATE_HZ);
    micEvents.take(AudioEvents.Kind.PAUSED);
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    clock.awaitReads(200);
    clock.advanceMs(300);
    micEvents.take(AudioEvents.Kind.RESUMED);

    List<AudioEvents.Event> all = micEvents.all();
    List<AudioEvents.Event> paused = all.subList(indexOf(all, AudioEvents.Kind.PAUSED),
        indexOf(all, AudioEvents.Kind.RESUMED));
    long audio = paused.stream().filter(e -> e.kind() == AudioEvents.Kind.AUDIO).count();
    List<short[]> taps = paused.stream().filter(e -> e.kind() == AudioEvents.Kind.CAPTURE)
        .map(AudioEvents.Event::pcm).toList();
    double quietestRms = taps.stream().mapToDouble(pcm -> Signals.rms(pcm, 0, pcm.length)).min().orElse(0);
    Figures.report("half duplex: %d chunks reached the capture tap while the mic was paused (quietest rms %.0f), "
        + "%d reached the model", taps.size(), quietestRms, audio);
    assertEquals(0, audio, "nothing goes to the model while paused");
    assertTrue(taps.size() >= 50, "the tap heard only " + taps.size() + " chunks while the mic was paused");
    assertTrue(taps.stream().allMatch(pcm -> pcm.length == 320), "whole 20 ms chunks");
    // The fixture is a 300 Hz tone of amplitude 4000: rms 2828 in every 20 ms chunk.
    assertEquals(2828, quietestRms, 60, "every chunk the tap heard is the room's sound, not silence");
  }

  // Issue 15: words said after the tail are not clipped. From the chunk at which the gate opens,
  // every chunk the capture tap heard reaches the model too, the same samples in the same order.
  @Test
  void half_afterTheTail_everyCapturedChunkReachesTheModelFromTheFirst() {
    start(AudioConfig.Duplex.HALF);

    byte[] speech = speech();
    speaker.play(speech, 0, speech.length, Speaker.MODEL_RATE_HZ);
    micEvents.take(AudioEvents.Kind.PAUSED);
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    clock.advanceMs(300);
    micEvents.take(AudioEvents.Kind.RESUMED);
    clock.awaitReads(200);

    List<AudioEvents.Event> all = micEvents.all();
    List<AudioEvents.Event> after = all.subList(indexOf(all, AudioEvents.Kind.RESUMED), all.size());
    int lastAudio = 0;
    for (int i = 0; i < after.size(); i++) {
      if (after.get(i).kind() == AudioEvents.Kind.AUDIO) {
        lastAudio = i;
      }
    }
    // the resumed report comes between a chunk's tap and its delivery: start at that tap
    List<short[]> heard = all.subList(0, indexOf(all, AudioEvents.Kind.RESUMED)).reversed().stream()
        .filter(e -> e.kind() == AudioEvents.Kind.CAPTURE).limit(1).map(AudioEvents.Event::pcm)
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    after.subList(0, lastAudio + 1).stream().filter(e -> e.kind() == AudioEvents.Kind.CAPTURE)
        .map(AudioEvents.Event::pcm).forEach(heard::add);
    List<short[]> sent = after.stream().filter(e -> e.kind() == AudioEvents.Kind.AUDIO)
        .map(AudioEvents.Event::pcm).toList();
    assertTrue(sent.size() >= 50, "only " + sent.size() + " chunks after the tail");
    assertEquals(heard.size(), sent.size(), "chunks heard and sent after the tail");
    for (int i = 0; i < sent.size(); i++) {
      assertTrue(java.util.Arrays.equals(heard.get(i), sent.get(i)), "chunk " + i + " after the tail differs");
    }
  }

  private static int indexOf(List<AudioEvents.Event> events, AudioEvents.Kind kind) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).kind() == kind) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " among " + events.size() + " events");
  }

  // Issue 15: words said in one breath with the wake word go on while the wake chirp plays.
  // The chirp is our own short sound, not the model's voice, so it does not close the gate.
  @Test
  void half_speakerPlaysAnEarcon_micNeverPauses() {
    start(AudioConfig.Duplex.HALF);

    speaker.playEarcon(Speaker.Earcon.WAKE);
    speakerEvents.take(AudioEvents.Kind.STARTED);
    int delivered = audioChunks();
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    clock.awaitReads(200);

    assertTrue(audioChunks() > delivered, "audio flows while the earcon plays");
    assertTrue(micEvents.all().stream().noneMatch(e -> e.kind() == AudioEvents.Kind.PAUSED));
  }

  // The model's answer right behind the chirp, in one burst: the gate closes at the answer.
  @Test
  void half_earconThenModelSpeechInOneBurst_micPausesForTheSpeech() {
    start(AudioConfig.Duplex.HALF);

    byte[] speech = speech();
    speaker.playEarcon(Speaker.Earcon.WAKE);
    speaker.play(speech, 0, speech.length, Speaker.MODEL_RATE_HZ);
    micEvents.take(AudioEvents.Kind.PAUSED);
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    clock.advanceMs(300);

    micEvents.take(AudioEvents.Kind.RESUMED);
  }

  @Test
  void full_speakerPlaysAnEarcon_micNeverPauses() {
    start(AudioConfig.Duplex.FULL);

    speaker.playEarcon(Speaker.Earcon.WAKE);
    speakerEvents.take(AudioEvents.Kind.DRAINED);
    int delivered = audioChunks();
    clock.awaitReads(200);

    assertTrue(audioChunks() > delivered);
    assertTrue(micEvents.all().stream().noneMatch(e -> e.kind() == AudioEvents.Kind.PAUSED));
  }

  private int audioChunks() {
    return (int) micEvents.all().stream().filter(e -> e.kind() == AudioEvents.Kind.AUDIO).count();
  }
}
