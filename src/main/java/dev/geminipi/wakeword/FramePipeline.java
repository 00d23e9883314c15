package dev.geminipi.wakeword;

/**
 * What the inference thread runs on each 80 ms frame: the ONNX models in the daemon, a
 * scripted stand-in in tests about the threading. Reports detections itself.
 */
interface FramePipeline extends AutoCloseable {

  /** One frame of {@link FrameQueue#FRAME_SAMPLES} samples, in order. */
  void process(short[] frame) throws Exception;

  @Override
  void close();
}
