package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs labelled clips through one {@link OnnxPipeline} as one continuous stream, on the test
 * thread (the same code the detector's thread runs), and counts each clip's detections per
 * word, its highest score per word, and the CPU time spent per second of audio.
 */
final class Scoring {
  /** One clip's result; {@code detections} and {@code maxScores} are in the words' order. */
  record Clip(String name, int[] detections, float[] maxScores) {
    int detections(int word) {
      return detections[word];
    }

    @Override
    public String toString() {
      return name + " detections=" + Arrays.toString(detections) + " max="
          + Arrays.toString(maxScores);
    }
  }

  record Run(List<String> words, List<Clip> clips, double audioSec, double cpuMsPerAudioSec,
      double processCpuMsPerAudioSec) {
  }

  record Labelled(String name, short[] audio) {
  }

  private Scoring() {
  }

  static Run run(List<Trigger.Wakeword> triggers, List<Labelled> clips) throws Exception {
    return run(triggers, clips, LevelGate.QUIET_DBFS);
  }

  /** The same with the level gate's threshold; negative infinity runs every model on every step. */
  static Run run(List<Trigger.Wakeword> triggers, List<Labelled> clips, double quietDbfs)
      throws Exception {
    List<ModelFiles> files = triggers.stream().map(t -> ModelFiles.find(t).orElseThrow())
        .toList();
    List<Detection> heard = new ArrayList<>();
    OnnxPipeline pipeline = OnnxWakeWords.pipeline(files, heard::add, quietDbfs);
    if (pipeline == null) {
      throw new AssertionError("the models did not load: " + files);
    }
    try (pipeline) {
      List<String> words = pipeline.words();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      short[] frame = new short[FrameQueue.FRAME_SAMPLES];
      List<Clip> out = new ArrayList<>();
      long cpu = 0;
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean();
      long process0 = os.getProcessCpuTime();
      long samples = 0;
      short[] carry = new short[0];
      for (Labelled c : clips) {
        int[] detections = new int[words.size()];
        float[] max = new float[words.size()];
        short[] audio = Fixtures.concat(List.of(carry, c.audio()));
        int whole = audio.length / frame.length * frame.length;
        for (int at = 0; at < whole; at += frame.length) {
          System.arraycopy(audio, at, frame, 0, frame.length);
          int before = heard.size();
          long t0 = mx.getCurrentThreadCpuTime();
          pipeline.process(frame);
          cpu += mx.getCurrentThreadCpuTime() - t0;
          for (Detection d : heard.subList(before, heard.size())) {
            detections[words.indexOf(d.word())]++;
          }
          float[] scores = pipeline.lastScores();
          for (int w = 0; w < max.length; w++) {
            max[w] = Math.max(max[w], scores[w]);
          }
        }
        samples += whole;
        carry = Arrays.copyOfRange(audio, whole, audio.length);
        out.add(new Clip(c.name(), detections, max));
      }
      // The process figure also counts the JIT, GC and any ORT thread: a cross-check that
      // inference really runs on the calling thread.
      long process = os.getProcessCpuTime() - process0;
      double sec = (double) samples / Fixtures.RATE_HZ;
      return new Run(words, out, sec, cpu / 1e6 / sec, process / 1e6 / sec);
    }
  }
}
