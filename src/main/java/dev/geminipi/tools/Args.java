package dev.geminipi.tools;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.ToolConfig;

/**
 * Checks a call's arguments against what its action declared. Anything else is refused, an
 * unexpected argument too (a "duration" for a pulse must not be half obeyed), in words the
 * model can say aloud; these texts are public surface (STYLE 25).
 */
final class Args {

  private Args() {
  }

  /** The outcome: exactly one of the records. */
  sealed interface Checked {
  }

  /** Why not, and what would be accepted (the model asks the user instead of guessing). */
  record Refused(String error, JsonArray validOptions) implements Checked {
  }

  record Switch(boolean on) implements Checked {
  }

  record Percent(int percent) implements Checked {
  }

  record None() implements Checked {
  }

  static Checked check(ToolConfig t, JsonObject args) {
    JsonObject a = args == null ? new JsonObject() : args;
    return switch (t.action()) {
      case SWITCH -> checkSwitch(t.name(), a);
      case PWM -> checkPercent(t.name(), a);
      case TOGGLE, PULSE, READ -> a.isEmpty() ? new None()
          : new Refused(t.name() + " takes no arguments, not \"" + a.names().get(0) + "\"",
              new JsonArray().add(new JsonObject()));
    };
  }

  /** True when a checked call would move an output away from rest; a toggle may always. */
  static boolean leavesRest(ToolConfig t, Checked c) {
    return switch (c) {
      case Switch s -> s.on();
      case Percent p -> p.percent() > 0;
      case None n -> t.isOutput();
      case Refused r -> false;
    };
  }

  private static Checked checkSwitch(String name, JsonObject a) {
    Checked extra = onlyArgument(name, a, "on");
    if (extra != null) {
      return extra;
    }
    JsonValue on = a.get("on");
    if (on == null) {
      return new Refused(name + " needs \"on\": true to switch it on or false to switch it "
          + "off", switchOptions());
    }
    if (!on.isBoolean()) {
      return new Refused(name + " needs \"on\" to be true or false, not " + on,
          switchOptions());
    }
    return new Switch(on.asBoolean());
  }

  private static Checked checkPercent(String name, JsonObject a) {
    Checked extra = onlyArgument(name, a, "percent");
    if (extra != null) {
      return extra;
    }
    JsonValue p = a.get("percent");
    if (p == null) {
      return new Refused(name + " needs \"percent\": a number from 0 to 100", percentOptions());
    }
    if (!p.isNumber()) {
      return new Refused(name + " needs \"percent\" to be a number from 0 to 100, not " + p,
          percentOptions());
    }
    double percent = p.asDouble();
    if (!(percent >= 0 && percent <= 100)) {
      return new Refused(name + " needs \"percent\" from 0 to 100, not " + p, percentOptions());
    }
    // Pi4J takes whole percents; 40.4 is not worth refusing.
    return new Percent((int) Math.round(percent));
  }

  private static Checked onlyArgument(String name, JsonObject a, String allowed) {
    for (String n : a.names()) {
      if (!n.equals(allowed)) {
        return new Refused(name + " takes only \"" + allowed + "\", not \"" + n + "\"",
            allowed.equals("on") ? switchOptions() : percentOptions());
      }
    }
    return null;
  }

  /** The arguments a switch takes, as valid_options. */
  private static JsonArray switchOptions() {
    return new JsonArray().add(new JsonObject().set("on", true))
        .add(new JsonObject().set("on", false));
  }

  /** What a pwm takes, as valid_options: the schema's bounds. */
  private static JsonArray percentOptions() {
    return new JsonArray().add(new JsonObject().set("percent", "a number from 0 to 100"));
  }
}
