package dev.geminipi.camera;

import static dev.geminipi.camera.JpegMarkers.EOI;
import static dev.geminipi.camera.JpegMarkers.FILL;
import static dev.geminipi.camera.JpegMarkers.SOI;
import static dev.geminipi.camera.JpegMarkers.SOS;
import static dev.geminipi.camera.JpegMarkers.STUFFED;

import java.util.Arrays;

// The marker-walking state machine behind MjpegSplitter (whose Javadoc has the rules), with its
// one buffer. It reports what it finds to a Listener and keeps no counts of its own.
final class JpegStreamWalker {
  interface Listener {
    // buf[from, to) is a whole frame; the array is reused once this returns.
    void frame(byte[] buf, int from, int to);

    void lost(boolean oversized);

    void junk(int bytes);
  }

  // Input is parsed in slices so one huge feed() cannot grow the buffer past
  // maxFrameBytes + SLICE_BYTES before an oversized frame is noticed.
  private static final int SLICE_BYTES = 64 << 10;
  private static final int INITIAL_CAPACITY = 64 << 10;

  private enum State { SYNC, MARKER, MARKER_CODE, LENGTH, PAYLOAD, SCAN, SCAN_MARKER }

  private final int maxFrameBytes;
  private final Listener listener;

  // buf[0, len) holds unparsed input plus, while inside a frame, the frame so far from frameStart.
  private byte[] buf = new byte[0];
  private int len;
  private int pos;
  private int frameStart = -1;
  // Where the segment being parsed began (its FF); a broken frame is rescanned from here.
  private int rewindFrom;
  // How far parsing got before the last rewind: rescanned bytes belong to a dropped frame and
  // are not junk.
  private int parsedUpTo;
  // An oversized frame is still walked, so its end is found structurally, but not kept.
  private boolean discarding;
  private boolean scanSeen;
  // Where the frame's SOF began, or -1 before it.
  private int sofAt;
  private State state = State.SYNC;
  private int marker;
  private int payloadLeft;

  JpegStreamWalker(int maxFrameBytes, Listener listener) {
    this.maxFrameBytes = maxFrameBytes;
    this.listener = listener;
  }

  void feed(byte[] data, int offset, int length) {
    int end = offset + length;
    while (offset < end) {
      int n = Math.min(SLICE_BYTES, end - offset);
      append(data, offset, n);
      offset += n;
      while (pos < len && step()) {
        // step() returns false when it needs more input
      }
      if (frameStart >= 0 && pos - frameStart > maxFrameBytes) {
        discarding = true;
        frameStart = -1;
      }
      compact();
    }
  }

  void reset() {
    if (state != State.SYNC) {
      listener.lost(discarding);
    }
    len = 0;
    pos = 0;
    parsedUpTo = 0;
    frameStart = -1;
    discarding = false;
    state = State.SYNC;
  }

  int bufferCapacity() {
    return buf.length;
  }

  private boolean step() {
    switch (state) {
      case SYNC -> {
        return sync();
      }
      case MARKER -> {
        if ((buf[pos] & 0xFF) != FILL) {
          broken(pos);
        } else {
          pos++;
          state = State.MARKER_CODE;
        }
      }
      case MARKER_CODE -> headerMarker(buf[pos++] & 0xFF);
      case LENGTH -> {
        if (len - pos < 2) {
          return false;
        }
        int segmentLength = JpegMarkers.u16(buf, pos);
        if (!JpegMarkers.isPlausibleLength(marker, segmentLength)) {
          broken(pos);
        } else {
          pos += 2;
          payloadLeft = segmentLength - 2;
          if (payloadLeft == 0) {
            segmentDone();
          } else {
            state = State.PAYLOAD;
          }
        }
      }
      case PAYLOAD -> {
        int n = Math.min(payloadLeft, len - pos);
        pos += n;
        payloadLeft -= n;
        if (payloadLeft == 0) {
          segmentDone();
        }
      }
      case SCAN -> {
        int i = pos;
        while (i < len && (buf[i] & 0xFF) != FILL) {
          i++;
        }
        if (i < len) {
          state = State.SCAN_MARKER;
          i++;
        }
        pos = i;
      }
      case SCAN_MARKER -> scanMarker(buf[pos++] & 0xFF);
    }
    return true;
  }

  private boolean sync() {
    int last = len - 1;
    for (int i = pos; i < last; i++) {
      if ((buf[i] & 0xFF) == FILL && (buf[i + 1] & 0xFF) == SOI) {
        skip(i);
        startFrame(i);
        return true;
      }
    }
    // A trailing 0xFF may be the first half of an SOI split across two reads: keep it.
    skip((buf[last] & 0xFF) == FILL ? last : len);
    return false;
  }

  private void skip(int to) {
    int junk = to - Math.max(pos, parsedUpTo);
    if (junk > 0) {
      listener.junk(junk);
    }
    pos = to;
  }

