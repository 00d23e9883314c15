package dev.geminipi.daemon;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.audio.DuplexGate;
import dev.geminipi.audio.Speaker;
import dev.geminipi.conversation.Event;
import dev.geminipi.conversation.EventQueue;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.home.Controls;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.ToolRouter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Home Assistant's hands, on the device's own paths: commands are posted to the state machine
 * exactly as the control socket posts them, tool calls go through the router exactly as the
 * model's do (same lanes, limits and audit line).
 */
final class HomeControls implements Controls {
  /** The asker in confirmation audit lines (public surface). */
  static final String SOURCE = "mqtt";

  private final EventQueue queue;
  private final ToolRouter router;
  private final Gpio gpio;
  private final Speaker speaker;
  private final DuplexGate gate;
  private final MutableLed led;

  HomeControls(EventQueue queue, ToolRouter router, Gpio gpio, Speaker speaker, DuplexGate gate,
      MutableLed led) {
    this.queue = queue;
    this.router = router;
    this.gpio = gpio;
    this.speaker = speaker;
    this.gate = gate;
    this.led = led;
  }

  @Override
  public CompletableFuture<JsonObject> command(JsonObject request) {
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    queue.post(new Event.Control(request, reply));
    return reply;
  }

  @Override
  public void callTool(String callId, String tool, JsonObject args) {
    router.call(new ServerEvent.FunctionCall(callId, tool, args), SOURCE);
  }

  @Override
  public JsonObject outputs() {
    return router.status();
  }

  @Override
  public Optional<Boolean> level(int pin) {
    return gpio.level(pin);
  }

  @Override
  public void volume(double volume) {
    speaker.setVolume(volume);
  }

  @Override
  public double volume() {
    return speaker.volume();
  }

  @Override
  public void mute(boolean on) {
    gate.mute(on);
    led.muted(on);
  }

  @Override
  public boolean muted() {
    return gate.muted();
  }
}
