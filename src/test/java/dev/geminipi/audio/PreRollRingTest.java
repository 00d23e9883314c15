package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreRollRingTest {

  @Test
  void new_defaultMs_holdsHalfASecondAt16k() {
    assertEquals(8_000, new PreRollRing(PreRollRing.DEFAULT_PRE_ROLL_MS).capacityFrames());
    assertEquals(1_600, new PreRollRing(100).capacityFrames());
  }

  @Test
  void read_belowCapacity_returnsAllOldestFirstInChunks() {
    PreRollRing ring = new PreRollRing(10);
    ring.write(ramp(1, 100), 0, 100);

    short[] chunk = new short[32];
    assertEquals(32, ring.read(chunk, 0, 32));
    assertArrayEquals(ramp(1, 32), chunk);
    assertEquals(68, ring.availableFrames());
    assertEquals(32, ring.read(chunk, 0, 32));
    assertArrayEquals(ramp(33, 32), chunk);
    assertEquals(32, ring.read(chunk, 0, 32));
    assertEquals(4, ring.read(chunk, 0, 32));
    assertArrayEquals(ramp(97, 4), Arrays.copyOf(chunk, 4));
    assertEquals(0, ring.read(chunk, 0, 32));
  }

  @Test
  void write_pastCapacityInRandomChunks_keepsNewestOldestFirst() {
    PreRollRing ring = new PreRollRing(500);
    short[] source = ramp(1, 20_000);
    Random random = new Random(7);
    for (int pos = 0; pos < source.length; ) {
      int len = Math.min(source.length - pos, random.nextInt(700));
      ring.write(source, pos, len);
      pos += len;
    }

    short[] out = new short[10_000];
    int n = ring.read(out, 0, out.length);

    assertEquals(8_000, n);
    assertArrayEquals(ramp(12_001, 8_000), Arrays.copyOf(out, n));
  }

  @Test
  void write_moreThanCapacityAtOnce_keepsItsTail() {
    PreRollRing ring = new PreRollRing(1);
    ring.write(ramp(1, 5), 0, 5);
    ring.write(ramp(100, 40), 2, 36);

    short[] out = new short[16];
    assertEquals(16, ring.read(out, 0, 16));
    assertArrayEquals(ramp(122, 16), out);
  }

  @Test
  void writeAndRead_interleaved_keepOrderAcrossTheWrap() {
    PreRollRing ring = new PreRollRing(1);
    short[] out = new short[16];
    ring.write(ramp(1, 10), 0, 10);
    ring.read(out, 0, 6);
    ring.write(ramp(11, 12), 0, 12);

    assertEquals(16, ring.read(out, 0, 16));
    assertArrayEquals(ramp(7, 16), out);
  }

  @Test
  void read_honoursOffset() {
    PreRollRing ring = new PreRollRing(1);
    ring.write(ramp(5, 3), 0, 3);
    short[] out = {-1, -1, -1, -1, -1};

    assertEquals(3, ring.read(out, 1, 4));
    assertArrayEquals(new short[] {-1, 5, 6, 7, -1}, out);
  }

  @Test
  void clear_forgetsEverything() {
    PreRollRing ring = new PreRollRing(1);
    ring.write(ramp(1, 10), 0, 10);
    ring.clear();
    ring.write(ramp(50, 2), 0, 2);

    short[] out = new short[16];
    assertEquals(2, ring.read(out, 0, 16));
    assertEquals(50, out[0]);
    assertEquals(51, out[1]);
  }

  @Test
  void zeroMs_holdsNothing() {
    PreRollRing ring = new PreRollRing(0);
    ring.write(ramp(1, 10), 0, 10);
    assertEquals(0, ring.availableFrames());
    assertEquals(0, ring.read(new short[4], 0, 4));
  }

  @Test
  void new_msOutOfRange_isRefused() {
    assertEquals("preRollMs must be 0..10000, was -1",
        assertThrows(IllegalArgumentException.class, () -> new PreRollRing(-1)).getMessage());
    assertEquals("preRollMs must be 0..10000, was 10001",
        assertThrows(IllegalArgumentException.class, () -> new PreRollRing(10_001)).getMessage());
  }

  @Test
  void endSample_countsEveryWrittenAndSkippedSample() {
    PreRollRing ring = new PreRollRing(1);
    ring.write(ramp(1, 40), 0, 40);
    ring.skip(7);
    ring.write(ramp(1, 5), 0, 5);
    ring.clear();

    assertEquals(52, ring.endSample());
  }

  @Test
  void dropBefore_anchorInsideTheRing_readStartsThere() {
    PreRollRing ring = new PreRollRing(10); // 160 samples
    ring.write(ramp(0, 300), 0, 300);       // holds stream samples 140..299

    ring.dropBefore(200);

    assertArrayEquals(ramp(200, 100), readAll(ring));
  }

  @Test
  void dropBefore_anchorOlderThanHeld_readStartsAtTheOldestHeld() {
    PreRollRing ring = new PreRollRing(10);
    ring.write(ramp(0, 300), 0, 300);

    ring.dropBefore(20);

    assertArrayEquals(ramp(140, 160), readAll(ring));
  }

  @Test
  void dropBefore_anchorBeforeASkip_neverReachesAcrossIt() {
    PreRollRing ring = new PreRollRing(10);
    ring.write(ramp(0, 50), 0, 50);         // said before the microphone closed
    ring.skip(30);                          // closed: stream samples 50..79 not kept
    ring.write(ramp(80, 40), 0, 40);

    ring.dropBefore(10);

    assertArrayEquals(ramp(80, 40), readAll(ring));
  }

  @Test
  void dropBefore_pastTheEnd_emptiesTheRing() {
    PreRollRing ring = new PreRollRing(10);
    ring.write(ramp(0, 100), 0, 100);

    ring.dropBefore(Long.MAX_VALUE);

    assertEquals(0, ring.availableFrames());
    assertEquals(100, ring.endSample());
  }

  @Test
  void dropBefore_acrossTheWrap_keepsOrder() {
    PreRollRing ring = new PreRollRing(1);  // 16 samples
    ring.write(ramp(0, 10), 0, 10);
    ring.write(ramp(10, 12), 0, 12);        // holds 6..21, wrapped

    ring.dropBefore(9);

    assertArrayEquals(ramp(9, 13), readAll(ring));
  }

  @Test
  void zeroMs_dropBefore_doesNothing() {
    PreRollRing ring = new PreRollRing(0);
    ring.write(ramp(1, 10), 0, 10);
    ring.dropBefore(5);
    assertEquals(0, ring.availableFrames());
  }

  private static short[] readAll(PreRollRing ring) {
    short[] out = new short[ring.availableFrames()];
    assertEquals(out.length, ring.read(out, 0, out.length));
    return out;
  }

  private static short[] ramp(int first, int frames) {
    short[] s = new short[frames];
    for (int i = 0; i < frames; i++) {
      s[i] = (short) (first + i);
    }
    return s;
  }
}
