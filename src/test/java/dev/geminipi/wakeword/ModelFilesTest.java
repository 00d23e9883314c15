package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Trigger;
import dev.geminipi.testkit.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir
  Path dir;

  private Trigger.Wakeword trigger(String file, boolean vad) {
    return new Trigger.Wakeword(dir.resolve(file).toString(), 0.5, Optional.of("Hi"), 2000, vad);
  }

  private void touch(String... names) throws IOException {
    for (String n : names) {
      Files.writeString(dir.resolve(n), "x");
    }
  }

  @Test
  void word_versionedFileName_dropsVersion() {
    assertEquals("hey_jarvis", ModelFiles.word(Path.of("/m/hey_jarvis_v0.1.onnx")));
    assertEquals("alexa", ModelFiles.word(Path.of("alexa_v0.1.onnx")));
    assertEquals("my_word", ModelFiles.word(Path.of("my_word.onnx")));
    assertEquals("ok_v2_robot", ModelFiles.word(Path.of("ok_v2_robot_v1.onnx")));
  }

  @Test
  void find_allBeside_givesTheSharedModelsInTheSameDirectory() throws IOException {
    touch("hey_jarvis_v0.1.onnx", "melspectrogram.onnx", "embedding_model.onnx",
        "silero_vad.onnx");
    ModelFiles f = ModelFiles.find(trigger("hey_jarvis_v0.1.onnx", true)).orElseThrow();
    assertEquals("hey_jarvis", f.word());
    assertEquals(dir.resolve("melspectrogram.onnx"), f.melspectrogram());
    assertEquals(dir.resolve("embedding_model.onnx"), f.embedding());
    assertEquals(Optional.of(dir.resolve("silero_vad.onnx")), f.vad());
  }

  @Test
  void find_classifierMissing_warnsOnceAndLeavesTheWordOut() {
    try (LogCapture log = LogCapture.open()) {
      assertTrue(ModelFiles.find(trigger("hey_jarvis_v0.1.onnx", false)).isEmpty());
      assertEquals(List.of("WARN [dev.geminipi.wakeword.ModelFiles] wake word \"hey_jarvis\" "
          + "is off: " + dir + "/hey_jarvis_v0.1.onnx is missing; install.sh fetches the "
          + "standard models into /var/lib/gemini-pi/models"), log.warnings());
    }
  }

  @Test
  void find_sharedModelNotBeside_namesTheMissingFileAndTheFix() throws IOException {
    touch("alexa_v0.1.onnx", "melspectrogram.onnx");
    try (LogCapture log = LogCapture.open()) {
      assertTrue(ModelFiles.find(trigger("alexa_v0.1.onnx", false)).isEmpty());
      assertEquals(List.of("WARN [dev.geminipi.wakeword.ModelFiles] wake word \"alexa\" is off: "
          + dir + "/embedding_model.onnx is missing (openWakeWord's shared models must lie "
          + "beside alexa_v0.1.onnx); install.sh fetches the standard models into "
          + "/var/lib/gemini-pi/models"), log.warnings());
    }
  }

  @Test
  void find_vadModelMissing_keepsTheWordWithoutTheGate() throws IOException {
    touch("alexa_v0.1.onnx", "melspectrogram.onnx", "embedding_model.onnx");
    try (LogCapture log = LogCapture.open()) {
      ModelFiles f = ModelFiles.find(trigger("alexa_v0.1.onnx", true)).orElseThrow();
      assertEquals(Optional.empty(), f.vad());
      assertEquals(List.of("WARN [dev.geminipi.wakeword.ModelFiles] wake word \"alexa\" runs "
          + "without its VAD gate: " + dir + "/silero_vad.onnx is missing; install.sh fetches "
          + "the standard models into /var/lib/gemini-pi/models"), log.warnings());
    }
  }

  @Test
  void find_classifierIsADirectory_saysItCannotBeRead() throws IOException {
    Files.createDirectory(dir.resolve("odd.onnx"));
    try (LogCapture log = LogCapture.open()) {
      assertTrue(ModelFiles.find(trigger("odd.onnx", false)).isEmpty());
      assertEquals(List.of("WARN [dev.geminipi.wakeword.ModelFiles] wake word \"odd\" is off: "
          + dir + "/odd.onnx cannot be read; install.sh fetches the standard models into "
          + "/var/lib/gemini-pi/models"), log.warnings());
    }
  }
}
