package dev.geminipi.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
  @TempDir
  Path dir;

  private static CompletableFuture<JsonObject> echo(JsonObject request) {
    return CompletableFuture.completedFuture(new JsonObject().add("ok", true)
        .add("cmd", request.getString("cmd", "")));
  }

  private static String raw(Path socket, String lines) throws Exception {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8)));
      c.shutdownOutput();
      return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void request_getsTheHandlersAnswer_andSocketIsGroupOnly() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo)) {
      JsonObject answer = ControlClient.ask(socket, new JsonObject().add("cmd", "status"));
      assertEquals("{\"ok\":true,\"cmd\":\"status\"}", answer.toString());
      assertEquals("rw-rw----", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(socket)));
    }
    assertFalse(Files.exists(socket), "close removes the socket file");
  }

  @Test
  void severalLinesOnOneConnection_eachAnswered() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo)) {
      assertEquals("{\"ok\":true,\"cmd\":\"talk\"}\n{\"ok\":true,\"cmd\":\"hangup\"}\n",
          raw(socket, "{\"cmd\":\"talk\"}\n\n{\"cmd\":\"hangup\"}\n"));
    }
  }

  @Test
  void badRequests_getPlainErrors() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo)) {
      assertEquals("{\"ok\":false,\"error\":\"send an object with a \\\"cmd\\\", e.g. "
          + "{\\\"cmd\\\":\\\"status\\\"}\"}\n", raw(socket, "{\"command\":\"talk\"}\n"));
      assertTrue(raw(socket, "talk\n").startsWith("{\"ok\":false,\"error\":\"not JSON: "));
      assertEquals("{\"ok\":false,\"error\":\"send an object with a \\\"cmd\\\", e.g. "
          + "{\\\"cmd\\\":\\\"status\\\"}\"}\n", raw(socket, "[1]\n"));
    }
  }

  @Test
  void staleSocketFile_isReplaced() throws Exception {
    Path socket = dir.resolve("c.sock");
    Files.writeString(socket, "left over from a crash");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo)) {
      assertTrue(ControlClient.ask(socket, new JsonObject().add("cmd", "x")).getBoolean("ok",
          false));
    }
  }

  @Test
  void noDaemon_saysSoPlainly() {
    Path socket = dir.resolve("none.sock");
    ControlClient.Unreachable e = assertThrows(ControlClient.Unreachable.class,
        () -> ControlClient.ask(socket, new JsonObject().add("cmd", "status")));
    assertEquals("no daemon is listening at " + socket + "; is it running? (systemctl status "
        + "gemini-pi), or pass --socket PATH", e.getMessage());
  }

  @Test
  void missingDirectory_isExplained() {
    Path socket = dir.resolve("no/such/dir/c.sock");
    var e = assertThrows(java.io.IOException.class,
        () -> ControlServer.start(socket, ControlSocketTest::echo));
    assertTrue(e.getMessage().startsWith("the directory " + socket.getParent()
        + " does not exist; systemd creates it through RuntimeDirectory="), e.getMessage());
  }

  @Test
  void liveSocket_secondServerRefused_withThePid_andTheFirstKeepsItsSocket() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer first = ControlServer.start(socket, ControlSocketTest::echo)) {
      ControlServer.InUse e = assertThrows(ControlServer.InUse.class,
          () -> ControlServer.start(socket, ControlSocketTest::echo));
      assertEquals("another gemini-pi is running (pid " + ProcessHandle.current().pid()
          + ") on " + socket, e.getMessage());
      assertTrue(ControlClient.ask(socket, new JsonObject().add("cmd", "status"))
          .getBoolean("ok", false), "the first server still answers on its own socket");
    }
  }

  @Test
  void staleSocketWithNoListener_isReplaced() throws Exception {
    Path socket = dir.resolve("c.sock");
    java.nio.channels.ServerSocketChannel killed = java.nio.channels.ServerSocketChannel.open(
        StandardProtocolFamily.UNIX);
    killed.bind(UnixDomainSocketAddress.of(socket));
    killed.close(); // as SIGKILL leaves it: the file stays, nobody accepts
    assertTrue(Files.exists(socket));
    assertTrue(ControlServer.inUse(socket).isEmpty());
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo)) {
      assertTrue(ControlClient.ask(socket, new JsonObject().add("cmd", "x")).getBoolean("ok",
          false));
    }
  }
}
