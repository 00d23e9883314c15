package dev.geminipi.camera;

import static dev.geminipi.camera.Frames.assertFrames;
import static dev.geminipi.camera.Frames.concat;
import static dev.geminipi.camera.Frames.range;
import static dev.geminipi.camera.Frames.splitByteByByte;
import static dev.geminipi.camera.Frames.splitRandomChunks;
import static dev.geminipi.camera.Frames.splitWhole;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.TestJpegs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MjpegSplitterTest {
  private static final int MAX = MjpegSplitter.DEFAULT_MAX_FRAME_BYTES;

  private final List<byte[]> frames = new ArrayList<>();
  private final MjpegSplitter splitter = new MjpegSplitter(frames::add);

  private static byte[] plain(long seed) {
    return TestJpegs.baseline(TestJpegs.picture(160, 120, seed), 80);
  }

  private static byte[] thumbnail() {
    return TestJpegs.baseline(TestJpegs.picture(64, 48, 99), 70);
  }

  private static byte[] withExifThumbnail(long seed) {
    return TestJpegs.insertSegments(plain(seed), TestJpegs.exifWithThumbnail(thumbnail()));
  }

  private static byte[] withEoiInComment(long seed) {
    return TestJpegs.insertSegments(plain(seed), TestJpegs.comment("a \u00FF\u00D9 b \u00FF\u00D8 c \u00FF\u00D9"));
  }

  private static byte[] withRestartMarkers(long seed) {
    return TestJpegs.withRestartMarkers(TestJpegs.picture(160, 120, seed), 80, 2);
  }

  private static byte[] progressive(long seed) {
    return TestJpegs.progressive(TestJpegs.picture(160, 120, seed), 80);
  }

  private static List<byte[]> mixedFrames() {
    return List.of(plain(1), withExifThumbnail(2), withEoiInComment(3), withRestartMarkers(4), progressive(5),
        plain(6));
  }

  private static int restartMarkerCount(byte[] jpeg) {
    int count = 0;
    for (int code = 0xD0; code <= 0xD7; code++) {
      count += TestJpegs.countMarker(jpeg, code);
    }
    return count;
  }

  @Test
  void feed_wholeStreamAtOnce_emitsEveryFrameByteIdentical() {
    List<byte[]> expected = mixedFrames();
    byte[] stream = concat(expected);

    splitter.feed(stream, 0, stream.length);

    assertFrames(expected, frames);
    assertEquals(expected.size(), splitter.emittedFrames());
    assertEquals(0, splitter.droppedFrames());
    assertEquals(0, splitter.junkBytes());
  }

  @Test
  void feed_oneByteAtATime_emitsEveryFrameByteIdentical() {
    List<byte[]> expected = mixedFrames();

    splitByteByByte(splitter, frames, concat(expected));

    assertFrames(expected, frames);
  }

  @Test
  void feed_randomChunks_emitsEveryFrameByteIdentical() {
    List<byte[]> expected = mixedFrames();
    byte[] stream = concat(expected);
    for (long seed = 0; seed < 50; seed++) {
      List<byte[]> out = new ArrayList<>();
      splitRandomChunks(new MjpegSplitter(out::add), out, stream, new Random(seed));
      assertEquals(Frames.sizes(expected), Frames.sizes(out), "seed " + seed);
    }
    splitRandomChunks(splitter, frames, stream, new Random(7));
    assertFrames(expected, frames);
  }

  @Test
  void feed_offsetAndLength_readsOnlyThatRange() {
    byte[] frame = plain(1);
    byte[] padded = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, 1}, frame, new byte[] {(byte) 0xFF, (byte) 0xD8});

    splitter.feed(padded, 3, frame.length);

    assertFrames(List.of(frame), frames);
    assertEquals(0, splitter.junkBytes());
  }

  @Test
  void feed_exifThumbnail_notSplitInside() {
    byte[] frame = withExifThumbnail(1);
    // The trap is real: the thumbnail's SOI and EOI come before the image's own EOI.
    assertEquals(2, TestJpegs.countMarker(frame, 0xD8));
    assertTrue(TestJpegs.indexOfMarker(frame, 0xD9, 0) < frame.length - 2, "thumbnail EOI inside");

    splitByteByByte(splitter, frames, concat(frame, plain(2)));

    assertFrames(List.of(frame, plain(2)), frames);
  }

  @Test
  void feed_eoiInsideComment_notSplitInside() {
    byte[] frame = withEoiInComment(1);
    assertTrue(TestJpegs.indexOfMarker(frame, 0xD9, 0) < frame.length - 2, "FF D9 inside the COM");

    splitByteByByte(splitter, frames, concat(frame, plain(2)));

    assertFrames(List.of(frame, plain(2)), frames);
  }

  @Test
  void feed_restartMarkersAndStuffedBytes_stayInScan() {
    byte[] frame = withRestartMarkers(1);
    int scan = TestJpegs.indexOfMarker(frame, 0xDA, 0);
    assertTrue(restartMarkerCount(frame) >= 8, "RST markers in the scan");
    assertTrue(TestJpegs.indexOfMarker(frame, 0x00, scan) > scan, "FF 00 stuffing in the scan");

    splitByteByByte(splitter, frames, concat(frame, frame));

    assertFrames(List.of(frame, frame), frames);
  }

  @Test
  void feed_progressiveJpeg_keepsEveryScan() {
    byte[] frame = progressive(1);
    int firstScan = TestJpegs.indexOfMarker(frame, 0xDA, 0);
    assertTrue(TestJpegs.countMarker(frame, 0xDA) > 2, "several scans");
    assertTrue(TestJpegs.indexOfMarker(frame, 0xC4, firstScan) > firstScan, "DHT after the first scan");

    splitByteByByte(splitter, frames, concat(frame, plain(2)));

    assertFrames(List.of(frame, plain(2)), frames);
  }

  @Test
  void feed_commentBetweenScans_parsedAsSegment() {
    byte[] frame = progressive(1);
    int secondScan = TestJpegs.indexOfMarker(frame, 0xDA, TestJpegs.indexOfMarker(frame, 0xDA, 0) + 2);
    byte[] commented = concat(range(frame, 0, secondScan), TestJpegs.comment("between \u00FF\u00D9 scans"),
        range(frame, secondScan, frame.length));

    splitByteByByte(splitter, frames, concat(commented, plain(2)));

    assertFrames(List.of(commented, plain(2)), frames);
  }

  @Test
  void feed_frameHeaderAfterScan_dropsFrame() {
    byte[] frame = plain(1);
    int sof = TestJpegs.indexOfMarker(frame, 0xC0, 0);
    byte[] sofSegment = range(frame, sof, sof + 2 + JpegMarkers.u16(frame, sof + 2));
    byte[] late = concat(range(frame, 0, frame.length - 2), sofSegment, range(frame, frame.length - 2, frame.length));

    splitByteByByte(splitter, frames, concat(late, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void feed_fillBytesBeforeMarkers_keepsFrameWhole() {
    byte[] frame = plain(1);
    int dqt = TestJpegs.indexOfMarker(frame, 0xDB, 0);
    byte[] filled = concat(range(frame, 0, dqt), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        range(frame, dqt, frame.length));

    splitByteByByte(splitter, frames, concat(filled, plain(2)));

    assertFrames(List.of(filled, plain(2)), frames);
  }

  @Test
  void feed_junkBeforeAndBetweenFrames_skippedAndCounted() {
    byte[] junk1 = {0x00, 0x12, (byte) 0xFF, (byte) 0xD9, (byte) 0xFF, 0x00, (byte) 0xFF};
    byte[] junk2 = {(byte) 0xD8, (byte) 0xFF, (byte) 0xFF, (byte) 0xDA, 0x55, (byte) 0xFF};
    byte[] junk3 = {(byte) 0xFF, (byte) 0xD9};

    splitByteByByte(splitter, frames, concat(junk1, plain(1), junk2, plain(2), junk3));

    assertFrames(List.of(plain(1), plain(2)), frames);
    assertEquals(junk1.length + junk2.length + junk3.length, splitter.junkBytes());
    assertEquals(0, splitter.droppedFrames());
  }

  @Test
  void feed_soiSplitAcrossReads_found() {
    byte[] frame = plain(1);
    byte[] first = {0x33, (byte) 0xFF};

    splitter.feed(first, 0, 2);
    splitter.feed(frame, 1, frame.length - 1);

    assertFrames(List.of(frame), frames);
    assertEquals(1, splitter.junkBytes());
  }

  @Test
  void feed_frameCutInScanData_dropsItAndKeepsNext() {
    byte[] cut = plain(1);
    byte[] next = plain(2);
    byte[] after = plain(3);
    int sos = TestJpegs.indexOfMarker(cut, 0xDA, 0);
    int scanData = sos + 2 + JpegMarkers.u16(cut, sos + 2);
    for (int at = scanData; at < cut.length - 1; at++) {
      List<byte[]> out = new ArrayList<>();
      MjpegSplitter s = new MjpegSplitter(out::add);

      byte[] stream = concat(range(cut, 0, at), next, after);
      s.feed(stream, 0, stream.length);

      assertEquals(List.of(next.length, after.length), Frames.sizes(out), "cut at " + at);
      assertArrayEquals(next, out.get(0), "cut at " + at);
      assertEquals(1, s.droppedFrames(), "cut at " + at);
    }
  }

  @Test
  void feed_frameCutAtSegmentBoundary_dropsItAndKeepsNext() {
    byte[] cut = withExifThumbnail(1);
    byte[] next = plain(2);
    List<Integer> boundaries = new ArrayList<>();
    for (int at = 2; ; at += 2 + JpegMarkers.u16(cut, at + 2)) {
      boundaries.add(at);
      if ((cut[at + 1] & 0xFF) == 0xDA) {
        break;
      }
    }
    assertTrue(boundaries.size() >= 8, "APP0, APP1, DQT, SOF, DHT... boundaries: " + boundaries);
    for (int at : boundaries) {
      List<byte[]> out = new ArrayList<>();
      MjpegSplitter s = new MjpegSplitter(out::add);

      splitByteByByte(s, out, concat(range(cut, 0, at), next));

      assertFrames(List.of(next), out);
      assertEquals(1, s.droppedFrames(), "cut at " + at);
    }
  }

  // A cut inside a segment makes the next frame's first bytes read as that segment's payload or
  // length. The rewind finds the swallowed SOI when the structure breaks; if the next frame's
  // markers happen to line up, the head of the cut frame and the tail of the next one come out as
  // one frame. Either way nothing after that frame is lost.
  @Test
  void feed_frameCutAnywhere_nextFrameIntactOrGluedAndRestIntact() {
    byte[] cut = TestJpegs.insertSegments(TestJpegs.baseline(TestJpegs.picture(64, 48, 1), 80),
        TestJpegs.exifWithThumbnail(TestJpegs.baseline(TestJpegs.picture(32, 24, 2), 70)));
    byte[] next = plain(2);
    List<byte[]> rest = new ArrayList<>();
    for (int restBytes = 0; restBytes < 70_000; restBytes += rest.getLast().length) {
      rest.add(plain(10 + rest.size())); // more than one bogus 64 KiB segment length can hide
    }
    byte[] tail = concat(next, concat(rest));
    int intact = 0;
    for (int at = 1; at < cut.length; at++) {
      List<byte[]> out = new ArrayList<>();
      MjpegSplitter s = new MjpegSplitter(out::add);

      byte[] stream = concat(range(cut, 0, at), tail);
      s.feed(stream, 0, stream.length);

      String where = "cut at " + at;
      assertEquals(rest.size() + 1, out.size(), where + ": " + Frames.sizes(out));
      for (int i = 0; i < rest.size(); i++) {
        assertArrayEquals(rest.get(i), out.get(i + 1), where);
      }
      byte[] first = out.get(0);
      if (Arrays.equals(first, next)) {
        intact++;
      } else {
        byte[] nextTail = range(next, next.length - (first.length - startOfGlue(first, cut, at)), next.length);
        assertArrayEquals(concat(range(first, 0, startOfGlue(first, cut, at)), nextTail), first, where);
      }
    }
    assertTrue(intact > cut.length * 98 / 100, "next frame intact after " + intact + " of " + cut.length + " cuts");
  }

  // Length of the cut frame's head in a glued frame: it starts at an SOI in the cut part
  // (the frame's own, or its thumbnail's) and runs to the cut.
  private static int startOfGlue(byte[] glued, byte[] cut, int at) {
    for (int soi = TestJpegs.indexOfMarker(cut, 0xD8, 0); soi >= 0 && soi < at;
        soi = TestJpegs.indexOfMarker(cut, 0xD8, soi + 2)) {
      byte[] head = range(cut, soi, at);
      if (glued.length >= head.length && Arrays.equals(range(glued, 0, head.length), head)) {
        return head.length;
      }
    }
    throw new AssertionError("emitted frame of " + glued.length + " bytes is neither the next frame nor a cut head"
        + " (cut at " + at + ") glued to its tail");
  }

  @Test
  void feed_zeroOrOneSegmentLength_dropsFrameAndResyncs() {
    for (int bad : new int[] {0, 1}) {
      byte[] broken = plain(1).clone();
      int dqt = TestJpegs.indexOfMarker(broken, 0xDB, 0);
      broken[dqt + 2] = 0;
      broken[dqt + 3] = (byte) bad;
      List<byte[]> out = new ArrayList<>();
      MjpegSplitter s = new MjpegSplitter(out::add);

      splitByteByByte(s, out, concat(broken, plain(2)));

      assertFrames(List.of(plain(2)), out);
      assertEquals(1, s.droppedFrames(), "length " + bad);
    }
  }

  @Test
  void feed_lengthWrongForMarker_dropsFrameAndResyncs() {
    byte[] broken = plain(1).clone();
    int sos = TestJpegs.indexOfMarker(broken, 0xDA, 0);
    broken[sos + 3] = 40; // an SOS header is 8-14 bytes

    splitByteByByte(splitter, frames, concat(broken, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void feed_eoiBeforeAnyScan_dropsFrame() {
    byte[] tablesOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0, 3, 'x', (byte) 0xFF, (byte) 0xD9};

    splitByteByByte(splitter, frames, concat(tablesOnly, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void feed_reservedMarkerInHeader_dropsFrame() {
    byte[] broken = plain(1).clone();
    int dqt = TestJpegs.indexOfMarker(broken, 0xDB, 0);
    broken[dqt + 1] = 0x42;

    splitByteByByte(splitter, frames, concat(broken, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void feed_secondFrameHeader_dropsFrame() {
    byte[] frame = plain(1);
    int sof = TestJpegs.indexOfMarker(frame, 0xC0, 0);
    int sofLength = 2 + JpegMarkers.u16(frame, sof + 2);
    byte[] twoSofs = concat(range(frame, 0, sof + sofLength), range(frame, sof, frame.length));

    splitByteByByte(splitter, frames, concat(twoSofs, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void feed_oversizedFrame_droppedCountedThenRecovers() {
    byte[] small1 = plain(1);
    byte[] small2 = plain(2);
    // The big frame carries a thumbnail: discarding it must still skip the thumbnail.
    byte[] big = TestJpegs.insertSegments(TestJpegs.baseline(TestJpegs.noise(400, 300, 3), 90),
        TestJpegs.exifWithThumbnail(thumbnail()));
    int max = Math.max(small1.length, small2.length) + 100;
    assertTrue(big.length > max + 65_536, "big frame spans more than one slice past the limit");
    byte[] stream = concat(small1, big, small2);

    List<byte[]> whole = new ArrayList<>();
    MjpegSplitter wholeSplitter = new MjpegSplitter(max, whole::add);
    wholeSplitter.feed(stream, 0, stream.length);
    List<byte[]> bytewise = new ArrayList<>();
    MjpegSplitter bytewiseSplitter = new MjpegSplitter(max, bytewise::add);
    splitByteByByte(bytewiseSplitter, bytewise, stream);

    for (MjpegSplitter s : List.of(wholeSplitter, bytewiseSplitter)) {
      assertEquals(1, s.oversizedFrames());
      assertEquals(0, s.droppedFrames());
      assertEquals(0, s.junkBytes());
      assertEquals(2, s.emittedFrames());
    }
    assertFrames(List.of(small1, small2), whole);
    assertFrames(List.of(small1, small2), bytewise);
  }

  @Test
  void feed_frameOfExactlyMaxBytes_emittedAndOneMoreDropped() {
    byte[] frame = plain(1);

    List<byte[]> atLimit = splitWhole(frame, frame.length);
    List<byte[]> overLimit = splitWhole(concat(frame, plain(2)), frame.length - 1);

    assertFrames(List.of(frame), atLimit);
    assertEquals(Frames.sizes(List.of(plain(2))), Frames.sizes(overLimit));
  }

  @Test
  void feed_oversizedFrameCutBySoi_countedOnceAndNextKept() {
    byte[] big = TestJpegs.baseline(TestJpegs.noise(300, 200, 3), 90);
    byte[] cutBig = range(big, 0, big.length - 100);
    MjpegSplitter s = new MjpegSplitter(big.length / 4, frames::add);

    splitByteByByte(s, frames, concat(cutBig, plain(2)));

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, s.oversizedFrames());
    assertEquals(0, s.droppedFrames());
  }

  @Test
  void feed_hugeFrame_bufferStaysNearTheLimit() {
    int max = 256 << 10;
    byte[] huge = TestJpegs.baseline(TestJpegs.noise(1600, 1200, 1), 95);
    assertTrue(huge.length > 8 * max, "frame of " + huge.length + " bytes");
    MjpegSplitter s = new MjpegSplitter(max, frames::add);

    s.feed(huge, 0, huge.length);
    s.feed(plain(2), 0, plain(2).length);

    assertEquals(1, s.oversizedFrames());
    assertFrames(List.of(plain(2)), frames);
    assertTrue(s.bufferCapacity() <= max + (128 << 10), "buffer grew to " + s.bufferCapacity());
  }

  @Test
  void reset_midFrame_dropsPartialAndWaitsForNextSoi() {
    byte[] frame = plain(1);
    splitter.feed(frame, 0, frame.length / 2);

    splitter.reset();
    splitter.feed(frame, frame.length / 2, frame.length - frame.length / 2);
    splitter.feed(plain(2), 0, plain(2).length);

    assertFrames(List.of(plain(2)), frames);
    assertEquals(1, splitter.droppedFrames());
  }

  @Test
  void constructor_maxFrameBytesOutOfRange_throwsWithLimits() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MjpegSplitter(0, frames::add));
    assertEquals("maxFrameBytes must be 1..1073741824, was 0", e.getMessage());
  }

  @Test
  void feed_rangeOutsideArray_throwsAndEmitsNothing() {
    byte[] frame = plain(1);

    assertThrows(IndexOutOfBoundsException.class, () -> splitter.feed(frame, 10, frame.length));
    splitter.feed(frame, 0, frame.length);

    assertFrames(List.of(frame), frames);
  }
}
