package dev.geminipi.wakeword;

import java.util.function.Consumer;

/**
 * The pipeline's sink, wrapped around {@link FramePipeline#process}: the pipeline reports a
 * detection from within {@code process}, on the inference thread, so the detection belongs to
 * the frame being processed, and gets that frame's stream position.
 */
final class PositionStamp implements Consumer<Detection> {
  private final Consumer<Detection> sink;
  // Inference thread only.
  private long frameEndSample = Detection.UNPLACED;

  PositionStamp(Consumer<Detection> sink) {
    this.sink = sink;
  }

  /** The frame about to be processed ends at this stream position. */
  void frame(long endSample) {
    frameEndSample = endSample;
  }

  @Override
  public void accept(Detection d) {
    sink.accept(d.at(frameEndSample));
  }
}
