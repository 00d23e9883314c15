package dev.geminipi.wakeword;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens and checks ONNX sessions; every ORT-using class of the package starts here. */
final class Sessions {
  private Sessions() {
  }

  /**
   * One thread per session and no spinning, as openWakeWord sets {@code intra_op_num_threads}
   * and {@code inter_op_num_threads} to 1 (model.py, utils.py): the models are tiny, and a
   * thread pool would only burn the Pi's other cores while it spins.
   */
  static OrtSession open(OrtEnvironment env, Path model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return env.createSession(model.toString(), options);
    }
  }

  /** The shape of the session's only or named input. */
  static long[] inputShape(OrtSession s, String name) throws OrtException {
    return shape(s.getInputInfo().get(name));
  }

  static long[] outputShape(OrtSession s, int index) throws OrtException {
    return shape(s.getOutputInfo().values().stream().skip(index).findFirst().orElseThrow());
  }

  static String firstInput(OrtSession s) {
    return s.getInputNames().iterator().next();
  }

  /**
   * Fails with what was expected and found when {@code shape} does not match {@code want},
   * where -1 in {@code want} matches any size.
   */
  static void expect(Path model, String what, long[] shape, long... want) {
    boolean ok = shape.length == want.length;
    for (int i = 0; ok && i < want.length; i++) {
      ok = want[i] == -1 || want[i] == shape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(model.getFileName() + " is not " + what + ": shape "
          + Arrays.toString(shape) + ", expected " + Arrays.toString(want).replace("-1", "N"));
    }
  }

  static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static long[] shape(NodeInfo info) {
    if (info != null && info.getInfo() instanceof TensorInfo t) {
      return t.getShape();
    }
    return new long[0];
  }
}
