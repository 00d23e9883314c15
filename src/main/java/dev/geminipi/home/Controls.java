package dev.geminipi.home;

import com.eclipsesource.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/**
 * What Home Assistant may do to the device, each through the path the device's own users take:
 * control-socket commands go to the state machine as the socket's do, tool commands go through
 * the tool router like the model's calls, with the same safety envelope and audit line. Every
 * method returns at once.
 */
public interface Controls {
  /** A control-socket request ({@code talk}, {@code say}, {@code hangup}, {@code status}). */
  CompletableFuture<JsonObject> command(JsonObject request);

  /**
   * A call of the owner's tool {@code tool}; its answer comes back through
   * {@link Home#toolAnswered} with the same {@code callId}.
   */
  void callTool(String callId, String tool, JsonObject args);

  /** {@code {"set_lamp":{"pin":22,"on":true}}}, as {@code status} shows the outputs. */
  JsonObject outputs();

  /** The line level of an input pin now, if it is open. */
  java.util.Optional<Boolean> level(int pin);

  void volume(double volume);

  double volume();

  /** A real mute: nothing is captured while it is on, and the LED shows it. */
  void mute(boolean on);

  boolean muted();
}
