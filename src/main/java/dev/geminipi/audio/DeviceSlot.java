package dev.geminipi.audio;

import java.util.Optional;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import org.slf4j.Logger;

// The configured device of one direction: finds it by name, opens it, and turns failures into one
// WARN line that names the key, what exists and what happens next (STYLE 23); the same failure again
// goes to DEBUG. Devices are looked up afresh on every attempt, because javax.sound re-enumerates
// when the number of ALSA devices changes, which is how a replugged USB device comes back.
final class DeviceSlot<L extends DataLine> {

  interface Opener<L extends DataLine> {
    LineOpener.Opened<L> open(Mixer mixer, int bufferMs) throws LineUnavailableException;
  }

  private final String role;
  private final String key;
  private final String part;
  private final Class<L> type;
  private final Opener<L> opener;
  private final Logger log;
  private String lastProblem = "";
  private boolean failedBefore;

  DeviceSlot(String role, String key, String part, Class<L> type, Opener<L> opener, Logger log) {
    this.role = role;
    this.key = key;
    this.part = part;
    this.type = type;
    this.opener = opener;
    this.log = log;
  }

  /** The opened line, or null after logging why not; {@link #lastProblem()} then says why. */
  LineOpener.Opened<L> tryOpen(int bufferMs) {
    String problem;
    Optional<Mixer> mixer = Devices.find(part, type);
    if (mixer.isEmpty()) {
      // Public surface: pinned by tests.
      problem = key + " \"" + part + "\" matches no " + role + " device; " + role + " devices: "
          + Devices.names(type);
    } else {
      try {
        LineOpener.Opened<L> opened = opener.open(mixer.get(), bufferMs);
        log.info("{} device {} opened{}", role, opened.description(), failedBefore ? " again" : "");
        failedBefore = false;
        lastProblem = "";
        return opened;
      } catch (LineUnavailableException e) {
        problem = key + ": " + role + " device " + e.getMessage() + "; " + role + " devices: "
            + Devices.names(type);
      }
    }
    if (!problem.equals(lastProblem)) {
      log.warn("{}; retrying every few seconds (gemini-pi devices lists them)", problem);
    } else {
      log.debug("{}; still retrying", problem);
    }
    lastProblem = problem;
    failedBefore = true;
    return null;
  }

  /** Notes that an open line failed, so the next failure to open is logged at WARN again. */
  void lost(String why) {
    log.warn("{} device lost: {}; reopening", role, why);
    lastProblem = "";
    failedBefore = true;
  }

  String lastProblem() {
    return lastProblem;
  }
}
