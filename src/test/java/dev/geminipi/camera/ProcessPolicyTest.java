package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProcessPolicyTest {
  @Test
  void backoffMs_doublesFromFirstUpToTheCap() {
    ProcessPolicy p = ProcessPolicy.defaults();

    assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L),
        IntStream.rangeClosed(1, 7).mapToObj(p::backoffMs).toList());
  }

  @Test
  void backoffMs_manyFailures_staysAtTheCap() {
    assertEquals(Long.MAX_VALUE - 1, new ProcessPolicy(1, 3, Long.MAX_VALUE - 1, 0, 1).backoffMs(200));
  }

  @Test
  void new_capBelowFirstWait_refused() {
    assertThrows(IllegalArgumentException.class, () -> new ProcessPolicy(1, 500, 100, 0, 1));
  }
}
