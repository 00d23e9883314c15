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
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
  @TempDir
  Path dir;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    timers.shutdownNow();
  }

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
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
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
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
      assertEquals("{\"ok\":true,\"cmd\":\"talk\"}\n{\"ok\":true,\"cmd\":\"hangup\"}\n",
          raw(socket, "{\"cmd\":\"talk\"}\n\n{\"cmd\":\"hangup\"}\n"));
    }
  }

  @Test
  void badRequests_getPlainErrors() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
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
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
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
        + "gemini-pi), or pass --socket PATH or set GEMINI_PI_SOCKET", e.getMessage());
  }

  @Test
  void missingDirectory_isExplained() {
    Path socket = dir.resolve("no/such/dir/c.sock");
    var e = assertThrows(java.io.IOException.class,
        () -> ControlServer.start(socket, ControlSocketTest::echo, timers));
    assertTrue(e.getMessage().startsWith("the directory " + socket.getParent()
        + " does not exist; systemd creates it through RuntimeDirectory="), e.getMessage());
  }

  @Test
  void liveSocket_secondServerRefused_withThePid_andTheFirstKeepsItsSocket() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer first = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
      SocketInUse e = assertThrows(SocketInUse.class,
          () -> ControlServer.start(socket, ControlSocketTest::echo, timers));
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
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
      assertTrue(ControlClient.ask(socket, new JsonObject().add("cmd", "x")).getBoolean("ok",
          false));
    }
  }

  private static SocketChannel connect(Path socket) throws IOException {
    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
    c.connect(UnixDomainSocketAddress.of(socket));
    return c;
  }

  /**
   * Everything the server sends until it closes the connection, read on a virtual thread. A
   * close with our bytes unread makes the end a reset rather than EOF; what came before counts.
   */
  private static Future<String> untilClosed(SocketChannel c) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      try {
        InputStream in = Channels.newInputStream(c);
        byte[] b = new byte[512];
        for (int n; (n = in.read(b)) >= 0; ) {
          got.write(b, 0, n);
        }
      } catch (IOException e) {
        // reset: the server closed with our bytes unread
      }
      f.complete(got.toString(StandardCharsets.UTF_8));
    });
    return f;
  }

  private static void send(SocketChannel c, String text) throws IOException {
    c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sixteenIdleClients_aNewcomerTakesTheLongestWaitingPlace_andIsAnswered() throws Exception {
    Path socket = dir.resolve("c.sock");
    List<SocketChannel> idle = new ArrayList<>();
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers)) {
      for (int i = 0; i < 16; i++) {
        idle.add(connect(socket));
      }
      Future<String> first = untilClosed(idle.get(0));
      assertEquals("{\"ok\":true,\"cmd\":\"status\"}", ControlClient.ask(socket,
          new JsonObject().add("cmd", "status")).toString());
      assertEquals("", first.get(5, TimeUnit.SECONDS), "the longest-waiting client was closed");
      send(idle.get(1), "{\"cmd\":\"talk\"}\n");
      idle.get(1).shutdownOutput();
      assertEquals("{\"ok\":true,\"cmd\":\"talk\"}\n", untilClosed(idle.get(1))
          .get(5, TimeUnit.SECONDS), "the others are still served");
    } finally {
      for (SocketChannel c : idle) {
        c.close();
      }
    }
  }

  @Test
  void sixteenBusyClients_theNextGetsOneLineErrorAndIsClosed() throws Exception {
    Path socket = dir.resolve("c.sock");
    CountDownLatch arrived = new CountDownLatch(16);
    CompletableFuture<JsonObject> release = new CompletableFuture<>();
    List<SocketChannel> busy = new ArrayList<>();
    try (ControlServer server = ControlServer.start(socket, r -> {
      arrived.countDown();
      return release;
    }, timers)) {
      for (int i = 0; i < 16; i++) {
        SocketChannel c = connect(socket);
        send(c, "{\"cmd\":\"status\"}\n");
        busy.add(c);
      }
      assertTrue(arrived.await(5, TimeUnit.SECONDS), "16 requests reached the handler");
      try (SocketChannel next = connect(socket)) {
        assertEquals("{\"ok\":false,\"error\":\"the daemon is busy with 16 control clients; "
            + "try again in a moment\"}\n", untilClosed(next).get(5, TimeUnit.SECONDS));
      }
      release.complete(new JsonObject().add("ok", true));
      busy.get(0).shutdownOutput();
      assertEquals("{\"ok\":true}\n", untilClosed(busy.get(0)).get(5, TimeUnit.SECONDS));
    } finally {
      for (SocketChannel c : busy) {
        c.close();
      }
    }
  }

  @Test
  void idleClient_andHalfALine_closedAfterIdleMs() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers,
        new ControlServer.Limits(16, 4096, 200), System::nanoTime);
         SocketChannel silent = connect(socket);
         SocketChannel slow = connect(socket)) {
      send(slow, "{\"cmd\":");
      assertEquals("", untilClosed(silent).get(5, TimeUnit.SECONDS));
      assertEquals("", untilClosed(slow).get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void twelveMegabyteLine_oneErrorLine_andTheRestIsNeverRead() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (ControlServer server = ControlServer.start(socket, ControlSocketTest::echo, timers);
         SocketChannel c = connect(socket)) {
      Future<String> answer = untilClosed(c);
      AtomicLong accepted = new AtomicLong();
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      try {
        while (accepted.get() < 12L * 1024 * 1024) {
          chunk.clear();
          accepted.addAndGet(c.write(chunk));
        }
      } catch (IOException e) {
        // the server closed its end: what we could not write was never read
      }
      assertEquals("{\"ok\":false,\"error\":\"request line over 4096 bytes; send one short "
          + "JSON object per line, e.g. {\\\"cmd\\\":\\\"status\\\"}\"}\n",
          answer.get(5, TimeUnit.SECONDS));
      System.out.println("bytes the kernel took before the server closed: " + accepted.get());
      assertTrue(accepted.get() < 2 * 1024 * 1024, "the server stopped reading after 4 KiB, so "
          + "the socket buffers filled and the write failed; accepted " + accepted.get());
    }
  }
}
