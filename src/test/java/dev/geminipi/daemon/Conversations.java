package dev.geminipi.daemon;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.control.ControlClient;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays one {@link Plan} against the running device: the user's side over the control socket,
 * the model's side through the fake Live server, each step checked on the wire, in the status
 * and in the log before the next. Waits are for the awaited thing itself, with a deadline.
 */
final class Conversations {
  /** Generous: two cores shared with other work, and a GC may fall into any step. */
  static final Duration STEP = Duration.ofSeconds(10);
  /** The config's idleTimeoutSec (the loader's minimum) plus a step. */
  static final Duration IDLE_END = Duration.ofSeconds(3).plus(STEP);
  static final String LAMP_ON = "{\"pin\":22,\"on\":true}";
  static final String LAMP_OFF = "{\"pin\":22,\"on\":false}";

  private final FakeLiveServer server;
  private final LogLines log;
  private final Path socket;
  private final byte[] answer = tone(24_000, 1000, 0.06);
  private final Map<Plan.Kind, Integer> done = new EnumMap<>(Plan.Kind.class);
  private int resumed;

  Conversations(FakeLiveServer server, LogLines log, Path socket) {
    this.server = server;
    this.log = log;
    this.socket = socket;
  }

  /** Runs it to its end and until the fake server holds no connection; throws if anything differs. */
  void run(Plan plan) {
    server.forget();
    log.clear();
    try {
      switch (plan.kind()) {
        case TALK -> talk(plan);
        case SAY_END -> sayThenEnd();
        case TOOL -> tool(plan);
        case LOOK -> look();
        case IDLE -> idle();
      }
      server.awaitNoConnections(STEP);
      // Nothing resumes them: the next conversation starts a fresh session. Kept, they would
      // grow the fake server's set by one or two handles a conversation.
      server.forgetHandles();
      Optional<?> refused = server.pollRejection();
      if (refused.isPresent()) {
        throw new SoakFailure("the fake server refused a message: " + refused.get());
      }
    } catch (RuntimeException | AssertionError e) {
      throw new SoakFailure("conversation " + plan.index() + " (" + plan.kind() + ", reconnect "
          + plan.reconnect() + "): " + e.getMessage());
    }
    done.merge(plan.kind(), 1, Integer::sum);
  }

  /** Reconnects that were checked to have resumed the session. */
  int resumed() {
    return resumed;
  }

  Map<Plan.Kind, Integer> done() {
    return Map.copyOf(done);
  }

  private void talk(Plan plan) {
    ask("{\"cmd\":\"talk\"}");
    Received setup = freshSetup();
    log.await("connecting -> listening (session ready)", STEP);
    micOnTheWire(setup.connection());
    reconnect(plan);
    answer();
    hangUp();
  }

  private void sayThenEnd() {
    ask("{\"cmd\":\"say\",\"text\":\"What time is it?\"}");
    freshSetup();
    // 3.8: a complete user turn.
    String text = server.takeMessage("clientContent", STEP).body().get("turns").asArray().get(0)
        .asObject().get("parts").asArray().get(0).asObject().getString("text", "");
    expect("What time is it?", text, "the said text on the wire");
    log.await("listening -> thinking (prompt sent)", STEP);
    answer();
    // As the model does it: the goodbye and the call in one turn (its declaration asks for a
    // goodbye first); the conversation ends when the goodbye has played.
    server.send(ServerMessages.outputTranscript("Goodbye."));
    server.send(ServerMessages.audio(answer));
    String id = server.sendToolCall("end_conversation", "{}").get(0);
    server.send(ServerMessages.turnComplete());
    expect(id, response().getString("id", ""), "end_conversation response id");
    log.await("-> idle (the model said goodbye)", STEP);
  }

  private void tool(Plan plan) {
    ask("{\"cmd\":\"talk\"}");
    freshSetup();
    log.await("connecting -> listening (session ready)", STEP);
    reconnect(plan);
    String id = server.sendToolCall("set_lamp", "{\"on\":true}").get(0);
    JsonObject r = response();
    expect(id, r.getString("id", ""), "set_lamp response id");
    expect("{\"status\":\"ok\",\"retryable\":false,\"message\":\"set_lamp is on now\","
        + "\"on\":true}", r.get("response").toString(), "set_lamp response");
    expect(LAMP_ON, lamp(), "the lamp in status after the call");
    answer();
    hangUp();
    log.awaitAnywhere("tool=set_lamp args=hangup pin=22 level=low", STEP);
    expect(LAMP_OFF, lamp(), "the lamp in status after hangup (restOnHangup)");
  }

