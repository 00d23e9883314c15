package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.Config;
import dev.geminipi.testkit.Mosquitto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake arbitration between three devices on one real broker, the rules one by one. Detections
 * are driven through {@link Home#wake} with fixed scores (the scores themselves are {@link
 * LoudnessTest}'s subject); e2e's WakeArbitrationIT runs three daemon jars with the real
 * wake-word stack.
 */
class ArbiterTest {
  @TempDir
  Path dir;
  private Mosquitto broker;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final List<String> answered = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (broker != null) {
      broker.close();
    }
    scheduler.shutdownNow();
  }

  private MqttHome device(String node, String brokerUrl) throws Exception {
    Config c = MqttHomeTest.config("[]", "{\"broker\": \"" + brokerUrl + "\", \"nodeId\": \""
        + node + "\", \"arbitrationWindowMs\": 300}");
    MqttHome h = MqttHome.start(c.mqtt().orElseThrow(), c, "1", Map.of(),
        new RecordingControls(), scheduler);
    open.add(h);
    return h;
  }

  private List<MqttHome> threeDevicesOnline() throws Exception {
    broker = Mosquitto.start(dir.resolve("broker"));
    List<MqttHome> homes = List.of(device("kitchen", broker.url()), device("hall",
        broker.url()), device("study", broker.url()));
    for (MqttHome h : homes) {
      awaitPeers(h, 2);
    }
    return homes;
  }

  private void wakeAll(List<MqttHome> homes, double[] scores, boolean[] inConversation)
      throws InterruptedException {
    CountDownLatch decided = new CountDownLatch(1);
    String[] names = {"kitchen", "hall", "study"};
    for (int i = 0; i < homes.size(); i++) {
      String n = names[i];
      homes.get(i).wake("hey_jarvis", scores[i], inConversation[i], () -> {
        answered.add(n);
        decided.countDown();
      });
    }
    assertEquals(true, decided.await(5, TimeUnit.SECONDS), "nobody answered");
    // The losers decide when their windows close, at most one window after the winner's.
    CountDownLatch windowsClosed = new CountDownLatch(1);
    scheduler.schedule(windowsClosed::countDown, 400, TimeUnit.MILLISECONDS);
    windowsClosed.await();
  }

  @Test
  void threeDevices_onlyTheLoudestAnswers() throws Exception {
    List<MqttHome> homes = threeDevicesOnline();
    wakeAll(homes, new double[] {41.5, 58.0, 49.0}, new boolean[] {false, false, false});
    assertEquals(List.of("hall"), answered);
  }

  @Test
  void equalScores_theLowestNodeIdAnswers() throws Exception {
    List<MqttHome> homes = threeDevicesOnline();
    wakeAll(homes, new double[] {50.0, 50.0, 50.0}, new boolean[] {false, false, false});
    assertEquals(List.of("hall"), answered);
  }

  @Test
  void aDeviceInAConversation_keepsIt() throws Exception {
    List<MqttHome> homes = threeDevicesOnline();
    wakeAll(homes, new double[] {30.0, 58.0, 49.0}, new boolean[] {true, false, false});
    assertEquals(List.of("kitchen"), answered);
  }

  @Test
  void brokerDown_eachDeviceAnswersAsASingleDevice() throws Exception {
    broker = Mosquitto.start(dir.resolve("broker"));
    String url = broker.url();
    broker.close();
    broker = null;
    List<MqttHome> homes = List.of(device("kitchen", url), device("hall", url));
    CountDownLatch both = new CountDownLatch(2);
    homes.get(0).wake("hey_jarvis", 40, false, () -> {
      answered.add("kitchen");
      both.countDown();
    });
    homes.get(1).wake("hey_jarvis", 60, false, () -> {
      answered.add("hall");
      both.countDown();
    });
    assertEquals(true, both.await(1, TimeUnit.SECONDS));
    assertEquals(List.of("kitchen", "hall"), answered, "each answered at once, on its own");
  }

  private static void awaitPeers(MqttHome h, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (h.status().getInt("peers", 0) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("peers not seen: " + h.status());
      }
      Thread.sleep(10);
    }
  }
}
