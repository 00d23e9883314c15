package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.AudioConfig;
import dev.geminipi.testkit.AlsaDevices;
import dev.geminipi.testkit.PulseServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

// The acoustic check on a private PulseAudio: the speaker plays into a null sink, and the
// microphone records either that sink's monitor turned down (a microphone that hears the speaker)
// or a null source (one that hears nothing). Both through ALSA's pulse plugin, at the server's
// real pace, with the real Microphone and Speaker.
class SoundCheckTest {
  private PulseServer pulse;

  /**
   * javax.sound names the "default" mixer after the PCM behind it when it first looks, once per
   * JVM; the other audio tests expect the file devices' name, so it must not first look here.
   */
  @BeforeAll
  static void enumerateOnTheFileDevices() {
    AlsaDevices.reset();
    javax.sound.sampled.AudioSystem.getMixerInfo();
  }

  @AfterEach
  void tearDown() {
    if (pulse != null) {
      pulse.close();
    }
    AlsaDevices.reset();
  }

  private void start(String name, String... source) throws Exception {
    List<String> modules = new java.util.ArrayList<>(List.of(
        "load-module module-null-sink sink_name=gp_sink rate=48000 channels=2",
        "set-default-sink gp_sink"));
    modules.addAll(List.of(source));
    pulse = PulseServer.start(AlsaDevices.DIR.resolve(name), modules);
    AlsaDevices.speakerToPulse(pulse.server());
    AlsaDevices.micFromPulse(pulse.server());
  }

  @Test
  void micHearsTheSpeaker_saysHowLoudAndHowLate_keepHalfDuplex() throws Exception {
    // PulseAudio's volume scale is cubic: 0x8000 is (1/2)^3, -18 dB.
    start("pulse-echo", "set-default-source gp_sink.monitor",
        "set-source-volume gp_sink.monitor 0x8000");
    SoundCheck.Result r = SoundCheck.run(AudioConfig.defaults());
    assertTrue(r.ok(), r.line());
    assertTrue(r.line().matches("sound: the microphone hears the speaker at -1[789] dB, \\d+ ms "
        + "after it played: keep audio.duplex \"half\", or use an echo-cancelling microphone for "
        + "full duplex"), r.line());
  }

  @Test
  void micHearsTheSpeaker_withFullDuplex_crossSaysTheModelWillHearItself() throws Exception {
    start("pulse-echo-full", "set-default-source gp_sink.monitor",
        "set-source-volume gp_sink.monitor 0x8000");
    AudioConfig d = AudioConfig.defaults();
    SoundCheck.Result r = SoundCheck.run(new AudioConfig(d.input(), d.output(),
        AudioConfig.Duplex.FULL, d.chunkMs(), d.preRollMs(), d.tailMs(), d.earcons()));
    assertFalse(r.ok(), r.line());
    assertTrue(r.line().endsWith(", and audio.duplex is \"full\": the model will hear itself; set "
        + "audio.duplex \"half\", or use an echo-cancelling microphone"), r.line());
  }

  @Test
  void micHearsNothing_crossWithWhatToCheck() throws Exception {
    start("pulse-deaf", "load-module module-null-source source_name=gp_quiet rate=16000 "
        + "channels=1", "set-default-source gp_quiet");
    SoundCheck.Result r = SoundCheck.run(AudioConfig.defaults());
    assertEquals(new SoundCheck.Result(false, "sound: the microphone did not hear the speaker's "
        + "test sweep (it was at -120 dBFS meanwhile); check that the speaker plays "
        + "(audio.output.device, its volume) and that the microphone is in the same room; an "
        + "echo-cancelling microphone removes the speaker, and then this is expected"), r);
  }

  @Test
  void analyse_sweepDelayedAndQuieter_isFoundAtItsDelayAndLevel() {
    short[] sweep = SoundCheck.sweep(SoundCheck.RATE_HZ);
    int mark = 1000;
    int delay = 2400; // 150 ms
    short[] recorded = new short[mark + sweep.length + SoundCheck.RATE_HZ * SoundCheck.MAX_DELAY_MS
        / 1000];
    for (int i = 0; i < sweep.length; i++) {
      recorded[mark + delay + i] = (short) (sweep[i] / 10); // -20 dB
    }
    SoundCheck.Echo e = SoundCheck.analyse(sweep, recorded, mark);
    assertTrue(e.heard());
    assertEquals(150, e.delayMs());
    assertEquals(-20, e.levelDb(), 0.1);
  }

  @Test
  void verdict_faintEcho_fullDuplexIsFine() {
    assertEquals(new SoundCheck.Result(true, "sound: the microphone hears the speaker at -46 dB, "
        + "120 ms after it played: faint enough for audio.duplex \"full\" (talking over the "
        + "model)"), SoundCheck.verdict(new SoundCheck.Echo(true, -46.2, 120, -60),
        AudioConfig.Duplex.FULL));
  }
}
