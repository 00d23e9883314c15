package dev.geminipi.control;

import java.io.IOException;

/** Another process listens on the control socket path: this daemon must not start. */
public final class SocketInUse extends IOException {
  SocketInUse(String message) {
    super(message);
  }
}