  private void look() {
    ask("{\"cmd\":\"talk\"}");
    freshSetup();
    log.await("connecting -> listening (session ready)", STEP);
    String id = server.sendToolCall("look", "{}").get(0);
    byte[] jpeg = server.takeMessage("realtimeInput.video", STEP).data();
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new SoakFailure("the look frame is not a JPEG (" + jpeg.length + " bytes)");
    }
    expect(id, response().getString("id", ""), "look response id");
    answer();
    hangUp();
  }

  private void idle() {
    ask("{\"cmd\":\"talk\"}");
    freshSetup();
    log.await("connecting -> listening (session ready)", STEP);
    log.await("-> idle (nothing said for 3 s)", IDLE_END);
  }

  private void reconnect(Plan plan) {
    switch (plan.reconnect()) {
      case NONE -> {
        return;
      }
      case GO_AWAY -> {
        String handle = server.sendResumptionUpdate();
        server.goAway(Duration.ofSeconds(5));
        Received setup = server.takeMessage("setup", STEP);
        expect(handle, handleOf(setup), "the handle the goAway resumed with");
        log.await("ms (resumed)", STEP);
        micOnTheWire(setup.connection());
      }
      case DROP -> {
        String handle = server.sendResumptionUpdate();
        // The client answers a call sent after the handle, so it has read the handle (one
        // reader thread, frames in order) before the line drops; a handle still in flight
        // would be lost with the connection, and the session would rightly start afresh.
        String id = server.sendToolCall("set_lamp", "{\"on\":false}").get(0);
        expect(id, response().getString("id", ""), "set_lamp response id before the drop");
        server.abortConnection();
        log.await("-> offline (", STEP);
        Received setup = server.takeMessage("setup", STEP);
        expect(handle, handleOf(setup), "the handle the drop resumed with");
        log.await("offline -> listening (session resumed)", STEP);
        micOnTheWire(setup.connection());
      }
    }
    resumed++;
  }

  /** The model says a sentence (60 ms of it) and ends its turn; it plays and finishes. */
  private void answer() {
    server.send(ServerMessages.outputTranscript("Hello there."));
    server.send(ServerMessages.audio(answer));
    server.send(ServerMessages.turnComplete());
    log.await("-> speaking (model audio)", STEP);
    log.await("speaking -> listening (model finished)", STEP);
  }

  private void hangUp() {
    ask("{\"cmd\":\"hangup\"}");
    log.await("-> idle (hangup)", STEP);
  }

  /** A new conversation opens a new session: a setup without a handle. */
  private Received freshSetup() {
    Received setup = server.takeMessage("setup", STEP);
    if (!handleOf(setup).isEmpty()) {
      throw new SoakFailure("a new conversation resumed handle " + handleOf(setup));
    }
    return setup;
  }

  /** The microphone's chunks reach this connection (earlier ones may still be queued). */
  private void micOnTheWire(int connection) {
    while (server.takeMessage("realtimeInput.audio", STEP).connection() != connection) {
      // audio sent on the connection before, still in the queue
    }
  }

  private JsonObject response() {
    List<JsonValue> responses = server.takeMessage("toolResponse", STEP).body()
        .get("functionResponses").asArray().values();
    if (responses.size() != 1) {
      throw new SoakFailure("expected one function response, got " + responses);
    }
    return responses.get(0).asObject();
  }

  private String lamp() {
    return ask("{\"cmd\":\"status\"}").get("outputs").asObject().get("set_lamp").toString();
  }

  private JsonObject ask(String request) {
    JsonObject reply;
    try {
      reply = ControlClient.ask(socket, Json.parse(request).asObject());
    } catch (ControlClient.Unreachable e) {
      throw new SoakFailure(request + " over the control socket: " + e.getMessage());
    }
    if (!reply.getBoolean("ok", false)) {
      throw new SoakFailure(request + " answered " + reply);
    }
    return reply;
  }

  private static String handleOf(Received setup) {
    JsonValue r = setup.body().get("sessionResumption");
    return r == null ? "" : r.asObject().getString("handle", "");
  }

  private static void expect(String expected, String actual, String what) {
    if (!expected.equals(actual)) {
      throw new SoakFailure(what + ": expected " + expected + ", got " + actual);
    }
  }

  /** {@code seconds} of a sine at {@code hz}, 16-bit mono, half scale. */
  static byte[] tone(int rateHz, double hz, double seconds) {
    int n = (int) (rateHz * seconds);
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putShort((short) (16_000 * Math.sin(2 * Math.PI * hz * i / rateHz)));
    }
    return b.array();
  }
}
