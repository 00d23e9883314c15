package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.geminipi.testkit.TestJpegs;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

// Random damage to valid MJPEG streams: the splitter must never throw, never emit more than its
// limit, and only ever emit byte runs that start with SOI and end with EOI.
class MjpegSplitterFuzzTest {
  private static final int CASES = 5000;
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final byte[] TRAPS = {(byte) 0xFF, (byte) 0xD8, (byte) 0xD9, 0x00, (byte) 0xDA, (byte) 0xC4,
    (byte) 0xE1, (byte) 0xD0, 0x01};

  private final List<byte[]> pool = List.of(
      TestJpegs.baseline(TestJpegs.picture(48, 32, 1), 80),
      TestJpegs.insertSegments(TestJpegs.baseline(TestJpegs.picture(48, 32, 2), 80),
          TestJpegs.exifWithThumbnail(TestJpegs.baseline(TestJpegs.picture(16, 16, 3), 60))),
      TestJpegs.progressive(TestJpegs.picture(48, 32, 4), 80),
      TestJpegs.withRestartMarkers(TestJpegs.picture(48, 32, 5), 80, 1),
      TestJpegs.insertSegments(TestJpegs.baseline(TestJpegs.picture(48, 32, 6), 80),
          TestJpegs.comment("x\u00FF\u00D9\u00FF\u00D8y")),
      TestJpegs.baseline(TestJpegs.noise(64, 64, 7), 95));

  @Test
  void feed_mutatedStreams_neverThrowsAndNeverEmitsOversizedOrUnframed() {
    long emitted = 0;
    long dropped = 0;
    long oversized = 0;
    long start = System.nanoTime();
    int cases = 0;
    for (; cases < CASES && System.nanoTime() - start < BUDGET_NANOS; cases++) {
      long seed = 0xC0FFEEL + cases;
      Random random = new Random(seed);
      byte[] stream = mutate(stream(random), random);
      int max = random.nextBoolean() ? 1 + random.nextInt(4096) : MjpegSplitter.DEFAULT_MAX_FRAME_BYTES;
      List<byte[]> frames = new ArrayList<>();
      MjpegSplitter splitter = new MjpegSplitter(max, frames::add);
      try {
        Frames.splitRandomChunks(splitter, frames, stream, random);
      } catch (RuntimeException e) {
        fail("seed " + seed + ": " + e, e);
      }
      for (byte[] frame : frames) {
        assertTrue(frame.length <= max, "seed " + seed + ": frame of " + frame.length + " > " + max);
        assertTrue(frame.length >= 4 && (frame[0] & 0xFF) == 0xFF && (frame[1] & 0xFF) == 0xD8
            && (frame[frame.length - 2] & 0xFF) == 0xFF && (frame[frame.length - 1] & 0xFF) == 0xD9,
            "seed " + seed + ": frame is not SOI..EOI");
      }
      assertEquals(frames.size(), splitter.emittedFrames(), "seed " + seed);
      emitted += splitter.emittedFrames();
      dropped += splitter.droppedFrames();
      oversized += splitter.oversizedFrames();
    }
    // The damage must reach every path, or this test proves nothing.
    assertTrue(cases >= 500, "only " + cases + " cases in the time budget");
    assertTrue(emitted > cases, "emitted " + emitted);
    assertTrue(dropped > cases / 10, "dropped " + dropped);
    assertTrue(oversized > cases / 10, "oversized " + oversized);
  }

  private byte[] stream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 2 + random.nextInt(5);
    for (int i = 0; i < frames; i++) {
      if (random.nextInt(4) == 0) {
        byte[] junk = new byte[random.nextInt(40)];
        random.nextBytes(junk);
        out.writeBytes(junk);
      }
      out.writeBytes(pool.get(random.nextInt(pool.size())));
    }
    return out.toByteArray();
  }

  private static byte[] mutate(byte[] in, Random random) {
    byte[] b = in;
    int mutations = 1 + random.nextInt(8);
    for (int m = 0; m < mutations && b.length > 8; m++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(7)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b[at] = TRAPS[random.nextInt(TRAPS.length)];
        case 2 -> b = splice(b, at, 0, new byte[] {(byte) 0xFF, TRAPS[random.nextInt(TRAPS.length)]});
        case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + random.nextInt(300)), new byte[0]);
        case 4 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(500));
          b = splice(b, random.nextInt(b.length), 0, Frames.range(b, at, at + len));
        }
        case 5 -> b = Frames.range(b, 0, at);
        default -> { // a segment length byte set to something wild
          int marker = TestJpegs.indexOfMarker(b, 0xC0 + random.nextInt(0x3F), at);
          if (marker >= 0 && marker + 3 < b.length) {
            b[marker + 2 + random.nextInt(2)] = (byte) random.nextInt(256);
          }
        }
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    return Frames.concat(Frames.range(b, 0, at), insert, Frames.range(b, at + remove, b.length));
  }
}
