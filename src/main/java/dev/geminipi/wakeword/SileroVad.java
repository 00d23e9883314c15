package dev.geminipi.wakeword;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Silero VAD as openWakeWord runs it (vad.py, VAD.__call__ and predict): each 80 ms step is
 * scored in chunks of 640 samples ({@code frame_size=160*4}) scaled by 1/32767, and the step's
 * score is their mean. The model is stateful: its LSTM state {@code h}, {@code c} (shape
 * {@code [2, 1, 64]}) goes back in with the next chunk, with {@code sr} an int64 scalar. The
 * input and output names and shapes were read from the session (input, sr, h, c -> output,
 * hn, cn) and are checked at load.
 */
final class SileroVad implements AutoCloseable {
  static final int CHUNK_SAMPLES = 640;
  private static final int STATE = 2 * 64;
  private static final long[] STATE_SHAPE = {2, 1, 64};

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxTensor rate;
  private final FloatBuffer chunk = Sessions.direct(CHUNK_SAMPLES);
  private final FloatBuffer h = Sessions.direct(STATE);
  private final FloatBuffer c = Sessions.direct(STATE);
  private final Map<String, OnnxTensor> inputs = new HashMap<>();

  SileroVad(OrtEnvironment env, Path model) throws OrtException {
    this.env = env;
    this.session = Sessions.open(env, model);
    try {
      Sessions.expect(model, "Silero VAD (v4, with h and c)",
          Sessions.inputShape(session, "h"), 2, -1, 64);
      Sessions.expect(model, "Silero VAD (v4, with h and c)",
          Sessions.inputShape(session, "input"), -1, -1);
      this.rate = OnnxTensor.createTensor(env, 16_000L);
    } catch (OrtException | RuntimeException e) {
      MelStage.closeQuietly(session);
      throw e;
    }
  }

  /** The mean speech probability of one 1280-sample step. */
  float score(short[] frame) throws OrtException {
    float sum = 0;
    int chunks = frame.length / CHUNK_SAMPLES;
    for (int k = 0; k < chunks; k++) {
      chunk.clear();
      for (int i = k * CHUNK_SAMPLES; i < (k + 1) * CHUNK_SAMPLES; i++) {
        chunk.put(frame[i] / 32767f);
      }
      chunk.flip();
      h.rewind();
      c.rewind();
      try (OnnxTensor in = OnnxTensor.createTensor(env, chunk, new long[] {1, CHUNK_SAMPLES});
          OnnxTensor hin = OnnxTensor.createTensor(env, h, STATE_SHAPE);
          OnnxTensor cin = OnnxTensor.createTensor(env, c, STATE_SHAPE)) {
        inputs.put("input", in);
        inputs.put("sr", rate);
        inputs.put("h", hin);
        inputs.put("c", cin);
        try (OrtSession.Result out = session.run(inputs)) {
          sum += ((OnnxTensor) out.get("output").orElseThrow()).getFloatBuffer().get(0);
          FloatBuffer hn = ((OnnxTensor) out.get("hn").orElseThrow()).getFloatBuffer();
          FloatBuffer cn = ((OnnxTensor) out.get("cn").orElseThrow()).getFloatBuffer();
          h.clear();
          h.put(hn);
          c.clear();
          c.put(cn);
        }
      } finally {
        inputs.clear();
      }
    }
    return sum / chunks;
  }

  @Override
  public void close() {
    rate.close();
    MelStage.closeQuietly(session);
  }
}
