package dev.geminipi.control;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's side of the control socket: one request, one answer. */
public final class ControlClient {
  /** Why the daemon could not be asked, in plain words. */
  public static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message);
    }
  }

  private ControlClient() {
  }

  public static JsonObject ask(Path socket, JsonObject request) throws Unreachable {
    if (!Files.exists(socket)) {
      throw new Unreachable("no daemon is listening at " + socket + "; is it running? "
          + "(systemctl status gemini-pi), or pass --socket PATH or set GEMINI_PI_SOCKET");
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      Channels.newOutputStream(channel).write((request.toString() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(
          Channels.newInputStream(channel), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new Unreachable("the daemon closed the connection without an answer");
      }
      JsonValue v = Json.parse(line);
      if (!v.isObject()) {
        throw new Unreachable("the daemon answered something that is not an object");
      }
      return v.asObject();
    } catch (AccessDeniedException e) {
      throw new Unreachable("not allowed to use " + socket + "; add yourself to the gemini-pi "
          + "group (sudo usermod -aG gemini-pi $USER) or use sudo");
    } catch (ParseException e) {
      throw new Unreachable("the daemon answered something that is not JSON");
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Permission denied")) {
        throw new Unreachable("not allowed to use " + socket + "; add yourself to the gemini-pi "
            + "group (sudo usermod -aG gemini-pi $USER) or use sudo");
      }
      if (m.contains("Connection refused")) {
        throw new Unreachable("no daemon is listening at " + socket + " (a stale socket file); "
            + "is it running? (systemctl status gemini-pi)");
      }
      throw new Unreachable("cannot talk to the daemon at " + socket + ": " + m);
    }
  }
}
