package dev.geminipi.home;

import dev.geminipi.config.MqttConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection, kept up by its own thread: connect with a retained {@code offline} as
 * the last will, then {@code online}, reconnect with backoff and jitter after any loss. Nothing
 * here ever blocks a caller: {@link #publish} only queues (bounded; a full outbox drops and
 * counts), and the link's thread does the I/O. An outage is logged once at WARN, its end once
 * at INFO; the attempts between go to DEBUG (STYLE 23).
 */
final class Link implements AutoCloseable {
  /** What the owner of the link hears; called on the link's and Paho's threads. */
  interface Listener {
    /** Connected (again): subscribe, then publish everything retained afresh. */
    void connected(Link link) throws MqttException;

    void message(String topic, String payload);
  }

  /** @param sent completed once the broker has it (QoS 1), failed if it never will; or null */
  record Message(String topic, String payload, boolean retained, CompletableFuture<Void> sent) {
  }

  /** Enough for a full re-publish of a device with dozens of tools, and then some. */
  static final int OUTBOX = 256;
  static final long FIRST_RETRY_MS = 1000;
  static final long MAX_RETRY_MS = 60_000;
  static final String ONLINE = "online";
  static final String OFFLINE = "offline";

  private static final Logger log = LoggerFactory.getLogger(Link.class);

  private final MqttConfig config;
  private final String password;
  private final String availability;
  private final Listener listener;
  private final Random jitter;
  private final BlockingQueue<Message> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong outages = new AtomicLong();
  private final Object wake = new Object();
  private final Object stop = new Object();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile boolean lost;
  private volatile String lastError = "";
  private MqttClient client;

  Link(MqttConfig config, Map<String, String> env, String availability, Listener listener,
      Random jitter) {
    this.config = config;
    this.password = config.username().isEmpty() ? null : env.get(config.passwordEnv());
    this.availability = availability;
    this.listener = listener;
    this.jitter = jitter;
    this.thread = Thread.ofPlatform().name("mqtt").daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Queues a message; false when the outbox is full and it was dropped. */
  boolean publish(String topic, String payload, boolean retained) {
    return queue(new Message(topic, payload, retained, null));
  }

  /**
   * Queues a message whose sender must know it arrived: the future completes once the broker
   * acknowledged it (QoS 1), and fails at once without a connection, or when it is dropped
   * (a full outbox, a lost connection, close). It is never sent twice.
   */
  CompletableFuture<Void> deliver(String topic, String payload, boolean retained) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    if (!connected || closed) {
      sent.completeExceptionally(new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED));
    } else if (!queue(new Message(topic, payload, retained, sent))) {
      sent.completeExceptionally(new MqttException(MqttException.REASON_CODE_MAX_INFLIGHT));
    }
    return sent;
  }

  private boolean queue(Message m) {
    boolean queued = outbox.offer(m);
    if (!queued) {
      dropped.increment();
    }
    synchronized (wake) {
      wake.notifyAll();
    }
    return queued;
  }

  /** Called from {@link Listener#connected} only, on the link's thread. */
  void subscribe(String... topics) throws MqttException {
    int[] qos = new int[topics.length];
    java.util.Arrays.fill(qos, 1);
    client.subscribe(topics, qos);
  }

  boolean connected() {
    return connected;
  }

  String lastError() {
    return lastError;
  }

  long outages() {
    return outages.get();
  }

  long dropped() {
    return dropped.sum();
  }

  private void run() {
    long attempt = 0;
    boolean reported = false;
    while (!closed) {
      try {
        connect();
        if (reported) {
          log.info("mqtt: connected to {} again after {} attempts", config.broker(), attempt);
        } else {
          log.info("mqtt: connected to {} as {}", config.broker(), config.nodeId());
        }
        attempt = 0;
        reported = false;
        lastError = "";
        serve();
      } catch (MqttException e) {
        lastError = explain(e);
      }
      if (closed) {
        break; // close() says goodbye on this connection
      }
      connected = false;
      if (!reported) {
        outages.incrementAndGet();
        // Public surface: one line per outage, with what to do.
        log.warn("mqtt: {}; Home Assistant will show the device unavailable, conversations "
            + "go on, retrying in the background", lastError);
        reported = true;
      } else {
        log.debug("mqtt: still no connection: {}", lastError);
      }
      pause(retryDelayMs(attempt++));
    }
  }

  private void connect() throws MqttException {
    closeClient();
    failQueued(); // the listener re-publishes every retained state once connected
    lost = false;
    client = new MqttClient(Broker.uri(config), "gemini-pi-" + config.nodeId(),
        new MemoryPersistence());
    client.setTimeToWait(10_000);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lastError = "lost the connection to " + config.broker() + " (" + cause.getMessage()
            + ")";
        lost = true;
        synchronized (wake) {
          wake.notifyAll();
        }
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        listener.message(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    MqttConnectOptions o = Broker.options(config, password);
    o.setWill(availability, OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
    o.setMaxInflight(OUTBOX);
    client.connect(o);
    connected = true;
    listener.connected(this);
    // Behind the discovery and the states the listener queued, as Home Assistant prefers.
    publish(availability, ONLINE, true);
  }

  /** Sends what is queued until the connection is lost or the link closed. */
  private void serve() throws MqttException {
    List<Message> batch = new ArrayList<>();
    while (!closed && !lost) {
      outbox.drainTo(batch);
      try {
        for (Message m : batch) {
          send(m);
        }
      } catch (MqttException e) {
        batch.forEach(m -> fail(m, e));
        throw e;
      }
      batch.clear();
      synchronized (wake) {
        if (outbox.isEmpty() && !closed && !lost) {
          try {
            wake.wait(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
    if (lost) {
      throw new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
    }
  }

  private void send(Message m) throws MqttException {
    client.publish(m.topic(), m.payload().getBytes(StandardCharsets.UTF_8), 1, m.retained());
    if (m.sent() != null) {
      m.sent().complete(null);
    }
  }

  /** Empties the outbox; whoever waits for one of its messages learns it was not sent. */
  private void failQueued() {
    List<Message> left = new ArrayList<>();
    outbox.drainTo(left);
    MqttException e = new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
    left.forEach(m -> fail(m, e));
  }

  private static void fail(Message m, MqttException e) {
    if (m.sent() != null) {
      m.sent().completeExceptionally(e); // a no-op for one already sent
    }
  }

  private String explain(MqttException e) {
    return e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST ? lastError
        : Broker.explain(config, password != null, e);
  }

  /** Exponential from 1 s to 60 s, each delay drawn from its upper half so devices spread. */
  long retryDelayMs(long attempt) {
    long ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt, 16));
    return ceiling / 2 + (long) (jitter.nextDouble() * (ceiling / 2));
  }

  private void pause(long ms) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    synchronized (stop) {
      long left;
      while (!closed && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(stop, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** A clean goodbye: {@code offline} retained by ourselves, as the will would on a crash. */
  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    synchronized (stop) {
      stop.notifyAll();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (connected) {
      try {
        send(new Message(availability, OFFLINE, true, null));
        client.disconnect(1000);
      } catch (MqttException e) {
        log.debug("mqtt: goodbye not delivered: {}", e.getMessage());
      }
    }
    connected = false;
    failQueued();
    closeClient();
  }

  private void closeClient() {
    if (client != null) {
      try {
        client.close(true);
      } catch (MqttException e) {
        log.debug("mqtt: closing the client: {}", e.getMessage());
      }
      client = null;
    }
  }
}
