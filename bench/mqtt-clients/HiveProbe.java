import com.hivemq.client.mqtt.*;
import com.hivemq.client.mqtt.mqtt3.*;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.nio.file.*;
public class HiveProbe {
  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    java.net.URI u = java.net.URI.create(a[0]);
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier("probe-hive")
      .serverHost(u.getHost()).serverPort(u.getPort()).willPublish().topic("probe/avail").payload("offline".getBytes()).qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish().buildBlocking();
    c.connect();
    try (var pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("probe/avail").qos(MqttQos.AT_LEAST_ONCE).send();
      c.publishWith().topic("probe/avail").payload("online".getBytes()).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
      pubs.receive();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.gc(); Thread.sleep(2000);
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().get();
    System.out.println("hivemq connect+roundtrip_ms=" + ms + " " + rss.replaceAll("\\s+", " "));
    c.disconnect();
  }
}
