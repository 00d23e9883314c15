package dev.geminipi.home;

import com.eclipsesource.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Controls that record what Home Assistant asked for, one line each, for tests of MqttHome. */
final class RecordingControls implements Controls {
  final LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
  volatile JsonObject outputs = new JsonObject();
  volatile double volume = 0.8;
  volatile boolean muted;

  @Override
  public CompletableFuture<JsonObject> command(JsonObject request) {
    if (!request.getString("cmd", "").equals("status")) {
      calls.add(request.toString());
    }
    return CompletableFuture.completedFuture(new JsonObject().add("ok", true)
        .add("lastError", ""));
  }

  @Override
  public void callTool(String callId, String tool, JsonObject args) {
    calls.add(callId + " " + tool + " " + args);
  }

  @Override
  public JsonObject outputs() {
    return outputs;
  }

  @Override
  public Optional<Boolean> level(int pin) {
    return Optional.of(false);
  }

  @Override
  public void volume(double v) {
    volume = v;
    calls.add("volume " + v);
  }

  @Override
  public double volume() {
    return volume;
  }

  @Override
  public void mute(boolean on) {
    muted = on;
    calls.add("mute " + on);
  }

  @Override
  public boolean muted() {
    return muted;
  }

  String take() throws InterruptedException {
    String c = calls.poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no call from Home Assistant reached the controls in 10 s");
    }
    return c;
  }
}
