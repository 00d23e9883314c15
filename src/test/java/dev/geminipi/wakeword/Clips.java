package dev.geminipi.wakeword;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The labelled clips of {@link WakeWordPipelineTest}, each list after 2 s of warm-up. */
final class Clips {
  static final String[] VOICES = {"en-us", "en-gb", "en-gb-scotland", "en-029",
      "en-us+f3", "en-gb-x-rp+m3"};
  static final int[] SPEEDS_WPM = {130, 175};
  /** Not the wake word, nor close to it; "hey travis" is the nearest fair miss. */
  static final String[] OTHER_PHRASES = {"hello there", "what time is it",
      "turn on the lights", "good morning", "play some music", "hey travis", "harvest moon",
      "hey service"};
  static final String[] OTHER_VOICES = {"en-us", "en-gb", "en-us+f3"};
  /** Too close to call: reported, not asserted (a part of the wake word, or one sound off). */
  static final String[] NEAR_MISSES = {"jarvis", "hey jars", "hey javis"};

  private Clips() {
  }

  static List<Scoring.Labelled> heyJarvis(Function<short[], short[]> change,
      String label) {
    List<Scoring.Labelled> clips = new ArrayList<>();
    clips.add(new Scoring.Labelled("warm-up", Fixtures.silence(2000)));
    for (String v : VOICES) {
      for (int wpm : SPEEDS_WPM) {
        clips.add(new Scoring.Labelled("hey jarvis " + v + " " + wpm + " wpm" + label,
            change.apply(Fixtures.speech("hey jarvis", v, wpm, 1000))));
      }
    }
    return clips;
  }

  static List<Scoring.Labelled> phrases(String[] phrases) {
    List<Scoring.Labelled> clips = new ArrayList<>();
    clips.add(new Scoring.Labelled("warm-up", Fixtures.silence(2000)));
    for (String p : phrases) {
      for (String v : OTHER_VOICES) {
        clips.add(new Scoring.Labelled("\"" + p + "\" " + v,
            Fixtures.speech(p, v, 160, 1000)));
      }
    }
    return clips;
  }

  static List<Scoring.Labelled> nonSpeech() {
    return List.of(
        new Scoring.Labelled("silence 20 s (digital zero)", Fixtures.silence(20_000)),
        new Scoring.Labelled("pink noise 20 s, -30 dBFS", Fixtures.synth("pink-quiet",
            "synth", "20", "pinknoise", "gain", "-n", "-30")),
        new Scoring.Labelled("plucked C major chords 8 s", Fixtures.synth("chords", "synth",
            "8", "pluck", "C4", "pluck", "E4", "pluck", "G4", "repeat", "3", "gain", "-n", "-6")),
        new Scoring.Labelled("melody of sine notes 8 s", Fixtures.synth("melody", "synth",
            "0.5", "sine", "440", "synth", "0.5", "sine", "mix", "523", ":", "synth", "0.5",
            "sine", "659", ":", "synth", "0.5", "square", "392", "gain", "-n", "-10",
            "repeat", "3")),
        new Scoring.Labelled("sweep 200-4000 Hz 8 s", Fixtures.synth("sweep", "synth", "8",
            "sine", "200:4000", "gain", "-n", "-10")));
  }

}
