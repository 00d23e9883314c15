package dev.geminipi.camera;

/** No frame could be had; the message names the cause and the fix, for logs and {@code check}. */
public final class CameraException extends Exception {
  public CameraException(String message) {
    super(message);
  }
}
