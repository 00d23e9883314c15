package dev.geminipi.camera;

import java.util.Optional;

// A camera that cannot even be started (its program is missing): every request fails at once
// with the reason, and nothing is retried, because installing a program needs the user.
final class BrokenFrameSource implements FrameSource {
  private final String problem;

  BrokenFrameSource(String problem) {
    this.problem = problem;
  }

  @Override
  public Optional<Frame> newest() {
    return Optional.empty();
  }

  @Override
  public Frame awaitFrame(long afterNanos, long timeoutNanos) throws CameraException {
    throw new CameraException(problem);
  }

  @Override
  public Optional<String> problem() {
    return Optional.of(problem);
  }

  @Override
  public void close() {
  }
}
