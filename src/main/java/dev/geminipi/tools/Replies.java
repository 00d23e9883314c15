package dev.geminipi.tools;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.util.Collection;

/**
 * The refusals a call can get before or instead of its action, each worded in one place, and
 * a call's arguments as the audit line shows them. The words are public surface: the model
 * says them to the user, and tests pin them.
 */
final class Replies {
  private Replies() {
  }

  static String args(ServerEvent.FunctionCall fc) {
    return fc.args() == null ? "{}" : fc.args().toString();
  }

  static JsonObject unknownTool(String name, Collection<String> tools) {
    JsonArray names = new JsonArray();
    tools.forEach(names::add);
    return Outcome.invalidArgument("there is no tool named \"" + name + "\"; "
        + (tools.isEmpty() ? "no tools are set up" : "the tools are "
        + String.join(", ", tools)), names);
  }

  static JsonObject shuttingDown(String tool) {
    return Outcome.error(Outcome.Status.UNAVAILABLE, false, tool + " is not available because "
        + "gemini-pi is shutting down");
  }

  static JsonObject notOpened(Tool t) {
    return Outcome.error(Outcome.Status.UNAVAILABLE, false, t.name() + " is not available "
        + "because GPIO " + t.pin() + " could not be opened");
  }

  static JsonObject busy(String tool, int waiting) {
    return Outcome.error(Outcome.Status.BUSY, true, tool + " is busy with " + waiting
        + " earlier calls; try again when they are done");
  }

  static JsonObject repeat(ServerEvent.FunctionCall fc, Calls.Opening.Repeat r) {
    return Outcome.ok("this repeats call " + r.firstId() + " to " + fc.name() + " with the "
        + "same arguments, which " + (r.done() ? "was carried out a moment ago"
        : "is being carried out now") + "; it was not done a second time")
        .set("repeat_of", r.firstId());
  }

  /** A GPIO that failed under a call; retrying will not mend the wiring. */
  static JsonObject fault(Tool t) {
    return Outcome.error(Outcome.Status.HARDWARE_FAULT, false, t.name() + " did not work "
        + "because of a hardware fault on GPIO " + t.pin());
  }
}
