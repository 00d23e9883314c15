package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Our per-frame scores for the comparison with an independent port (bench/wakeword-vs-js.sh):
 * writes the labelled clips of {@link WakeWordPipelineTest} (clean "hey jarvis", the other
 * phrases, the non-speech sounds), each after 2 s of silence so that both implementations'
 * windows hold only the clip's audio, as 16 kHz s16le raw files into OUT, and one line per
 * 80 ms frame, "file-name frame score", into OUT/java.txt. Each clip runs through a fresh pipeline,
 * as the other side resets its model per file.
 *
 * <pre>ScoreDump MODELS_DIR OUT</pre>
 */
public final class ScoreDump {
  private ScoreDump() {
  }

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(out);
    Trigger.Wakeword jarvis = new Trigger.Wakeword(models.resolve("hey_jarvis_v0.1.onnx")
        .toString(), 0.5, Optional.empty(), 2000, false);
    ModelFiles files = ModelFiles.find(jarvis).orElseThrow();
    List<Scoring.Labelled> clips = new ArrayList<>(Clips.heyJarvis(a -> a, ""));
    clips.addAll(Clips.phrases(Clips.OTHER_PHRASES));
    clips.addAll(Clips.nonSpeech());
    clips.removeIf(c -> c.name().equals("warm-up"));
    try (PrintWriter scores = new PrintWriter(Files.newBufferedWriter(out.resolve("java.txt")))) {
      int n = 0;
      for (Scoring.Labelled c : clips) {
        Path raw = out.resolve(String.format(Locale.ROOT, "clip-%02d.raw", n++));
        short[] audio = Fixtures.concat(List.of(Fixtures.silence(2000), c.audio()));
        write(raw, audio);
        Files.writeString(out.resolve(raw.getFileName() + ".txt"), c.name() + "\n");
        // Ungated like the port: the level gate would score the quiet frames 0 where both
        // models give a few ten-thousandths (0.0005 at most on these clips).
        try (OnnxPipeline p = OnnxWakeWords.pipeline(List.of(files), d -> { },
            Double.NEGATIVE_INFINITY)) {
          short[] frame = new short[FrameQueue.FRAME_SAMPLES];
          for (int f = 0; (f + 1) * frame.length <= audio.length; f++) {
            System.arraycopy(audio, f * frame.length, frame, 0, frame.length);
            p.process(frame);
            scores.printf(Locale.ROOT, "%s %d %.6f%n", raw.getFileName(), f,
                p.lastScores()[0]);
          }
        }
      }
    }
  }

  private static void write(Path raw, short[] audio) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(audio.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(audio);
    Files.write(raw, b.array());
  }
}
