package dev.geminipi.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What ONNX Runtime adds to a process's RSS, stage by stage (bench/ort-memory.sh): its
 * environment (the native library loaded and initialised), each of the wake word's three
 * sessions with the daemon's session options, then 200 embeddings run with reused tensors.
 * Options after the models directory try others: {@code arena=0} (no CPU arena),
 * {@code mempattern=0} (no memory pattern), or any {@code key=value} session config entry.
 */
public final class OrtMemory {
  private OrtMemory() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    print("JVM started");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    print("ONNX Runtime environment");
    String[] models = {"melspectrogram.onnx", "embedding_model.onnx", "hey_jarvis_v0.1.onnx"};
    OrtSession[] sessions = new OrtSession[models.length];
    for (int i = 0; i < models.length; i++) {
      try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        for (int k = 1; k < args.length; k++) {
          String[] kv = args[k].split("=", 2);
          switch (kv[0]) {
            case "arena" -> o.setCPUArenaAllocator(!kv[1].equals("0"));
            case "mempattern" -> o.setMemoryPatternOptimization(!kv[1].equals("0"));
            default -> o.addConfigEntry(kv[0], kv[1]);
          }
        }
        sessions[i] = env.createSession(dir.resolve(models[i]).toString(), o);
      }
      print("+ session " + models[i]);
    }
    FloatBuffer window = ByteBuffer.allocateDirect(76 * 32 * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    try (OnnxTensor in = OnnxTensor.createTensor(env, window, new long[] {1, 76, 32, 1})) {
      Map<String, OnnxTensor> inputs = Map.of(sessions[1].getInputNames().iterator().next(), in);
      for (int i = 0; i < 200; i++) {
        try (OrtSession.Result r = sessions[1].run(inputs)) {
          r.get(0);
        }
      }
    }
    print("+ 200 embeddings");
  }

  private static void print(String stage) throws Exception {
    StringBuilder line = new StringBuilder(String.format("%-36s", stage));
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS") || l.startsWith("RssAnon") || l.startsWith("RssFile")) {
        String[] f = l.split("\\s+");
        line.append(String.format(" %s %6.1f MiB", f[0], Long.parseLong(f[1]) / 1024.0));
      }
    }
    System.out.println(line);
  }
}
