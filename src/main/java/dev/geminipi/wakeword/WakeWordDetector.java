package dev.geminipi.wakeword;

import java.util.List;

/**
 * Listens for the configured wake words in the microphone's audio. Feed it every capture chunk;
 * it reports each {@link Detection} to the consumer given to {@link WakeWords#start}, from its
 * own thread. {@link WakeWords#start} returns a detector that does nothing when no wake word is
 * configured or none could be loaded, so callers never need to ask.
 */
public interface WakeWordDetector extends AutoCloseable {

  /**
   * How long after its moment was captured a detection can come, at most: a second of frames
   * waiting for a slow CPU (more are dropped), the frame being filled, the frame being
   * processed, and one frame's time for the detection's way to the microphone. A microphone
   * that keeps this much audio beyond its pre-roll can always reach back from a
   * {@link Detection#streamSample()}.
   */
  int MAX_LAG_MS = DetectorThread.QUEUE_MS + 3 * DetectionRule.STEP_MS;

  /**
   * Takes {@code length} samples of 16 kHz mono audio from the start of {@code samples}, any
   * number at a time. Every sample counts towards the detections' stream positions, so feed it
   * every chunk the microphone captures. Called from one thread, the capture thread: it copies
   * the samples and never blocks, so the caller may reuse the array at once. When inference
   * falls behind, whole 80 ms frames are dropped and counted in {@link #droppedFrames()}.
   */
  void accept(short[] samples, int length);

  /** The words listened for, e.g. {@code hey_jarvis}; empty when there are none. */
  List<String> words();

  /** How many 80 ms frames were dropped because inference could not keep up. */
  long droppedFrames();

  /** Stops the inference thread and frees the models; later audio is ignored. */
  @Override
  void close();
}
