package dev.geminipi.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) through JNA, which Pi4J's linuxfs plugin brings (docs/hardware.md §4.2):
 * READY=1 once the daemon is up, WATCHDOG=1 while it is healthy. Outside systemd
 * (no NOTIFY_SOCKET) every call does nothing.
 */
final class SystemdNotifier {
  /** The one function of libsystemd we need. */
  interface LibSystemd extends Library {
    int sd_notify(int unsetEnvironment, String state);
  }

  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

  private final LibSystemd lib;
  private final long watchdogUsec;

  private SystemdNotifier(LibSystemd lib, long watchdogUsec) {
    this.lib = lib;
    this.watchdogUsec = watchdogUsec;
  }

  static SystemdNotifier fromEnvironment(Map<String, String> env) {
    if (env.get("NOTIFY_SOCKET") == null) {
      return new SystemdNotifier(null, 0);
    }
    long usec = 0;
    try {
      usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
    } catch (NumberFormatException e) {
      log.warn("WATCHDOG_USEC is not a number: {}", env.get("WATCHDOG_USEC"));
    }
    // The soname first: the dynamic loader finds it (Main leaves JNA no search path of its own).
    for (String name : new String[] {"libsystemd.so.0", "systemd"}) {
      try {
        return new SystemdNotifier(Native.load(name, LibSystemd.class), usec);
      } catch (UnsatisfiedLinkError e) {
        log.debug("libsystemd as {}: {}", name, e.getMessage());
      }
    }
    log.warn("NOTIFY_SOCKET is set but libsystemd cannot be loaded; systemd will not hear "
        + "that gemini-pi is ready (install libsystemd0)");
    return new SystemdNotifier(null, 0);
  }

  /** Half the watchdog period in ms, as sd_watchdog_enabled(3) advises; 0 when there is none. */
  long watchdogEveryMs() {
    return watchdogUsec / 2000;
  }

  void ready(String status) {
    send("READY=1\nSTATUS=" + status);
  }

  void status(String status) {
    send("STATUS=" + status);
  }

  void watchdog() {
    send("WATCHDOG=1");
  }

  void stopping() {
    send("STOPPING=1");
  }

  void reloading() {
    send("RELOADING=1");
  }

  private void send(String state) {
    if (lib != null) {
      lib.sd_notify(0, state);
    }
  }
}
