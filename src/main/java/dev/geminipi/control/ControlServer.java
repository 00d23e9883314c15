package dev.geminipi.control;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.control.Clients.Client;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix stream socket, one JSON object per line each way.
 * Each request is handed to the handler (which posts it to the state machine) and its
 * answer written back; a client never touches daemon state itself (STYLE 11). Clients are
 * served on virtual threads (STYLE 15). Wire texts are public surface (DESIGN.md).
 *
 * <p>No local client can wedge it (issue 13, point 4): at most {@link Limits#maxClients} are
 * served at once (see {@link Clients} for who gets a slot), a client that sends no complete
 * line for {@link Limits#idleMs} is closed, a line is read as bytes into one fixed buffer of
 * {@link Limits#maxLineBytes}, and the accept loop survives every error, "Too many open files"
 * included, by backing off and going on.
 */
public final class ControlServer implements AutoCloseable {
  /**
   * @param maxClients clients served at once; the CLI needs one, so 16 leaves room
   * @param maxLineBytes the longest request line; a control command is a few hundred bytes
   * @param idleMs a client is closed after this long without a complete request line
   */
  record Limits(int maxClients, int maxLineBytes, long idleMs) {
    static Limits defaults() {
      return new Limits(16, 4096, 5_000);
    }
  }

  static final long ANSWER_TIMEOUT_MS = 10_000;
  /** Back-off of a failing accept: from a blink to a second, so a full fd table can drain. */
  static final long FIRST_BACKOFF_MS = 10;
  static final long MAX_BACKOFF_MS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  private final Path path;
  private final Function<JsonObject, CompletableFuture<JsonObject>> handler;
  private final ServerSocketChannel channel;
  private final Limits limits;
  private final LongSupplier nanoTime;
  private final Clients clients;
  private ScheduledFuture<?> reaper;
  private volatile boolean closed;

  private ControlServer(Path path, ServerSocketChannel channel,
      Function<JsonObject, CompletableFuture<JsonObject>> handler, Limits limits,
      LongSupplier nanoTime) {
    this.path = path;
    this.channel = channel;
    this.handler = handler;
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.clients = new Clients(limits.maxClients());
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
   * is left alone and {@link SocketInUse} thrown.
   *
   * @param timers the daemon's scheduler; the idle-client check runs on it once a second
   */
  public static ControlServer start(Path path,
      Function<JsonObject, CompletableFuture<JsonObject>> handler,
      ScheduledExecutorService timers) throws IOException {
    return start(path, handler, timers, Limits.defaults(), System::nanoTime);
  }

  static ControlServer start(Path path,
      Function<JsonObject, CompletableFuture<JsonObject>> handler,
      ScheduledExecutorService timers, Limits limits, LongSupplier nanoTime)
      throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IOException("the directory " + parent + " does not exist; systemd creates it "
          + "through RuntimeDirectory=, elsewhere set control.socket to a writable path");
    }
    Optional<String> other = inUse(path);
    if (other.isPresent()) {
      throw new SocketInUse(other.get());
    }
    Files.deleteIfExists(path);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(path));
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    } catch (UnsupportedOperationException e) {
      log.debug("cannot set socket permissions on this file system");
    }
    ControlServer server = new ControlServer(path, channel, handler, limits, nanoTime);
    long everyMs = Math.max(50, Math.min(1_000, limits.idleMs() / 4));
    server.reaper = timers.scheduleWithFixedDelay(server::closeOverdue, everyMs, everyMs,
        TimeUnit.MILLISECONDS);
    Thread.ofVirtual().name("control-accept").start(server::acceptLoop);
    return server;
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    long backoffMs = FIRST_BACKOFF_MS;
    long failures = 0;
    while (!closed) {
      try {
        SocketChannel client = channel.accept();
        if (failures > 0) {
          log.info("control socket {} accepts again after {} failed attempts", path, failures);
          failures = 0;
          backoffMs = FIRST_BACKOFF_MS;
        }
        admit(client);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        // EMFILE ("Too many open files") and its kin pass: wait, then accept again. Only the
        // first failure of a run is a WARN, so a flood cannot flood the journal too.
        if (closed) {
          return;
        }
        if (failures++ == 0) {
          log.warn("control socket {} cannot accept a client: {}; retrying with back-off",
              path, e.toString());
        } else {
          log.debug("control socket {} still cannot accept: {}", path, e.toString());
        }
        try {
          // The accept thread's own wait: nothing else is timed by it (STYLE 12).
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
    }
  }

  private void admit(SocketChannel channel) {
    Client client = new Client(channel, nanoTime.getAsLong());
    Clients.Admission a = clients.admit(client);
    if (a.displaced() != null) {
      quietlyClose(a.displaced().channel);
    }
    if (!a.admitted()) {
      // A fresh connection's send buffer is empty, so this short write cannot block.
      try (channel) {
        write(channel, error("the daemon is busy with " + limits.maxClients() + " control "
            + "clients; try again in a moment"));
      } catch (IOException e) {
        log.debug("refused control client went away: {}", e.getMessage());
      }
      return;
    }
    try {
      Thread.ofVirtual().name("control-client").start(() -> serve(client));
    } catch (RuntimeException | OutOfMemoryError e) {
      clients.remove(client);
      quietlyClose(channel);
      throw e;
    }
  }

  private void serve(Client client) {
    SocketChannel channel = client.channel;
    ByteBuffer buffer = ByteBuffer.allocate(limits.maxLineBytes());
    byte[] bytes = buffer.array();
    int scanned = 0;
    try (channel) {
      while (channel.read(buffer) >= 0) {
        int lineStart = 0;
        for (int i = scanned; i < buffer.position(); i++) {
          if (bytes[i] != '\n') {
            continue;
          }
          String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
          lineStart = i + 1;
          if (line.isBlank()) {
            continue;
          }
          if (!clients.busy(client, nanoTime.getAsLong())) {
            return;
          }
          write(channel, answer(line));
          if (!clients.waiting(client, nanoTime.getAsLong())) {
            return;
          }
        }
        int kept = buffer.position() - lineStart;
        System.arraycopy(bytes, lineStart, bytes, 0, kept);
        buffer.position(kept);
        scanned = kept;
        if (!buffer.hasRemaining()) {
          // The rest of the line is never read: a 12 MB line costs this buffer and no more.
          write(channel, error("request line over " + limits.maxLineBytes() + " bytes; send "
              + "one short JSON object per line, e.g. {\"cmd\":\"status\"}"));
          return;
        }
      }
    } catch (IOException e) {
      log.debug("control client went away: {}", e.getMessage());
    } finally {
      clients.remove(client);
    }
  }

  private void closeOverdue() {
    long idleNanos = TimeUnit.MILLISECONDS.toNanos(limits.idleMs());
    long busyNanos = TimeUnit.MILLISECONDS.toNanos(ANSWER_TIMEOUT_MS) + idleNanos;
    for (Client c : clients.overdue(nanoTime.getAsLong(), idleNanos, busyNanos)) {
      log.debug("closing a control client idle for over {} ms", limits.idleMs());
      quietlyClose(c.channel);
    }
  }

  private static void write(SocketChannel channel, JsonObject answer) throws IOException {
    ByteBuffer out = ByteBuffer.wrap((answer.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  private static void quietlyClose(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing a control client: {}", e.getMessage());
    }
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
    if (reaper != null) {
      reaper.cancel(false);
    }
    clients.clear().forEach(c -> quietlyClose(c.channel));
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
