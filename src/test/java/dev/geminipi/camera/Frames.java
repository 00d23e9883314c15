package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.geminipi.testkit.TestJpegs;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

// Stream building, feeding and frame assertions shared by the splitter tests.
final class Frames {
  private Frames() {
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] concat(List<byte[]> parts) {
    return concat(parts.toArray(byte[][]::new));
  }

  static List<byte[]> splitWhole(byte[] stream, int maxFrameBytes) {
    List<byte[]> frames = new ArrayList<>();
    new MjpegSplitter(maxFrameBytes, frames::add).feed(stream, 0, stream.length);
    return frames;
  }

  static List<byte[]> splitByteByByte(MjpegSplitter splitter, List<byte[]> sink, byte[] stream) {
    for (int i = 0; i < stream.length; i++) {
      splitter.feed(stream, i, 1);
    }
    return sink;
  }

  static List<byte[]> splitRandomChunks(MjpegSplitter splitter, List<byte[]> sink, byte[] stream, Random random) {
    int off = 0;
    while (off < stream.length) {
      // Mostly small reads, sometimes a big one, as a pipe delivers them.
      int max = random.nextInt(10) == 0 ? 200_000 : 1 + random.nextInt(4096);
      int n = Math.min(stream.length - off, 1 + random.nextInt(max));
      splitter.feed(stream, off, n);
      off += n;
    }
    return sink;
  }

  // Every frame byte-identical to the expected one, in order, and decodable by ImageIO.
  static void assertFrames(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(sizes(expected), sizes(actual), "frame sizes");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "frame " + i);
      assertNotNull(TestJpegs.decode(actual.get(i)), "frame " + i + " decodes");
    }
  }

  static List<Integer> sizes(List<byte[]> frames) {
    return frames.stream().map(f -> f.length).toList();
  }

  static byte[] range(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }
}
