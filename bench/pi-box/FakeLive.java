import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A small Live server for the emulated Pi (bench/pi-box.sh), which has no network: it answers
 * {@code setup} with {@code setupComplete}, turns a text {@code call NAME {ARGS}} from the
 * client (what {@code gemini-pi say} sends) into a {@code toolCall}, and ends the turn when the
 * {@code toolResponse} arrives. Like the service it writes JSON in binary frames. It runs on
 * the Java-WebSocket server inside the daemon's own jar, so the box needs nothing extra.
 *
 * <p>One line per event on stdout, e.g. {@code fake-live: <- toolResponse {...}}; the scenario
 * script reads them. Usage: {@code java -cp gemini-pi.jar:DIR FakeLive PORT}.
 */
public final class FakeLive extends WebSocketServer {
  private static final Pattern CALL = Pattern.compile("call (\\w+) (\\{.*})");
  private final AtomicInteger ids = new AtomicInteger();

  private FakeLive(int port) {
    super(new InetSocketAddress("127.0.0.1", port));
    setReuseAddr(true);
  }

  public static void main(String[] args) {
    new FakeLive(Integer.parseInt(args[0])).start();
  }

  @Override
  public void onStart() {
    say("listening on " + getAddress());
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    say("connection from " + conn.getRemoteSocketAddress() + " path "
        + handshake.getResourceDescriptor());
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer bytes) {
    onMessage(conn, StandardCharsets.UTF_8.decode(bytes).toString());
  }

  @Override
  public void onMessage(WebSocket conn, String text) {
    JsonObject message = Json.parse(text).asObject();
    String kind = message.names().isEmpty() ? "(empty)" : message.names().get(0);
    if (kind.equals("realtimeInput") && message.get(kind).asObject().get("audio") != null) {
      return;
    }
    say("<- " + kind + " " + abbreviate(message.get(kind).toString()));
    switch (kind) {
      case "setup" -> send(conn, new JsonObject().add("setupComplete", new JsonObject()));
      case "toolResponse" -> send(conn, new JsonObject().add("serverContent",
          new JsonObject().add("turnComplete", true)));
      default -> {
        Matcher call = CALL.matcher(strings(message, new StringBuilder()));
        if (call.find()) {
          String id = "pi-box-call-" + ids.incrementAndGet();
          send(conn, new JsonObject().add("toolCall", new JsonObject().add("functionCalls",
              new JsonArray().add(new JsonObject().add("name", call.group(1))
                  .add("args", Json.parse(call.group(2))).add("id", id)))));
        }
      }
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    say("closed " + code + " " + reason);
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    say("error " + e);
  }

  private void send(WebSocket conn, JsonObject message) {
    say("-> " + message);
    conn.send(message.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Every string in the message, one a line: the text of {@code realtimeInput} or a turn. */
  private static StringBuilder strings(JsonValue v, StringBuilder out) {
    if (v.isString()) {
      out.append(v.asString()).append('\n');
    } else if (v.isObject()) {
      v.asObject().forEach(member -> strings(member.getValue(), out));
    } else if (v.isArray()) {
      v.asArray().forEach(child -> strings(child, out));
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  private static void say(String line) {
    System.out.println("fake-live: " + line);
  }
}
