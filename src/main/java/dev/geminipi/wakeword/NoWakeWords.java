package dev.geminipi.wakeword;

import java.util.List;

/** The detector when no wake word is configured or loadable: the capture path stays free. */
enum NoWakeWords implements WakeWordDetector {
  INSTANCE;

  @Override
  public void accept(short[] samples, int length) {
  }

  @Override
  public List<String> words() {
    return List.of();
  }

  @Override
  public long droppedFrames() {
    return 0;
  }

  @Override
  public void close() {
  }
}
