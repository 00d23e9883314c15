package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WakeWordCheckTest {
  @TempDir
  Path dir;

  private Trigger.Wakeword word(String file) {
    return new Trigger.Wakeword(dir.resolve(file).toString(), 0.5, Optional.empty(), 2000, false);
  }

  @Test
  void modelFileMissing_ownCrossWithTheFix_andAGoodWordStillTicks() throws Exception {
    for (String f : List.of("alexa_v0.1.onnx", "melspectrogram.onnx", "embedding_model.onnx")) {
      Files.write(dir.resolve(f), new byte[] {1});
    }
    List<WakeWordCheck.Result> lines = WakeWordCheck.run(List.of(word("hey_jarvis_v0.1.onnx"),
        word("alexa_v0.1.onnx")));
    assertEquals(List.of(
        new WakeWordCheck.Result(false, "wake word \"hey_jarvis\": " + dir.resolve(
            "hey_jarvis_v0.1.onnx") + " is missing; install.sh fetches the standard models "
            + "into /var/lib/gemini-pi/models"),
        new WakeWordCheck.Result(true, "wake word \"alexa\": models found in " + dir)), lines);
  }

  @Test
  void sharedModelMissing_namesIt() throws Exception {
    Files.write(dir.resolve("alexa_v0.1.onnx"), new byte[] {1});
    assertEquals(List.of(new WakeWordCheck.Result(false, "wake word \"alexa\": "
        + dir.resolve("melspectrogram.onnx") + " is missing (openWakeWord's shared models must "
        + "lie beside alexa_v0.1.onnx); install.sh fetches the standard models into "
        + "/var/lib/gemini-pi/models")), WakeWordCheck.run(List.of(word("alexa_v0.1.onnx"))));
  }

  @Test
  void noWakeWords_noLines() {
    assertEquals(List.of(), WakeWordCheck.run(List.of()));
  }
}
