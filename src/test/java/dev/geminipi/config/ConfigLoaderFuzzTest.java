package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.testkit.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every field of a config that sets every key, broken every way (issue 7, STYLE 21): each
 * wrong type, each out-of-range number and each misspelt key yields a problem line that names
 * its JSON path; nothing but {@link ConfigException} ever comes out, and no line carries a
 * stack trace or a Java class name.
 */
class ConfigLoaderFuzzTest {
  /** Every key the loader knows; numbers that may be fractional are fractional here. */
  static final String FULL = """
      {"gemini": {"endpoint": "wss://example.invalid", "apiKeyEnv": "GEMINI_API_KEY",
                  "model": "models/gemini-3.1-flash-live-preview", "voice": "Kore",
                  "languageCode": "de-DE", "systemInstruction": "Be brief.",
                  "transcription": true, "googleSearch": false, "activityDetection": "manual",
                  "sessionResumption": true, "contextCompression": true, "setupTimeoutMs": 5000},
       "audio": {"input": {"device": "USB", "channel": 1, "gain": 2.5},
                 "output": {"device": "seeed", "volume": 0.6}, "duplex": "full",
                 "chunkMs": 40, "preRollMs": 800, "tailMs": 200, "earcons": false},
       "camera": {"mode": "stream", "source": "command", "command": ["cam", "-o", "-"],
                  "device": "/dev/video0", "width": 640, "height": 480, "framerate": 5,
                  "intervalMs": 2000, "maxAgeMs": 1500, "timeoutMs": 5000, "jpegQuality": 80,
                  "sendOnWake": true},
       "gpio": {"provider": "auto", "chip": "gpiochip0"},
       "triggers": [{"type": "button", "pin": 17, "pull": "up", "activeLow": true,
                     "debounceMs": 30, "mode": "push-to-talk", "longPressMs": 2000},
                    {"type": "input", "pin": 5, "edge": "falling", "pull": "down",
                     "debounceMs": 50, "prompt": "The doorbell rang.", "cooldownSec": 60},
                    {"type": "wakeword", "model": "/m/hey_jarvis.onnx", "threshold": 0.6,
                     "prompt": "Hi.", "refractoryMs": 2000, "vad": true}],
       "led": {"pin": 18, "activeHigh": true, "pwm": true},
       "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22, "action": "switch",
                  "activeHigh": false, "pulseMs": 300, "states": {"high": "on", "low": "off"},
                  "frequencyHz": 1000, "maxOnSec": 3600, "minIntervalSec": 5, "confirm": "button",
                  "confirmWindowSec": 15, "confirmButton": 17, "restOnHangup": true},
                 {"name": "fan", "pin": 13, "action": "pwm", "frequencyHz": 25000}],
       "conversation": {"idleTimeoutSec": 30, "keepWarm": true, "resume": true},
       "control": {"socket": "/tmp/gp.sock"}}
      """;
  /** Out of range for every number the loader reads. */
  static final List<JsonValue> OUT_OF_RANGE = List.of(JsonValue.valueOf(-1),
      JsonValue.valueOf(-1e9), JsonValue.valueOf(1e9), Json.parse("1e400"));
  /** Numbers the loader only warns about: it uses the default and says so (STYLE 21). */
  static final Set<String> SOFT = Set.of("audio.chunkMs", "camera.intervalMs");

  private final JsonValue full = Json.parse(FULL);
  private int cases;

  /** What one load gave: the problems (errors) or, when it loaded, the warnings. */
  private record Outcome(boolean loaded, List<String> lines) {
  }

  private Outcome load(String label, String json) {
    cases++;
    List<String> warnings = new ArrayList<>();
    try {
      new ConfigLoader(warnings::add).parse(json, "config.json");
      assertPlain(label, warnings);
      return new Outcome(true, warnings);
    } catch (ConfigException e) {
      assertPlain(label, e.problems());
      assertEquals(String.join("\n", e.problems()), e.getMessage());
      return new Outcome(false, e.problems());
    } catch (Throwable t) {
      throw new AssertionError(label + ": the loader threw " + t, t);
    }
  }

