package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime is optional at run time: a child JVM logs every class it loads
 * (-Xlog:class+load), and without a usable wake word none of ONNX Runtime's classes, nor ours
 * that use them, may be among them. The last test is the control: with a wake word they are.
 */
class OnnxRuntimeOptionalTest {
  /** Our classes that name ORT types; loading one would resolve ONNX Runtime. */
  private static final List<String> ORT_USERS = List.of("OnnxWakeWords", "OnnxPipeline",
      "Sessions", "MelStage", "EmbeddingStage", "WordClassifier", "SileroVad");

  /** The probe JVM's output with {@code -Xlog:class+load}; it must exit 0. */
  private static String probe(List<String> jvmOptions, String... models) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xlog:class+load=info"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ClassLoadProbe.class.getName()));
    cmd.addAll(List.of(models));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    // Read before waiting: the class log is larger than a pipe's buffer.
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe JVM did not exit within 60 s");
    }
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("probe: words"), out);
    return out;
  }

  private static List<String> loadedClasses(String... models) throws Exception {
    return probe(List.of(), models).lines().filter(l -> l.contains("[class,load]")).toList();
  }

  private static List<String> ortClasses(List<String> loaded) {
    return loaded.stream()
        .filter(l -> l.contains(" ai.onnxruntime.") || ORT_USERS.stream()
            .anyMatch(c -> l.contains(" dev.geminipi.wakeword." + c + " ")))
        .toList();
  }

  @Test
  void start_noWakeword_loadsNoOnnxRuntimeClass() throws Exception {
    List<String> loaded = loadedClasses();
    assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.geminipi.wakeword.WakeWords ")),
        "the probe must have gone through the factory");
    assertEquals(List.of(), ortClasses(loaded));
  }

  @Test
  void start_wakewordModelsMissing_loadsNoOnnxRuntimeClass() throws Exception {
    assertEquals(List.of(), ortClasses(loadedClasses("/nonexistent/hey_jarvis_v0.1.onnx")));
  }

  @Test
  void start_wakewordWithModels_loadsOnnxRuntime() throws Exception {
    List<String> ort = ortClasses(loadedClasses(
        TestModels.dir().resolve("hey_jarvis_v0.1.onnx").toString()));
    assertTrue(ort.stream().anyMatch(l -> l.contains(" ai.onnxruntime.OrtEnvironment ")),
        "control: the probe sees ONNX Runtime when it is used: " + ort);
  }

  @Test
  void start_onnxRuntimeNativesCannotLoad_warnsAndGoesOnWithoutWakeWords() throws Exception {
    // The same failure as on a 32-bit OS or a noexec tmpdir: the native library is not there.
    String out = probe(List.of("-Donnxruntime.native.path=/nonexistent"),
        TestModels.dir().resolve("hey_jarvis_v0.1.onnx").toString());
    assertTrue(out.contains("WARN  [WakeWords] wake words are off: ONNX Runtime cannot "
        + "load on Linux " + System.getProperty("os.arch") + " ("), out);
    assertTrue(out.contains("it needs a 64-bit OS (Raspberry Pi OS 64-bit) and a "
        + "java.io.tmpdir that allows exec"), out);
    assertTrue(out.contains("probe: words []"), out);
  }
}
