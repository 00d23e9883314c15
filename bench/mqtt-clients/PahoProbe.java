import org.eclipse.paho.client.mqttv3.*;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import java.nio.file.*;
public class PahoProbe {
  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    MqttClient c = new MqttClient(a[0], "probe-paho", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setWill("probe/avail", "offline".getBytes(), 1, true);
    java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
    c.connect(o);
    c.subscribe("probe/avail", 1, (t, m) -> got.countDown());
    c.publish("probe/avail", "online".getBytes(), 1, true);
    got.await();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.gc(); Thread.sleep(2000);
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().get();
    System.out.println("paho connect+roundtrip_ms=" + ms + " " + rss.replaceAll("\\s+", " "));
    c.disconnect(); c.close();
  }
}
