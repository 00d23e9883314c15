package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

// When a burst's tail is due, from what the device reports and what the clock says; 48 kHz frames.
class PlaybackWriterTest {

  private static final long MARGIN = 960 + 240; // a 20 ms period and the 5 ms fade
  private static final long BUFFER = 3_840; // 80 ms

  @Test
  void tailDue_deviceHoldsMoreThanTheClockSays_waitsForTheDevice() {
    // A device that started late holds 10 ms more than the clock says: trusted, within a buffer.
    assertEquals(3_000 - MARGIN, PlaybackWriter.tailDueFrames(3_000, 2_520, MARGIN, BUFFER));
  }

  @Test
  void tailDue_deviceReportsNothingYet_followsTheClock() {
    // ALSA's pulse plugin reports a delay of 0 right after a start.
    assertEquals(3_000 - MARGIN, PlaybackWriter.tailDueFrames(0, 3_000, MARGIN, BUFFER));
  }

  @Test
  void tailDue_devicePositionStopped_dueOneBufferAfterTheClockRanOut() {
    long stuck = 1_920; // 40 ms written, the position never moves again
    assertTrue(PlaybackWriter.tailDueFrames(stuck, 1_920, MARGIN, BUFFER) > 0, "not yet at the start");
    // By the clock the 40 ms ran out 80 ms ago (one buffer): due now, whatever the device says.
    assertTrue(PlaybackWriter.tailDueFrames(stuck, 1_920 - 1_920 - BUFFER + MARGIN, MARGIN, BUFFER) <= 0);
    assertTrue(PlaybackWriter.tailDueFrames(stuck, -480_000, MARGIN, BUFFER) <= 0, "ten seconds on");
  }
}
