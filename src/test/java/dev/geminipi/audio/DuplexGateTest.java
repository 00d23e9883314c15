package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import org.junit.jupiter.api.Test;

class DuplexGateTest {

  private final FakeClock clock = new FakeClock();

  static AudioConfig config(AudioConfig.Duplex duplex, int tailMs) {
    AudioConfig d = AudioConfig.defaults();
    return new AudioConfig(d.input(), d.output(), duplex, d.chunkMs(), d.preRollMs(), tailMs, d.earcons());
  }

  @Test
  void half_beforeAnyPlayback_allowsCapture() {
    assertTrue(DuplexGate.of(config(AudioConfig.Duplex.HALF, 300), clock).allowsCapture());
  }

  @Test
  void half_whilePlayingAndForTheTail_holdsCapture() {
    DuplexGate gate = DuplexGate.of(config(AudioConfig.Duplex.HALF, 300), clock);

    gate.onPlaybackStarted();
    assertFalse(gate.allowsCapture());
    clock.advanceMs(5_000);
    assertFalse(gate.allowsCapture(), "however long the answer");
    gate.onPlaybackDrained();
    clock.advanceMs(299);
    assertFalse(gate.allowsCapture(), "the tail covers buffers and room echo");
    clock.advanceMs(1);
    assertTrue(gate.allowsCapture());
  }

  @Test
  void half_playbackStartsAgainDuringTheTail_holdsCapture() {
    DuplexGate gate = DuplexGate.of(config(AudioConfig.Duplex.HALF, 300), clock);
    gate.onPlaybackStarted();
    gate.onPlaybackDrained();
    clock.advanceMs(100);

    gate.onPlaybackStarted();
    clock.advanceMs(1_000);

    assertFalse(gate.allowsCapture());
  }

  @Test
  void full_whilePlaying_allowsCapture() {
    DuplexGate gate = DuplexGate.of(config(AudioConfig.Duplex.FULL, 300), clock);

    gate.onPlaybackStarted();

    assertTrue(gate.allowsCapture());
  }

  @Test
  void muted_holdsCaptureInEitherMode_untilUnmuted() {
    for (AudioConfig.Duplex d : AudioConfig.Duplex.values()) {
      DuplexGate gate = DuplexGate.of(config(d, 300), clock);
      gate.mute(true);
      assertTrue(gate.muted());
      assertFalse(gate.allowsCapture(), d + ": nothing is delivered while muted");
      gate.mute(false);
      assertTrue(gate.allowsCapture(), d.toString());
    }
  }
}
