package dev.geminipi.camera;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Ending a camera process: politely first, because rpicam-vid releases the camera cleanly on
// SIGTERM, and by force after a deadline, so a hung process can never keep the camera busy.
final class Processes {
  private static final Logger log = LoggerFactory.getLogger(Processes.class);

  private Processes() {
  }

  /** SIGTERM to the process and its children, SIGKILL after {@code timeoutMs}. */
  static void stop(Process p, long timeoutMs) {
    try {
      p.getOutputStream().close(); // a process that reads stdin may end on EOF by itself
    } catch (IOException e) {
      // already closed
    }
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    boolean interrupted = false;
    try {
      if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        log.debug("camera: pid {} ignored SIGTERM for {} ms; killing it", p.pid(), timeoutMs);
        p.destroyForcibly();
        p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      p.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
