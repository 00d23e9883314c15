package dev.geminipi.audio;

import dev.geminipi.testkit.AlsaDevices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.LogCapture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// The microphone through real javax.sound and ALSA file devices (AlsaDevices): what reaches the fake
// Live server must be the spoken fixture at 16 kHz, whatever the device format.
class MicrophoneTest {

  private static Path speech;
  private static Path otherSpeech;
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final AudioEvents events = new AudioEvents(false);
  private Microphone mic;
  private FakeLiveServer server;
  private LiveSession session;

  @BeforeAll
  static void fixtures() {
    SpeechFixtures.requireTools();
    speech = SpeechFixtures.speak("lamp", "Turn on the kitchen lamp, please.");
    otherSpeech = SpeechFixtures.speak("weather", "What is the weather like tomorrow?");
  }

  @BeforeEach
  void devices() {
    AlsaDevices.reset();
  }

  @AfterEach
  void tearDown() {
    if (mic != null) {
      mic.close();
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

  static AudioConfig config(String device, int channel, double gain) {
    AudioConfig d = AudioConfig.defaults();
    return new AudioConfig(new AudioConfig.InputConfig(device, channel, gain), d.output(), d.duplex(),
        d.chunkMs(), d.preRollMs(), d.tailMs(), d.earcons());
  }

  @Test
  void speech_16kMonoDevice_reachesFakeLiveServerAsTheFixture() {
    short[] fixture16k = SpeechFixtures.mono16(speech, 16_000);
    AlsaDevices.micFromFile(SpeechFixtures.bytes(fixture16k));

    short[] wire = captureToWire(config("default", AudioConfig.InputConfig.MIX, 1.0), fixture16k.length);

    assertEquals("\"null [default]\" at 16000 Hz, 1 channel, 16-bit", events.take(AudioEvents.Kind.OPENED).text());
    Signals.Match m = Signals.bestMatch(wire, fixture16k, 1_600);
    Figures.report("mic 16k mono -> wire: correlation %.4f at lag %d", m.correlation(), m.lag());
    assertEquals(0, m.lag(), "16 kHz mono passes through with no delay");
    assertTrue(m.correlation() > 0.999, "correlation " + m.correlation());
  }

  @Test
  void speech_4ch48k32bitDevice_pickedChannelReachesWireAt16k() {
    AlsaDevices.fourChannelMicFromFile(fourChannels48k());
    short[] reference = SpeechFixtures.mono16(speech, 16_000);

    short[] wire = captureToWire(config("default", 0, 1.0), reference.length + 1_600);

    assertEquals("\"null [default]\" at 48000 Hz, 4 channels, 32-bit", events.take(AudioEvents.Kind.OPENED).text());
    Signals.Match m = Signals.bestMatch(wire, reference, 1_600);
    double other = Signals.bestMatch(wire, SpeechFixtures.mono16(otherSpeech, 16_000), 1_600).correlation();
    Figures.report("mic 48k/4ch/32-bit channel 0 -> wire: correlation %.4f at lag %d; other channel %.4f",
        m.correlation(), m.lag(), other);
    assertTrue(m.correlation() > 0.9, "correlation with channel 0's speech " + m.correlation());
    assertTrue(m.lag() < 160, "resampler delay under 10 ms, was " + m.lag() + " samples");
    assertTrue(other < 0.3, "channel 1's speech must not leak in, correlation " + other);
  }

  @Test
  void speech_4chDeviceWithMix_averagesChannelsSoOnlyChannel1Remains() {
    // channel 2 is channel 0 inverted, so the mix holds channel 1 alone at a quarter level
    AlsaDevices.fourChannelMicFromFile(fourChannels48k());
    short[] reference = SpeechFixtures.mono16(otherSpeech, 16_000);

    short[] wire = captureToWire(config("default", AudioConfig.InputConfig.MIX, 1.0), reference.length + 1_600);

    Signals.Match m = Signals.bestMatch(wire, reference, 1_600);
    Figures.report("mic 48k/4ch/32-bit mixed -> wire: correlation with channel 1 %.4f", m.correlation());
    assertTrue(m.correlation() > 0.9, "correlation with channel 1's speech " + m.correlation());
  }

  // ch0 = "lamp", ch1 = "weather", ch2 = -ch0, ch3 = silence; S32_LE at 48 kHz, made by sox.
  private static byte[] fourChannels48k() {
    int[] a = SpeechFixtures.mono32(speech, 48_000);
    int[] b = SpeechFixtures.mono32(otherSpeech, 48_000);
    int frames = Math.max(a.length, b.length);
    ByteBuffer out = ByteBuffer.allocate(frames * 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      int s0 = i < a.length ? a[i] / 2 : 0;
      int s1 = i < b.length ? b[i] / 2 : 0;
      out.putInt(s0).putInt(s1).putInt(-s0).putInt(0);
    }
    return out.array();
  }

  // Runs the microphone into a LiveSession on FakeLiveServer (as the conversation layer will) and
  // returns the first `frames` samples the server received. The file device has no clock, so the
  // listener keeps only the chunks needed and the test sends them one by one.
  private short[] captureToWire(AudioConfig config, int frames) {
    int chunks = frames / 320 + 1;
    BlockingQueue<byte[]> captured = new ArrayBlockingQueue<>(chunks);
    events.onEachChunk(pcm -> captured.offer(SpeechFixtures.bytes(pcm)));
    server = FakeLiveServer.start();
    EventRecorder serverEvents = new EventRecorder();
    session = new LiveSession(dev.geminipi.testkit.GeminiConfigBuilder.gemini(server).build(), List.of(), Credential.of(FakeLiveServer.API_KEY),
        serverEvents, scheduler, new Random(1), LiveSession.Limits.defaults());
    session.open(false);
    server.takeMessage("setup");
    serverEvents.take(ServerEvent.SetupComplete.class);

    mic = new JavaSoundMicrophone(config, DuplexGate.of(config), events, 0, System::nanoTime);
    mic.start();
    List<short[]> received = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      byte[] chunk = poll(captured);
      assertTrue(session.sendAudio(chunk, 0, chunk.length));
      received.add(SpeechFixtures.shorts(server.takeMessage("realtimeInput.audio").data()));
    }
    return Signals.concat(received);
  }

  @Test
  void preRoll_requestedMidStream_piecesThenNextChunkAreContiguous() {
    // 40 chunks = 800 ms, more than the 500 ms ring holds
    short[] preRoll = preRollAfter(40, 0, Microphone::requestPreRoll);
    assertEquals(8_000, preRoll.length, "the last 500 ms");
    assertEquals(40 * 320 - 8_000, preRoll[0], "ends just before the 41st chunk");
  }

  @Test
  void preRoll_anchoredAnEarlierSample_startsPreRollMsBeforeItAndRunsToNow() {
    // 80 chunks = 1600 ms; the ring holds 500 + 1000 ms; the word was heard 400 ms ago
    short[] preRoll = preRollAfter(80, 1000, m -> m.requestPreRoll(60 * 320));
    assertEquals((short) (60 * 320 - 8_000), preRoll[0], "500 ms before the anchor");
    assertEquals(80 * 320 - (60 * 320 - 8_000), preRoll.length, "and all since");
  }

  @Test
  void preRoll_anchoredOlderThanHeld_startsAtTheOldestHeld() {
    short[] preRoll = preRollAfter(80, 1000, m -> m.requestPreRoll(320));
    assertEquals(24_000, preRoll.length, "all the ring holds: 1500 ms");
    assertEquals((short) (80 * 320 - 24_000), preRoll[0]);
  }

  @Test
  void preRoll_notAnchored_isTheLastPreRollMsWhateverTheRingHolds() {
    short[] preRoll = preRollAfter(80, 1000, Microphone::requestPreRoll);
    assertEquals(8_000, preRoll.length, "the last 500 ms");
    assertEquals((short) (80 * 320 - 8_000), preRoll[0]);
  }

  /**
   * The pre-roll {@code request} gets when made just after live chunk {@code chunks} of a ramp,
   * from a microphone that keeps {@code anchorLagMs} beyond its 500 ms; checked to be
   * contiguous, in pieces of at most one chunk, and followed on by the next live chunk.
   */
  private short[] preRollAfter(int chunks, int anchorLagMs, Consumer<Microphone> request) {
    short[] ramp = new short[16_000 * 4];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (short) i;
    }
    AlsaDevices.micFromFile(SpeechFixtures.bytes(ramp));
    AudioEvents queued = new AudioEvents(true);
    AtomicInteger live = new AtomicInteger();
    mic = new JavaSoundMicrophone(config("default", AudioConfig.InputConfig.MIX, 1.0),
        DuplexGate.of(AudioConfig.defaults()), queued, anchorLagMs, System::nanoTime);
    queued.onEachChunk(pcm -> {
      if (live.incrementAndGet() == chunks) {
        request.accept(mic);
      }
    });
    mic.start();

    List<short[]> pieces = new ArrayList<>();
    AudioEvents.Event piece;
    do {
      piece = queued.take(AudioEvents.Kind.PRE_ROLL);
      assertTrue(piece.pcm().length <= 320, "pieces are at most one chunk");
      pieces.add(piece.pcm());
    } while (!piece.last());
    short[] preRoll = Signals.concat(pieces);
    for (int i = 1; i < preRoll.length; i++) {
      assertEquals((short) (preRoll[i - 1] + 1), preRoll[i], "no gap at " + i);
    }
    // the queue is in capture order: the next live chunk is the first one after the last piece
    // (waiting for it, since the capture thread may not have delivered it yet)
    short[] next = queued.take(AudioEvents.Kind.AUDIO).pcm();
    assertEquals((short) (preRoll[preRoll.length - 1] + 1), next[0], "the next live chunk follows on");
    return preRoll;
  }