  private static void assertPlain(String label, List<String> lines) {
    for (String line : lines) {
      assertTrue(line.startsWith("config.json:"), label + ": " + line);
      assertTrue(!line.contains("Exception") && !line.contains("\tat ")
          && !line.contains("java.") && !line.contains("com.eclipsesource"),
          label + ": not a plain line: " + line);
    }
  }

  private static boolean names(List<String> lines, String path) {
    return lines.stream().anyMatch(l -> l.startsWith("config.json: " + path + ": "));
  }

  @Test
  void fullConfig_loadsCleanly() {
    Outcome o = load("full", FULL);
    assertTrue(o.loaded() && o.lines().isEmpty(), o.lines().toString());
  }

  @Test
  void everyFieldWithEachWrongType_isAnErrorAtItsPath() {
    for (Fuzz.Site site : Fuzz.sites(full)) {
      for (JsonValue with : Fuzz.ONE_OF_EACH_KIND) {
        if (with.isNull() || Fuzz.kind(with).equals(Fuzz.kind(site.value()))) {
          continue; // null means "use the default"; the same kind is not a wrong type
        }
        if (site.path().endsWith(".confirm") && with.isBoolean()) {
          continue; // the old boolean confirm still loads (ConfirmKeys)
        }
        String label = site.path() + " = " + with;
        Outcome o = load(label, Fuzz.replace(full, site, with).toString());
        assertTrue(!o.loaded() && names(o.lines(), site.path()), label + " gave " + o);
      }
    }
    assertTrue(cases > 500, "only " + cases + " cases");
  }

  @Test
  void everyNumberOutOfRange_isAnErrorOrForSoftKeysAWarningAtItsPath() {
    Set<String> warnedOnly = new TreeSet<>();
    for (Fuzz.Site site : Fuzz.sites(full)) {
      if (!site.value().isNumber()) {
        continue;
      }
      List<JsonValue> values = new ArrayList<>(OUT_OF_RANGE);
      double d = site.value().asDouble();
      if (d == Math.rint(d)) {
        values.add(JsonValue.valueOf(2.5)); // a whole number is expected here
      }
      for (JsonValue with : values) {
        String label = site.path() + " = " + with;
        Outcome o = load(label, Fuzz.replace(full, site, with).toString());
        assertTrue(names(o.lines(), site.path()), label + " gave " + o);
        if (o.loaded()) {
          warnedOnly.add(site.path());
        }
      }
    }
    assertEquals(SOFT, warnedOnly);
  }

  @Test
  void everyKeyMisspelt_isAnUnknownKeyErrorWithASuggestion() {
    Set<String> reportedAsMissing = new TreeSet<>();
    for (Fuzz.Site site : Fuzz.sites(full)) {
      if (!site.isKey()) {
        continue;
      }
      String typo = Fuzz.typo(site.key());
      List<Object> steps = new ArrayList<>(site.steps());
      steps.set(steps.size() - 1, typo);
      String typoPath = new Fuzz.Site(steps, site.value()).path();
      String label = site.path() + " spelt " + typo;
      Outcome o = load(label, Fuzz.rename(full, site, typo).toString());
      assertTrue(!o.loaded(), label + " loaded");
      if (names(o.lines(), typoPath)) {
        assertTrue(o.lines().stream().anyMatch(l -> l.startsWith("config.json: " + typoPath
            + ": unknown key; did you mean \"" + site.key() + "\"?")), label + " gave " + o);
      } else {
        assertTrue(names(o.lines(), site.path()), label + " gave " + o);
        reportedAsMissing.add(site.path());
      }
    }
    // A trigger without its type cannot say which keys belong to it; "type: missing" instead.
    assertEquals(Set.of("triggers[0].type", "triggers[1].type", "triggers[2].type"),
        reportedAsMissing);
  }

  @Test
  void mutatedText_givesAConfigOrConfigExceptionOnly() {
    long seed = Fuzz.seed(0x6A1F_0007L);
    Random r = new Random(seed);
    byte[] text = FULL.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 2000; i++) {
      load("mutation " + i + " (seed " + seed + ")", new String(Fuzz.mutate(text, r),
          StandardCharsets.UTF_8));
    }
  }
}
