package dev.geminipi.testkit;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.conversation.Ports;
import dev.geminipi.live.ServerEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The actuators port as a recorder, for tests about the conversation rather than the pins
 * (STYLE 19): the calls it was handed, interruptions, rests, and what the confirmation gate
 * would hear. It answers nothing unless the test gives it an answerer.
 */
public final class RecordingTools implements Ports.Actuators {
  private final List<ServerEvent.FunctionCall> calls = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final AtomicInteger interruptions = new AtomicInteger();
  private final AtomicInteger rests = new AtomicInteger();
  private volatile Consumer<ServerEvent.FunctionCall> answerer = c -> { };
  private volatile JsonObject status = new JsonObject();

  /** Each call is also handed to {@code a}, e.g. to answer it on the session. */
  public RecordingTools answering(Consumer<ServerEvent.FunctionCall> a) {
    answerer = a;
    return this;
  }

  /** What {@link #status} reports. */
  public RecordingTools reporting(JsonObject s) {
    status = s;
    return this;
  }

  /** The calls handed over so far (live; a test may clear it). */
  public List<ServerEvent.FunctionCall> calls() {
    return calls;
  }

  public List<String> cancelled() {
    return List.copyOf(cancelled);
  }

  /** "started by ORIGIN", "user: …" and "model: …", in order. */
  public List<String> heard() {
    return List.copyOf(heard);
  }

  public int interruptions() {
    return interruptions.get();
  }

  public int rests() {
    return rests.get();
  }

  @Override
  public void call(List<ServerEvent.FunctionCall> batch) {
    for (ServerEvent.FunctionCall c : batch) {
      calls.add(c);
      answerer.accept(c);
    }
  }

  @Override
  public void cancel(List<String> ids) {
    cancelled.addAll(ids);
  }

  @Override
  public void interrupted() {
    interruptions.incrementAndGet();
  }

  @Override
  public void rest() {
    rests.incrementAndGet();
  }

  @Override
  public JsonObject status() {
    return status;
  }

  @Override
  public void conversationStarted(Ports.Origin origin) {
    heard.add("started by " + origin);
  }

  @Override
  public void userSaid(String text) {
    heard.add("user: " + text);
  }

  @Override
  public void modelSaid(String text) {
    heard.add("model: " + text);
  }
}