  @Test
  void muted_everyCapturedChunkIsSilent_andNothingIsDelivered_untilUnmuted()
      throws InterruptedException {
    short[] loud = ToneMeter.sineShorts(440, 16_000, 16_000 * 20, 16_000);
    AlsaDevices.micFromFile(SpeechFixtures.bytes(loud));
    AudioConfig config = config("default", AudioConfig.InputConfig.MIX, 1.0);
    DuplexGate gate = DuplexGate.of(config);
    gate.mute(true);
    mic = new JavaSoundMicrophone(config, gate, events, 0, System::nanoTime);
    mic.start();
    events.take(AudioEvents.Kind.PAUSED);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (events.all().stream().filter(e -> e.kind() == AudioEvents.Kind.CAPTURE).count() < 50) {
      assertTrue(System.nanoTime() < deadline, "50 chunks captured within 5 s");
      Thread.sleep(10);
    }
    List<AudioEvents.Event> before = List.copyOf(events.all());
    gate.mute(false);
    events.take(AudioEvents.Kind.RESUMED, Duration.ofSeconds(5));
    for (AudioEvents.Event e : before) {
      assertTrue(e.kind() != AudioEvents.Kind.AUDIO, "nothing delivered while muted");
      if (e.kind() == AudioEvents.Kind.CAPTURE) {
        for (short v : e.pcm()) {
          assertEquals(0, v, "a muted microphone hands on silence only");
        }
      }
    }
  }

