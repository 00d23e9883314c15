package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StderrTailTest {
  /** A clock that moves only when asked, so the read budget never waits in these tests. */
  private final AtomicLong now = new AtomicLong();

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void drain_keepsTheLastFiveNonBlankLines_trimmedAndCut() {
    StderrTail tail = new StderrTail("cam", now::get);
    tail.drain(new ByteArrayInputStream(ascii("one\ntwo\n\n   \nthree\r\nfour\nfive\n  six  \n"
        + "x".repeat(1000) + "\nlast, no newline")));
    assertEquals(List.of("four", "five", "six", "x".repeat(StderrTail.MAX_LINE_BYTES),
        "last, no newline"), tail.lines());
    assertEquals(" (stderr: \"last, no newline\")", tail.summary());
    assertEquals(8, tail.linesSeen());
  }

  @Test
  void yesFlood_tenMegabytesOfLines_allocatesNoStringPerLine() {
    // 5 million "y" lines: the old tail made a String (and a log call) for each.
    byte[] block = ascii("y\n".repeat(32 * 1024));
    int blocks = 160;
    InputStream flood = new InputStream() {
      private int left = blocks;
      private int at;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = Math.min(len, block.length - at);
        System.arraycopy(block, at, b, off, n);
        at += n;
        if (at == block.length) {
          at = 0;
          left--;
        }
        // A fifteenth of a second per read of the tail's 4 KiB block: a second per 60 KiB,
        // under the budget, so the tail never parks here (it would park a real second).
        now.addAndGet(66_666_667L);
        return n;
      }
    };
    StderrTail tail = new StderrTail("yes", now::get);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    tail.drain(flood);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals((long) block.length * blocks, tail.bytesRead());
    assertEquals(block.length / 2L * blocks, tail.linesSeen());
    assertEquals(List.of("y", "y", "y", "y", "y"), tail.lines());
    System.out.println("yes flood: " + tail.bytesRead() + " bytes, " + tail.linesSeen()
        + " lines read, 5 kept, " + allocated + " bytes allocated");
    // What remains is the tests' DEBUG log: 10 lines per (fake) second.
    assertTrue(allocated < 4 * 1024 * 1024, "allocated " + allocated + " bytes for "
        + tail.linesSeen() + " lines");
  }

  @Test
  void endlessFlood_readsAtMostTheBudgetPerSecond_thenTheWriterWaits() throws Exception {
    // The real clock here: how many bytes were taken from an endless writer within a window.
    AtomicBoolean stop = new AtomicBoolean();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'y';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (stop.get()) {
          return -1;
        }
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) (i % 2 == 0 ? 'y' : '\n');
        }
        return len;
      }
    };
    StderrTail tail = new StderrTail("yes", System::nanoTime);
    long start = System.nanoTime();
    Thread reader = Thread.ofVirtual().start(() -> tail.drain(endless));
    reader.join(1500);
    long read = tail.bytesRead();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
    stop.set(true);
    reader.join(5000);
    System.out.println("endless flood: " + read + " bytes read in about " + seconds + " s");
    // At most one budget per started second, plus the block that crossed it.
    assertTrue(read <= (seconds + 1) * (StderrTail.READ_BYTES_PER_SECOND + 4096),
        "read " + read + " bytes of an endless stream");
  }
}
