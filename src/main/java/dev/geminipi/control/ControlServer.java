package dev.geminipi.control;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix stream socket, one JSON object per line each way.
 * Each request is handed to the handler (which posts it to the state machine) and its
 * answer written back; a client never touches daemon state itself (STYLE 11). Clients are
 * served on virtual threads (STYLE 15). Wire texts are public surface (DESIGN.md).
 */
public final class ControlServer implements AutoCloseable {
  /** A request line may not be longer than this; a control command is a few hundred bytes. */
  static final int MAX_LINE_CHARS = 64 * 1024;
  static final long ANSWER_TIMEOUT_MS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  private final Path path;
  private final Function<JsonObject, CompletableFuture<JsonObject>> handler;
  private final ServerSocketChannel channel;
  private volatile boolean closed;

  private ControlServer(Path path, ServerSocketChannel channel,
      Function<JsonObject, CompletableFuture<JsonObject>> handler) {
    this.path = path;
    this.channel = channel;
    this.handler = handler;
  }

  /** Another process listens on the socket path: this daemon must not start. */
  public static final class InUse extends IOException {
    InUse(String message) {
      super(message);
    }
  }

  /**
   * "another gemini-pi is running (pid N) on PATH" when a process listens on {@code path};
   * empty when nothing does (no file, or a stale one from a killed run).
   */
  public static Optional<String> inUse(Path path) {
    return SocketOwner.inUse(path);
  }

  /**
   * Binds the socket (mode 0660, so the owner's group may use the CLI) and starts accepting.
   * A stale socket file from a crashed run is replaced; a socket another process listens on
   * is left alone and {@link InUse} thrown.
   */
  public static ControlServer start(Path path,
      Function<JsonObject, CompletableFuture<JsonObject>> handler) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IOException("the directory " + parent + " does not exist; systemd creates it "
          + "through RuntimeDirectory=, elsewhere set control.socket to a writable path");
    }
    Optional<String> other = inUse(path);
    if (other.isPresent()) {
      throw new InUse(other.get());
    }
    Files.deleteIfExists(path);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(path));
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    } catch (UnsupportedOperationException e) {
      log.debug("cannot set socket permissions on this file system");
    }
    ControlServer server = new ControlServer(path, channel, handler);
    Thread.ofVirtual().name("control-accept").start(server::acceptLoop);
    return server;
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = channel.accept();
        Thread.ofVirtual().name("control-client").start(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          log.warn("control socket {} stopped accepting: {}", path, e.getMessage());
        }
        return;
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client;
         BufferedReader in = new BufferedReader(new InputStreamReader(
             Channels.newInputStream(client), StandardCharsets.UTF_8));
         OutputStream out = Channels.newOutputStream(client)) {
      String line;
      while ((line = readLine(in)) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject answer = answer(line);
        out.write((answer.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      log.debug("control client went away: {}", e.getMessage());
    }
  }

  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        return b.toString();
      }
      if (b.length() >= MAX_LINE_CHARS) {
        throw new IOException("request line over " + MAX_LINE_CHARS + " characters");
      }
      b.append((char) c);
    }
    return b.isEmpty() ? null : b.toString();
  }

  private JsonObject answer(String line) {
    JsonValue request;
    try {
      request = Json.parse(line);
    } catch (ParseException e) {
      return error("not JSON: " + e.getMessage() + "; send one object per line, e.g. "
          + "{\"cmd\":\"status\"}");
    }
    JsonValue cmd = request.isObject() ? request.asObject().get("cmd") : null;
    if (cmd == null || !cmd.isString()) {
      return error("send an object with a \"cmd\", e.g. {\"cmd\":\"status\"}");
    }
    try {
      return handler.apply(request.asObject()).get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted");
    } catch (ExecutionException e) {
      log.error("control command {} failed", line, e.getCause());
      return error("internal error: " + e.getCause());
    } catch (TimeoutException e) {
      return error("the daemon did not answer within " + ANSWER_TIMEOUT_MS + " ms");
    }
  }

  /** {@code {"ok":false,"error":"…"}}. */
  public static JsonObject error(String message) {
    return new JsonObject().add("ok", false).add("error", message);
  }

  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing control socket: {}", e.getMessage());
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", path, e.getMessage());
    }
  }
}
