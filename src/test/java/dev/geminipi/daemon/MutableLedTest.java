package dev.geminipi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.gpio.DeviceState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutableLedTest {
  private final List<DeviceState> shown = new ArrayList<>();
  private final MutableLed led = new MutableLed(shown::add);

  @Test
  void muted_showsMutedWhateverTheState_andTheStateAgainAfter() {
    led.show(DeviceState.LISTENING);
    led.muted(true);
    led.show(DeviceState.SPEAKING);
    led.muted(false);
    assertEquals(List.of(DeviceState.LISTENING, DeviceState.MUTED, DeviceState.MUTED,
        DeviceState.SPEAKING), shown);
    assertEquals(DeviceState.SPEAKING, led.state());
  }
}
