package dev.geminipi.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * One scripted conversation of the soak: what the user and the model do, and whether the
 * connection is moved or lost in the middle of it.
 *
 * @param index position in the run; the mix follows from it, so every run is the same
 */
record Plan(int index, Kind kind, Reconnect reconnect) {
  /** What happens in the conversation. */
  enum Kind {
    /** talk, the microphone reaches the wire, the model answers, hangup. */
    TALK,
    /** say, the model answers, then calls end_conversation and says goodbye. */
    SAY_END,
    /** talk, the model switches the lamp (a mock pin), answers, hangup; the lamp rests. */
    TOOL,
    /** talk, the model calls look, a camera frame goes out before the answer, hangup. */
    LOOK,
    /** talk, then nothing is said until the idle timeout ends it. */
    IDLE
  }

  /** A reconnect after the session is ready, before the model answers. */
  enum Reconnect {
    NONE,
    /** goAway after a fresh resumption handle: the client moves to a new connection. */
    GO_AWAY,
    /** The TCP connection dropped without a close frame, as a lost Wi-Fi does. */
    DROP
  }

  private static final Kind[] ROTATION = {Kind.TALK, Kind.SAY_END, Kind.TOOL, Kind.LOOK};

  /**
   * The kinds take turns; every 100th is an idle timeout instead (each costs the 3 s timeout,
   * so they are few). One conversation in ten reconnects, goAway and drop taking turns every
   * twenty; those land on talk and tool conversations alternately.
   */
  static Plan of(int index) {
    Kind kind = index % 100 == 99 ? Kind.IDLE : ROTATION[index % ROTATION.length];
    Reconnect reconnect = index % 10 != 2 ? Reconnect.NONE
        : (index / 20) % 2 == 0 ? Reconnect.GO_AWAY : Reconnect.DROP;
    return new Plan(index, kind, reconnect);
  }

  /** The first {@code n} plans (every kind and both reconnects for n of 40), then an idle one. */
  static List<Plan> warmUp(int n) {
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      plans.add(of(i));
    }
    plans.add(new Plan(n, Kind.IDLE, Reconnect.NONE));
    return plans;
  }
}