  private void headerMarker(int code) {
    if (code == FILL) {
      return; // fill byte: any marker may be preceded by 0xFF padding (T.81 B.1.1.2)
    }
    if (code == SOI) {
      restartAt(pos - 2);
    } else if (code == EOI) {
      if (scanSeen) {
        endFrame();
      } else {
        broken(pos); // no scan means no image, e.g. the tables-only half of an abbreviated stream
      }
    } else if (JpegMarkers.isStandalone(code)) {
      state = State.MARKER;
    } else if (code == STUFFED || JpegMarkers.isReserved(code)) {
      broken(pos);
    } else {
      enterSegment(code);
    }
  }

  private void scanMarker(int code) {
    if (code == STUFFED || JpegMarkers.isStandalone(code)) {
      state = State.SCAN;
    } else if (code == FILL) {
      return; // fill before a marker, still in SCAN_MARKER
    } else if (code == EOI) {
      endFrame();
    } else if (code == SOI) {
      restartAt(pos - 2); // entropy-coded data never holds FF D8: the frame was cut short
    } else if (JpegMarkers.isReserved(code)) {
      broken(pos);
    } else {
      // Progressive and multi-scan JPEGs put DHT, SOS, DNL etc. between scans.
      enterSegment(code);
    }
  }

  private void enterSegment(int code) {
    int at = pos - 2;
    if (JpegMarkers.isStartOfFrame(code)) {
      if (sofAt >= 0 || scanSeen) {
        // One frame header per image: a second one means another frame's bytes were glued
        // on after a cut, somewhere after our SOF began.
        rewindFrom = sofAt >= 0 ? sofAt : frameStart;
        broken(pos);
        return;
      }
      sofAt = at;
    } else if (code == SOS && sofAt < 0) {
      rewindFrom = frameStart;
      broken(pos);
      return;
    }
    marker = code;
    rewindFrom = at;
    state = State.LENGTH;
  }

  private void segmentDone() {
    if (marker == SOS) {
      scanSeen = true;
      state = State.SCAN;
    } else {
      state = State.MARKER;
    }
  }

  private void startFrame(int soiAt) {
    frameStart = soiAt;
    rewindFrom = soiAt;
    sofAt = -1;
    pos = soiAt + 2;
    discarding = false;
    scanSeen = false;
    state = State.MARKER;
  }

  // An SOI where a marker or scan data should be: the frame was cut short (a camera restart, a
  // lost read). Nothing was swallowed, so no rewind: the new SOI starts the next frame.
  private void restartAt(int soiAt) {
    listener.lost(discarding);
    startFrame(soiAt);
  }

  // Drops the frame in progress and hunts for the next SOI. resyncAt is where to hunt from when
  // the frame's bytes are gone (an oversized frame); otherwise the hunt rewinds to the segment
  // the frame broke in. Each rewind starts past the broken frame's SOI, so rewinds end.
  private void broken(int resyncAt) {
    listener.lost(discarding);
    parsedUpTo = Math.max(parsedUpTo, pos);
    pos = discarding ? resyncAt : rewindFrom + 2;
    discarding = false;
    frameStart = -1;
    state = State.SYNC;
  }

  private void endFrame() {
    state = State.SYNC;
    if (discarding || pos - frameStart > maxFrameBytes) {
      listener.lost(true);
      discarding = false;
      frameStart = -1;
      return;
    }
    int from = frameStart;
    frameStart = -1;
    listener.frame(buf, from, pos);
  }

  private void append(byte[] data, int offset, int n) {
    int needed = len + n;
    if (needed > buf.length) {
      // Doubling keeps appends amortised O(1). The cap is the most that can be buffered:
      // a frame just under the limit plus one slice, after which it is found oversized.
      long doubled = Math.max(INITIAL_CAPACITY, 2L * buf.length);
      long cap = (long) maxFrameBytes + SLICE_BYTES + 2;
      buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(doubled, cap)));
    }
    System.arraycopy(data, offset, buf, len, n);
    len = needed;
  }

  // Drops what no longer matters: everything before the frame in progress, or before pos. An
  // oversized frame keeps one byte back, which may be the FF of an SOI that cuts it short.
  private void compact() {
    int keepFrom = frameStart >= 0 ? frameStart : discarding ? Math.max(0, pos - 1) : pos;
    if (keepFrom == 0) {
      return;
    }
    System.arraycopy(buf, keepFrom, buf, 0, len - keepFrom);
    len -= keepFrom;
    pos -= keepFrom;
    parsedUpTo = Math.max(0, parsedUpTo - keepFrom);
    rewindFrom -= keepFrom;
    sofAt = sofAt < 0 ? -1 : sofAt - keepFrom;
    if (frameStart >= 0) {
      frameStart = 0;
    }
  }
}
