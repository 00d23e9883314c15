package dev.geminipi.bench;

import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.MqttRecorder;
import dev.geminipi.testkit.PulseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The time from the model's call to the function response for an MQTT action
 * (bench/mqtt-action.sh): the daemon jar, a real Mosquitto and an automation client on
 * loopback. "publish": fire and forget, answered once the broker acknowledged the message;
 * "await": the automation replies on the reply topic as soon as the message arrives.
 */
public final class MqttActionTiming {
  private MqttActionTiming() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Files.createDirectories(dir.resolve("out"));
    try (FakeLiveServer server = FakeLiveServer.start();
        PulseServer pulse = PulseServer.start(dir.resolve("pulse"));
        Mosquitto broker = Mosquitto.start(dir.resolve("broker"));
        MqttRecorder online = MqttRecorder.connect(broker.tcp(),
            "gemini-pi/_shared/devices/bench")) {
      Path mic = dir.resolve("mic.raw");
      Files.write(mic, new byte[0]);
      pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
      MqttClient automation = new MqttClient(broker.tcp(), "automation",
          new MemoryPersistence());
      automation.connect(new MqttConnectOptions());
      automation.subscribe("bench/ask", 1, (topic, m) -> automation.publish("bench/answer",
          "{\"done\":true}".getBytes(StandardCharsets.UTF_8), 1, false));
      Path config = dir.resolve("config.json");
      Files.writeString(config, """
          {"gemini": {"endpoint": "%s"}, "camera": {"mode": "off"}, "gpio": {"provider": "mock"},
           "tools": [{"name": "chime", "action": "mqtt", "topic": "bench/chime",
                      "parameters": {"n": {"type": "integer"}}},
                     {"name": "ask", "action": "mqtt", "topic": "bench/ask",
                      "parameters": {"n": {"type": "integer"}},
                      "await": {"topic": "bench/answer", "timeoutMs": 5000}}],
           "mqtt": {"broker": "%s", "nodeId": "bench"},
           "control": {"socket": "%s"}}
          """.formatted(server.endpoint(), broker.url(), dir.resolve("control.sock")));
      try (DaemonProcess daemon = DaemonProcess.start(config, Map.of("HOME",
          dir.resolve("home").toString(), "GEMINI_API_KEY", FakeLiveServer.API_KEY))) {
        daemon.awaitLine("ready in", Duration.ofSeconds(60));
        online.take("gemini-pi/_shared/devices/bench", "online");
        DaemonProcess.Run say = DaemonProcess.cli(Map.of(), "say", "Hello.", "--socket",
            dir.resolve("control.sock").toString());
        if (say.code() != 0) {
          throw new IllegalStateException(say.out());
        }
        server.takeMessage("setup", Duration.ofSeconds(10));
        daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));
        for (String tool : List.of("chime", "ask")) {
          List<Double> ms = new ArrayList<>();
          for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            server.sendToolCall(tool, "{\"n\":" + i + "}");
            String status = server.takeMessage("toolResponse", Duration.ofSeconds(15)).body()
                .get("functionResponses").asArray().get(0).asObject().get("response")
                .asObject().getString("status", "");
            ms.add((System.nanoTime() - t0) / 1e6);
            if (!status.equals("ok")) {
              throw new IllegalStateException(tool + " answered " + status);
            }
          }
          Collections.sort(ms);
          System.out.printf("mqtt %s call -> response, %d calls: median %.1f ms, p90 %.1f ms, "
              + "min %.1f ms, max %.1f ms%n", tool.equals("ask") ? "await" : "publish", calls,
              ms.get(calls / 2), ms.get(calls * 9 / 10), ms.get(0), ms.get(calls - 1));
        }
      }
      automation.disconnect();
      automation.close();
    }
  }
}
