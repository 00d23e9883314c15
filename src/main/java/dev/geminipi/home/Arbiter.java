package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.config.MqttConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake arbitration (docs/home-assistant.md): every detection is published as a claim; when
 * other devices are online, each waits {@code arbitrationWindowMs}, and only the best claim of
 * the window answers: a device already in a conversation first, then the highest score, then
 * the lowest node id. Alone on the broker, or without a broker, a device answers at once.
 */
final class Arbiter implements AutoCloseable {
  /** One detection; {@code atNanos} is when this device learned of it. */
  record Claim(String node, String word, double score, boolean conversation, long atNanos) {
  }

  /** Best first. */
  static final Comparator<Claim> BEST = Comparator
      .comparing((Claim c) -> !c.conversation())
      .thenComparing(Claim::score, Comparator.reverseOrder())
      .thenComparing(Claim::node);

  /** Claims older than a few windows are of no round any more. */
  private static final int KEPT = 64;

  private static final Logger log = LoggerFactory.getLogger(Arbiter.class);

  private final MqttConfig config;
  private final Link link;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final Set<String> peers = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final Deque<Claim> heard = new ArrayDeque<>();

  Arbiter(MqttConfig config, Link link, ScheduledExecutorService scheduler,
      LongSupplier nanoTime) {
    this.config = config;
    this.link = link;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
  }

  /** A device came online or went offline, or a claim arrived; on Paho's thread. */
  void message(String topic, String payload) {
    if (topic.equals(Topics.claims())) {
      claimed(payload);
      return;
    }
    String node = topic.substring(topic.lastIndexOf('/') + 1);
    if (node.equals(config.nodeId())) {
      return;
    }
    if (payload.equals(Link.ONLINE)) {
      if (peers.add(node)) {
        log.info("mqtt: wake arbitration with {} (now {} other device(s))", node, peers.size());
      }
    } else if (peers.remove(node)) {
      log.info("mqtt: {} left; {} other device(s) for wake arbitration", node, peers.size());
    }
  }

  private void claimed(String payload) {
    JsonObject o;
    try {
      JsonValue v = Json.parse(payload);
      if (!v.isObject()) {
        return;
      }
      o = v.asObject();
    } catch (ParseException e) {
      return;
    }
    String node = o.getString("node", "");
    if (node.isEmpty() || node.equals(config.nodeId())) {
      return;
    }
    remember(new Claim(node, o.getString("word", ""), o.getDouble("score", 0),
        o.getBoolean("conversation", false), nanoTime.getAsLong()));
  }

  private void remember(Claim c) {
    lock.lock();
    try {
      heard.addLast(c);
      while (heard.size() > KEPT) {
        heard.removeFirst();
      }
    } finally {
      lock.unlock();
    }
  }

  int peers() {
    return peers.size();
  }

  /** Publishes this device's claim and runs {@code answer} if it wins. */
  void claim(String word, double score, boolean conversation, Runnable answer) {
    long now = nanoTime.getAsLong();
    Claim mine = new Claim(config.nodeId(), word, score, conversation, now);
    link.publish(Topics.claims(), new JsonObject()
        .add("node", mine.node())
        .add("word", word)
        .add("score", Math.round(score * 10) / 10.0)
        .add("conversation", conversation)
        .add("timestamp", System.currentTimeMillis())
        .toString(), false);
    int window = config.arbitrationWindowMs();
    if (conversation || window == 0 || peers.isEmpty() || !link.connected()) {
      log.info("wake arbitration: answering at once (score {} dB, {})", fmt(score),
          conversation ? "in a conversation" : "no other device online");
      answer.run();
      return;
    }
    try {
      scheduler.schedule(() -> decide(mine, answer), window, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down: no conversation starts now.
    }
  }

  private void decide(Claim mine, Runnable answer) {
    long windowNanos = TimeUnit.MILLISECONDS.toNanos(config.arbitrationWindowMs());
    List<Claim> round = new ArrayList<>();
    round.add(mine);
    lock.lock();
    try {
      for (Claim c : heard) {
        if (c.word().equals(mine.word()) && Math.abs(c.atNanos() - mine.atNanos()) <= windowNanos) {
          round.add(c);
        }
      }
    } finally {
      lock.unlock();
    }
    round.sort(BEST);
    Claim best = round.get(0);
    long tookMs = (nanoTime.getAsLong() - mine.atNanos()) / 1_000_000;
    if (best == mine) {
      // Public surface: tests and BENCHMARKS.md read these two lines.
      log.info("wake arbitration: this device answers (score {} dB, {} claim(s), {} ms)",
          fmt(mine.score()), round.size(), tookMs);
      answer.run();
    } else {
      log.info("wake arbitration: {} answers (score {} dB against our {} dB, {} ms)",
          best.node(), fmt(best.score()), fmt(mine.score()), tookMs);
    }
  }

  private static String fmt(double score) {
    return String.format(java.util.Locale.ROOT, "%.1f", score);
  }

  @Override
  public void close() {
    peers.clear();
  }
}
