package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

// Reads a stream on a virtual thread into a MjpegSplitter and queues the frames, so a test can
// take them one by one with a timeout, the way the daemon will read a camera process.
final class FramePump {
  static final long TIMEOUT_SECONDS = 10;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  private final MjpegSplitter splitter;
  private final Thread reader;

  FramePump(InputStream in, int maxFrameBytes) {
    this.splitter = new MjpegSplitter(maxFrameBytes, frames::add);
    this.reader = Thread.ofVirtual().name("frame-pump").start(() -> pump(in));
  }

  private void pump(InputStream in) {
    byte[] buf = new byte[16 << 10];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        splitter.feed(buf, 0, n);
      }
    } catch (IOException e) {
      // the process was killed; END tells the test
    } finally {
      frames.add(END);
    }
  }

  MjpegSplitter splitter() {
    return splitter;
  }

  // The next frame; fails if none comes within the timeout or the stream ended.
  byte[] take() throws InterruptedException {
    byte[] frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(frame, "no frame within " + TIMEOUT_SECONDS + " s (" + splitter.emittedFrames() + " so far)");
    if (frame == END) {
      throw new AssertionError("stream ended after " + splitter.emittedFrames() + " frames");
    }
    return frame;
  }

  // Whatever arrives within the wait: a frame, END, or null for nothing.
  byte[] poll(long wait, TimeUnit unit) throws InterruptedException {
    return frames.poll(wait, unit);
  }

  // Every remaining frame up to the end of the stream.
  List<byte[]> takeUntilEnd() throws InterruptedException {
    List<byte[]> out = new ArrayList<>();
    while (true) {
      byte[] frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(frame, "stream did not end within " + TIMEOUT_SECONDS + " s");
      if (frame == END) {
        reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return out;
      }
      out.add(frame);
    }
  }

  static void assertEnd(byte[] polled) {
    assertSame(END, polled, "expected the end of the stream");
  }
}
