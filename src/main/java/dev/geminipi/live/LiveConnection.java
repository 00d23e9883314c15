package dev.geminipi.live;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to the Live service, used once (Java-WebSocket clients cannot reconnect:
 * docs/hardware.md §6.1). It sends the setup first and holds every other message until
 * setupComplete arrives; callers never wait on the network (STYLE 14): they fill a
 * {@link SendQueue} that one writer thread drains in batches, framing and writing them itself
 * ({@link FrameWriter}); Java-WebSocket's own, unbounded queue carries only its handshake,
 * pings, pongs and the close frame. {@link #fail} and the socket's close both end in exactly
 * one {@link Listener#onClosed}.
 */
final class LiveConnection {
  /** Callbacks, on the socket's reader thread; they must not block. */
  interface Listener {
    void onEvents(LiveConnection connection, List<ServerEvent> events);

    void onClosed(LiveConnection connection, int code, String reason, Throwable error);
  }

  /** A server frame may be this big; larger ones close the socket with 1009. */
  static final int MAX_FRAME_BYTES = 16 << 20;
  /**
   * At most this much JSON goes out in one write: the queue's backlog after setupComplete or a
   * stall, without growing the writer's buffer for it.
   */
  private static final long BATCH_BYTES = 12 << 10;
  /** Seconds between pings; a dead Wi-Fi link is noticed within 1.5 times this. */
  private static final int PING_INTERVAL_SEC = 20;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  /** The reason this side closes with when callers outran a stalled link. */
  static final String OVER_CAP = "send queue over its cap: the link is stalled";

  /**
   * Why this side closed, when it did: the close code and reason alone cannot tell our own
   * 1000/1001 from the service's.
   */
  enum LocalCause {
    /** The session gave up waiting for setupComplete. */
    SETUP_TIMEOUT,
    /** Callers queued more than the send queue's cap: the link is stalled. */
    OVER_CAP,
    /** The session ended or moved to a new connection; nothing to explain. */
    DONE
  }
  /** How long a graceful close waits for the peer's close frame. */
  static final long CLOSE_DEADLINE_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);

  private final int id;
  private final String setupJson;
  private final Listener listener;
  private final SendQueue queue;
  private final ScheduledExecutorService scheduler;
  private final ServerEventDecoder decoder = new ServerEventDecoder();
  private final AtomicBoolean closedOnce = new AtomicBoolean();
  private final Socket socket;
  private volatile Throwable lastError;
  private final CountDownLatch errorSeen = new CountDownLatch(1);
  private volatile boolean writing;
  private volatile int[] pendingClose;
  private volatile String pendingReason = "";
  private final AtomicReference<LocalCause> localCause = new AtomicReference<>();

  LiveConnection(int id, URI uri, Map<String, String> headers, String setupJson,
      SendQueue queue, ScheduledExecutorService scheduler, Listener listener) {
    this.id = id;
    this.scheduler = scheduler;
    this.setupJson = setupJson;
    this.queue = queue;
    this.listener = listener;
    this.socket = new Socket(uri, headers);
  }

  int id() {
    return id;
  }

  void connect() {
    socket.connect();
  }

  /** False once the connection is closed or failing. {@code json} is handed over, not copied. */
  SendQueue.Offer send(byte[] json, boolean audio) {
    SendQueue.Offer offer = queue.offer(json, audio);
    if (offer == SendQueue.Offer.OVER_CAP) {
      close(LocalCause.OVER_CAP, 1001, OVER_CAP);
    }
    return offer;
  }

  /** Called when setupComplete has been decoded: lets queued messages go. */
  private void ready() {
    queue.release();
  }

  /** Why this side closed the connection; null while open or when the peer closed it. */
  LocalCause localCause() {
    return localCause.get();
  }

  /**
   * A graceful close; if the peer does not answer within {@link #CLOSE_DEADLINE_MS} the
   * socket is cut. The close runs on the scheduler, never on the socket's reader thread:
   * closing from a message callback ends the read loop at once and cuts the socket before
   * the writer has sent the close frame (the peer then sees 1006).
   */
  void close(LocalCause cause, int code, String reason) {
    localCause.compareAndSet(null, cause); // the first reason to close is the one
    if (writing && queue.hasDeliverable()) {
      // Let the writer send what callers already queued; it closes the socket when done.
      pendingClose = new int[] {code};
      pendingReason = reason;
      queue.drainAndClose();
      scheduler.schedule(() -> {
        if (!closedOnce.get()) {
          closeNow(code, reason); // the writer is stuck on a stalled link
        }
      }, CLOSE_DEADLINE_MS, TimeUnit.MILLISECONDS);
    } else {
      closeNow(code, reason);
    }
  }

  private void closeNow(int code, String reason) {
    queue.close();
    scheduler.execute(() -> {
      if (socket.isOpen()) {
        socket.close(code, reason);
      } else {
        socket.closeConnection(code, reason);
      }
    });
    scheduler.schedule(() -> {
      if (!closedOnce.get()) {
        socket.closeConnection(code, reason);
      }
    }, CLOSE_DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  long queuedBytes() {
    return queue.queuedBytes();
  }

  /**
   * A platform thread, not a virtual one: it wakes for every 20 ms chunk, and a virtual
   * thread's park and unpark through the ForkJoinPool cost more than the write itself
   * (BENCHMARKS.md, "Lean (issue 16)"). A write blocks while the link is backed up; the queue
   * in front of it keeps the callers from ever waiting.
   */
  private void writeLoop() {
    writing = true;
    List<SendQueue.Item> batch = new ArrayList<>();
    try {
      FrameWriter frames = new FrameWriter(socket.getSocket().getOutputStream());
      frames.add(setupJson.getBytes(StandardCharsets.UTF_8));
      frames.flush();
      while (queue.takeBatch(batch, BATCH_BYTES, Long.MAX_VALUE) && socket.isOpen()) {
        for (SendQueue.Item item : batch) {
          frames.add(item.json());
        }
        frames.flush();
      }
      int[] code = pendingClose;
      if (code != null) {
        closeNow(code[0], pendingReason);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The socket closed or broke under us; its reader sees that too, and onClose reports it.
      log.debug("connection {}: writer stopped: {}", id, e.toString());
    }
  }

  private void deliver(List<ServerEvent> events) {
    for (ServerEvent e : events) {
      if (e instanceof ServerEvent.SetupComplete) {
        ready();
        break;
      }
    }
    listener.onEvents(this, events);
  }

  /** The Java-WebSocket client; its callbacks run on its reader thread. */
  private final class Socket extends WebSocketClient {
    Socket(URI uri, Map<String, String> headers) {
      super(uri, new Draft_6455(Collections.emptyList(), MAX_FRAME_BYTES), headers,
          CONNECT_TIMEOUT_MS);
      setConnectionLostTimeout(PING_INTERVAL_SEC);
      setTcpNoDelay(true);
      setDaemon(true);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      Thread.ofPlatform().name("live-writer-" + id).daemon().start(LiveConnection.this::writeLoop);
    }

    @Override
    public void onMessage(String message) {
      deliver(decoder.decode(message));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      deliver(decoder.decode(bytes));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      log.debug("connection {}: closed {} {} (by {})", id, code, reason, remote ? "peer" : "us");
      queue.close();
      if (code == CloseFrame.NEVER_CONNECTED && lastError == null) {
        awaitCause();
      }
      if (closedOnce.compareAndSet(false, true)) {
        listener.onClosed(LiveConnection.this, code, reason == null ? "" : reason, lastError);
      }
    }

    /**
     * A failed TLS handshake reaches onError from Java-WebSocket's writer thread, often after
     * the reader has reported the socket closed (-1); without the cause the user would read
     * "connection lost (-1)" instead of why (EndpointProbe.CAUSE_GRACE_MS). This is the
     * connection's own I/O thread, which has nothing else to do once it never connected. The
     * wait ignores interrupts: Java-WebSocket interrupts its writer thread on close, and that is
     * often the thread that reports it; the interrupt is put back afterwards.
     */
    private void awaitCause() {
      long deadline = System.nanoTime()
          + TimeUnit.MILLISECONDS.toNanos(EndpointProbe.CAUSE_GRACE_MS);
      boolean interrupted = false;
      while (true) {
        try {
          errorSeen.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onError(Exception ex) {
      lastError = ex;
      errorSeen.countDown();
      log.debug("connection {}: {}", id, ex.toString());
    }
  }
}