  @Test
  void missingDevice_reportsWhyThenOpensWhenPluggedBackIn() {
    AlsaDevices.micMissing();
    try (LogCapture logs = LogCapture.open()) {
      mic = new JavaSoundMicrophone(config("default", AudioConfig.InputConfig.MIX, 1.0),
          DuplexGate.of(AudioConfig.defaults()), events, 0, System::nanoTime);
      mic.start();

      String why = events.take(AudioEvents.Kind.LOST).text();
      assertTrue(why.startsWith("audio.input.device: capture device \"null [default]\" opened in none of the "),
          why);
      // Each later attempt says the loop is alive (the watchdog's sign of life), without a WARN.
      events.take(AudioEvents.Kind.RETRY, Duration.ofSeconds(10));
      assertTrue(why.endsWith("; capture devices: \"null [default]\""), why);
      AlsaDevices.micFromFile(new byte[0]);
      assertEquals("\"null [default]\" at 16000 Hz, 1 channel, 16-bit",
          events.take(AudioEvents.Kind.OPENED, Duration.ofSeconds(10)).text());
      List<String> warnings = logs.warnings();
      assertEquals(1, warnings.size(), "one WARN for the repeated failure: " + warnings);
      assertTrue(warnings.get(0).contains("retrying every few seconds (gemini-pi devices lists them)"),
          warnings.get(0));
    }
  }

  @Test
  void unknownDeviceName_errorNamesTheKeyAndListsTheDevices() {
    mic = new JavaSoundMicrophone(config("USB", AudioConfig.InputConfig.MIX, 1.0),
        DuplexGate.of(AudioConfig.defaults()), events, 0, System::nanoTime);
    mic.start();

    assertEquals("audio.input.device \"USB\" matches no capture device; capture devices: \"null [default]\"",
        events.take(AudioEvents.Kind.LOST).text());
  }

  @Test
  void gain_aboveOneOnLoudSpeech_countsClippedSamples() {
    short[] loud = SpeechFixtures.mono16(speech, 16_000);
    AlsaDevices.micFromFile(SpeechFixtures.bytes(loud));
    AtomicInteger chunks = new AtomicInteger();
    BlockingQueue<Boolean> done = new ArrayBlockingQueue<>(1);
    events.onEachChunk(pcm -> {
      if (chunks.incrementAndGet() == loud.length / 320) {
        done.offer(true);
      }
    });
    mic = new JavaSoundMicrophone(config("default", AudioConfig.InputConfig.MIX, 8.0),
        DuplexGate.of(AudioConfig.defaults()), events, 0, System::nanoTime);
    mic.start();

    poll(done);
    assertTrue(mic.clippedSamples() > 100, "clipped " + mic.clippedSamples());
  }

  private static <T> T poll(BlockingQueue<T> q) {
    try {
      T t = q.poll(5, TimeUnit.SECONDS);
      if (t == null) {
        throw new AssertionError("no audio from the microphone within 5 s");
      }
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
