package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class MelStageTest {

  @Test
  void append_firstStepThenLater_gives5Then8FramesOf32() throws Exception {
    short[] frame = Fixtures.speech("hey jarvis", "en-gb", 160, 0);
    try (MelStage mel = new MelStage(OrtEnvironment.getEnvironment(),
        TestModels.dir().resolve(ModelFiles.MELSPECTROGRAM))) {
      FloatRing ring = new FloatRing(64, MelStage.BINS);
      short[] step = new short[FrameQueue.FRAME_SAMPLES];
      System.arraycopy(frame, 0, step, 0, step.length);
      // 1280 samples alone, then 480 + 1280: 512-sample windows at a 160-sample hop.
      assertEquals(5, mel.append(step, ring));
      System.arraycopy(frame, step.length, step, 0, step.length);
      assertEquals(8, mel.append(step, ring));
      assertEquals(13, ring.end());
    }
  }

  @Test
  void append_silence_isTheModelsFloorScaledByTheReferenceTransform() throws Exception {
    try (MelStage mel = new MelStage(OrtEnvironment.getEnvironment(),
        TestModels.dir().resolve(ModelFiles.MELSPECTROGRAM))) {
      FloatRing ring = new FloatRing(8, MelStage.BINS);
      mel.append(new short[FrameQueue.FRAME_SAMPLES], ring);
      FloatBuffer row = FloatBuffer.allocate(MelStage.BINS);
      ring.copyTo(0, 1, row);
      // Digital silence gives the model's floor, -100, which x / 10 + 2 maps to -8.
      for (float v : row.array()) {
        assertEquals(-8f, v, 1e-3f);
      }
    }
  }
}
