package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.geminipi.config.Trigger;
import dev.geminipi.testkit.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The public factory and the running detector, fed the way the capture thread feeds it. */
class WakeWordsTest {
  private static final Trigger BUTTON = Trigger.Button.defaults(17);

  private static Trigger.Wakeword word(String file, Optional<String> prompt, int refractoryMs) {
    return new Trigger.Wakeword(TestModels.dir().resolve(file).toString(), 0.5, prompt,
        refractoryMs, false);
  }

  /**
   * Feeds {@code audio} in 20 ms chunks through one reused array, as MicRouter does, from a
   * timer thread like a capture thread, at four times real time: a burst faster than that
   * would overflow the detector's one-second queue by design.
   */
  private static ScheduledExecutorService feed(WakeWordDetector d, short[] audio) {
    ScheduledExecutorService mic = Executors.newSingleThreadScheduledExecutor();
    short[] chunk = new short[320];
    int[] at = {0};
    mic.scheduleAtFixedRate(() -> {
      int n = Math.min(chunk.length, audio.length - at[0]);
      if (n <= 0) {
        throw new CancellationException("all fed");
      }
      System.arraycopy(audio, at[0], chunk, 0, n);
      at[0] += n;
      d.accept(chunk, n);
    }, 0, 5, TimeUnit.MILLISECONDS);
    return mic;
  }

  private static Detection take(BlockingQueue<Detection> heard, String expected)
      throws InterruptedException {
    Detection d = heard.poll(10, TimeUnit.SECONDS);
    assertNotNull(d, "expected a detection of " + expected + " within 10 s");
    return d;
  }

  /**
   * Every detection of the models on {@code audio}, computed frame by frame on this thread, each
   * at the end of its frame in {@code audio}.
   */
  private static List<Detection> reference(List<Trigger.Wakeword> words, short[] audio)
      throws Exception {
    List<Detection> out = new ArrayList<>();
    long[] frameEnd = {0};
    try (OnnxPipeline p = OnnxWakeWords.pipeline(
        words.stream().map(w -> ModelFiles.find(w).orElseThrow()).toList(),
        d -> out.add(d.at(frameEnd[0])))) {
      short[] frame = new short[FrameQueue.FRAME_SAMPLES];
      for (int at = 0; at + frame.length <= audio.length; at += frame.length) {
        System.arraycopy(audio, at, frame, 0, frame.length);
        frameEnd[0] = at + frame.length;
        p.process(frame);
      }
    }
    return out;
  }

  @Test
  void start_noWakeword_givesTheDetectorThatDoesNothing() {
    try (WakeWordDetector d = WakeWords.start(List.of(BUTTON), x -> {
      throw new AssertionError("no word, no detection");
    })) {
      assertSame(NoWakeWords.INSTANCE, d);
      d.accept(new short[320], 320);
      assertEquals(List.of(), d.words());
      assertEquals(0, d.droppedFrames());
    }
  }

  @Test
  void start_oneModelMissing_warnsAndListensForTheOthers() {
    Trigger.Wakeword missing = new Trigger.Wakeword(
        TestModels.dir().resolve("hey_computer.onnx").toString(), 0.5, Optional.empty(), 2000,
        false);
    try (LogCapture log = LogCapture.open();
        WakeWordDetector d = WakeWords.start(List.of(BUTTON, missing,
            word("alexa_v0.1.onnx", Optional.empty(), 2000)), x -> { })) {
      assertEquals(List.of("alexa"), d.words());
      assertEquals(List.of("WARN [dev.geminipi.wakeword.ModelFiles] wake word \"hey_computer\" "
          + "is off: " + TestModels.DIR + "/hey_computer.onnx is missing; install.sh fetches "
          + "the standard models into /var/lib/gemini-pi/models"), log.warnings());
    }
  }

  @Test
  void accept_twoWordsIn20msChunks_reportsEachWordWithItsPromptLikeTheFramePipeline()
      throws Exception {
    List<Trigger.Wakeword> words = List.of(
        word("hey_jarvis_v0.1.onnx", Optional.of("The owner called you."), 2000),
        word("alexa_v0.1.onnx", Optional.empty(), 2000));
    short[] audio = Fixtures.concat(List.of(Fixtures.silence(2000),
        Fixtures.speech("what time is it", "en-us", 160, 1000),
        Fixtures.speech("hey jarvis", "en-gb", 160, 1000),
        Fixtures.speech("alexa", "en-us", 160, 1000),
        Fixtures.speech("hey jarvis", "en-us+f3", 160, 1000)));
    List<Detection> expected = reference(words, audio);
    assertEquals(List.of("hey_jarvis", "alexa", "hey_jarvis"),
        expected.stream().map(Detection::word).toList(), expected.toString());

    BlockingQueue<Detection> heard = new LinkedBlockingQueue<>();
    ScheduledExecutorService mic = null;
    try (WakeWordDetector d = WakeWords.start(words, heard::add)) {
      assertEquals(List.of("hey_jarvis", "alexa"), d.words());
      mic = feed(d, audio);
      List<Detection> got = new ArrayList<>();
      for (Detection e : expected) {
        got.add(take(heard, e.word()));
      }
      // Equal to the last bit of each score, and each at its frame's end in the audio fed: the
      // chunking into 80 ms frames is exact, and so are the detections' stream positions.
      assertEquals(expected, got);
      assertEquals(Optional.of("The owner called you."), got.get(0).prompt());
      assertEquals(0, d.droppedFrames());
    } finally {
      if (mic != null) {
        mic.shutdownNow();
      }
    }
  }

  @Test
  void refractoryMs_secondSayingWithinIt_isNotReported() throws Exception {
    short[] twice = Fixtures.concat(List.of(Fixtures.silence(2000),
        Fixtures.speech("hey jarvis", "en-gb", 160, 500),
        Fixtures.speech("hey jarvis", "en-gb", 160, 500)));
    assertEquals(2, reference(List.of(word("hey_jarvis_v0.1.onnx", Optional.empty(), 0)),
        twice).size());
    assertEquals(1, reference(List.of(word("hey_jarvis_v0.1.onnx", Optional.empty(), 5000)),
        twice).size());
  }
}
