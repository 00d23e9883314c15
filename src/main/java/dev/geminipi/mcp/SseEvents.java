package dev.geminipi.mcp;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code data} of each event in a Server-Sent Events body. A POST answered as a stream
 * carries the server's notifications and then our response, each as one event; comments,
 * ids and event names do not matter here.
 */
final class SseEvents {
  private SseEvents() {
  }

  static List<String> data(String body) {
    List<String> out = new ArrayList<>();
    StringBuilder event = null;
    for (String line : body.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (event != null) {
          out.add(event.toString());
          event = null;
        }
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        event = event == null ? new StringBuilder(value) : event.append('\n').append(value);
      }
    }
    if (event != null) {
      out.add(event.toString());
    }
    return out;
  }
}
