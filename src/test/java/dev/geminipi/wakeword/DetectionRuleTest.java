package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionRuleTest {

  private static List<Long> detections(DetectionRule rule, float... scores) {
    List<Long> steps = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (rule.offer(scores[i], i)) {
        steps.add((long) i);
      }
    }
    return steps;
  }

  @Test
  void offer_scoreStaysHigh_detectsOncePerRise() {
    DetectionRule rule = new DetectionRule(0.5, 0);
    assertEquals(List.of(1L, 5L), detections(rule, 0.1f, 0.9f, 0.95f, 0.8f, 0.2f, 0.7f));
  }

  @Test
  void offer_threshold_isExclusive() {
    assertEquals(List.of(), detections(new DetectionRule(0.5, 0), 0.5f, 0.5f));
  }

  @Test
  void offer_secondRiseWithinRefractory_isIgnored() {
    // 240 ms = 3 steps of 80 ms: a rise at step 3 is too soon after step 1, step 4 is not.
    assertEquals(List.of(1L, 5L),
        detections(new DetectionRule(0.5, 240), 0f, 0.9f, 0f, 0.9f, 0f, 0.9f));
  }

  @Test
  void offer_refractoryNotAMultipleOf80ms_roundsUp() {
    // 161 ms is 3 steps, not 2: the rise at step 2 is too soon.
    assertEquals(List.of(0L, 4L), detections(new DetectionRule(0.5, 161),
        0.9f, 0f, 0.9f, 0f, 0.9f));
  }
}
