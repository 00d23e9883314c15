package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FloatRingTest {

  private static float[] window(FloatRing ring, long first, int count) {
    FloatBuffer b = FloatBuffer.allocate(count * 2);
    ring.copyTo(first, count, b);
    return b.array();
  }

  @Test
  void copyTo_afterWrapping_givesRowsOldestFirst() {
    FloatRing ring = new FloatRing(3, 2);
    for (int i = 0; i < 5; i++) {
      ring.append(new float[] {i, -i});
    }
    assertEquals(5, ring.end());
    assertArrayEquals(new float[] {2, -2, 3, -3, 4, -4}, window(ring, 2, 3));
  }

  @Test
  void put_skippingRows_keepsIndexes() {
    FloatRing ring = new FloatRing(4, 2);
    ring.put(0, new float[] {0, 0});
    ring.put(6, new float[] {6, 6});
    assertArrayEquals(new float[] {6, 6}, window(ring, 6, 1));
  }

  @Test
  void copyTo_rowsOverwritten_failsWithWhatIsHeld() {
    FloatRing ring = new FloatRing(3, 2);
    for (int i = 0; i < 5; i++) {
      ring.append(new float[2]);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> window(ring, 1, 3));
    assertEquals("rows 1..3 are not held: the ring holds 2..4", e.getMessage());
  }
}
