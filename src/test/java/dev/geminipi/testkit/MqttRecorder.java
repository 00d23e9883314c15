package dev.geminipi.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Home Assistant's side of the broker for tests: records every message on the topics it
 * subscribes to, in order, and publishes commands. {@link #take} waits with a timeout and says
 * what it expected when nothing matching came.
 */
public final class MqttRecorder implements AutoCloseable {
  /** One message as it arrived. */
  public record Message(String topic, String payload, boolean retained) {
  }

  private final MqttClient client;
  private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final List<Message> seen = new ArrayList<>();

  private MqttRecorder(MqttClient client) {
    this.client = client;
  }

  public static MqttRecorder connect(String tcpUrl, String... topics) throws MqttException {
    MqttClient c = new MqttClient(tcpUrl, "recorder-" + System.nanoTime(),
        new MemoryPersistence());
    MqttRecorder r = new MqttRecorder(c);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    c.connect(o);
    for (String t : topics) {
      c.subscribe(t, 1, (topic, m) -> r.messages.add(new Message(topic,
          new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained())));
    }
    return r;
  }

  public void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** The next message on {@code topic}, skipping others (they stay in {@link #seen}). */
  public Message take(String topic) throws InterruptedException {
    return take(topic, m -> true, Duration.ofSeconds(10));
  }

  /** The next message on {@code topic} with this payload. */
  public Message take(String topic, String payload) throws InterruptedException {
    return take(topic, m -> m.payload().equals(payload), Duration.ofSeconds(10));
  }

  public Message take(String topic, Predicate<Message> test, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Message m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no matching message on " + topic + " within "
            + timeout.toMillis() + " ms; seen: " + seen);
      }
      seen.add(m);
      if (m.topic().equals(topic) && test.test(m)) {
        return m;
      }
    }
  }

  /** Messages received and not yet taken, without waiting. */
  public List<Message> pending() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    try {
      client.disconnect(1000);
      client.close();
    } catch (MqttException e) {
      // the broker may be gone already
    }
  }
}
