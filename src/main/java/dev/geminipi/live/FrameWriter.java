package dev.geminipi.live;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Writes client text frames (RFC 6455 §5.2) into one reused buffer and puts a batch of them on
 * the socket's stream in one write. Java-WebSocket's own send path costs several times the
 * message's real work on a small board (BENCHMARKS.md, "Lean (issue 16)"): per message a
 * SecureRandom draw for the mask, a masking loop through ByteBuffer gets, a trace call whose
 * argument decodes the whole frame into a String even with tracing off, and a hop to its own
 * writer thread. Here the mask keys come from a SecureRandom a block at a time (a client's keys
 * must be unpredictable, §5.3), and the socket stream takes whole frames: the JDK's socket and
 * TLS streams write one call's bytes under their own lock, so Java-WebSocket's writer thread
 * (pings, pongs, the close frame) can never split one of ours.
 *
 * <p>Not thread-safe: the connection's writer thread owns it.
 */
final class FrameWriter {
  /** FIN and the text opcode (§5.2). */
  private static final int FIN_TEXT = 0x81;
  private static final int MASKED = 0x80;
  /** Two length bytes, eight length bytes, four mask bytes at most. */
  static final int MAX_HEADER_BYTES = 14;
  private static final int KEYS_PER_DRAW = 256;
  private static final int BUFFER_BYTES = 16 << 10;

  private final OutputStream out;
  private final RandomGenerator keySource;
  private final byte[] keys = new byte[4 * KEYS_PER_DRAW];
  private int nextKey = keys.length;
  private byte[] buffer = new byte[BUFFER_BYTES];
  private int used;

  FrameWriter(OutputStream out) {
    this(out, new SecureRandom());
  }

  /** @param keySource where mask keys come from; a fixed one only in tests */
  FrameWriter(OutputStream out, RandomGenerator keySource) {
    this.out = out;
    this.keySource = keySource;
  }

  /** Frames {@code payload} (UTF-8 JSON) after the frames added since the last flush. */
  void add(byte[] payload) {
    int n = payload.length;
    if (buffer.length - used < MAX_HEADER_BYTES + n) {
      byte[] grown = new byte[Math.max(2 * buffer.length, used + MAX_HEADER_BYTES + n)];
      System.arraycopy(buffer, 0, grown, 0, used);
      buffer = grown;
    }
    byte[] b = buffer;
    int p = used;
    b[p++] = (byte) FIN_TEXT;
    if (n < 126) {
      b[p++] = (byte) (MASKED | n);
    } else if (n <= 0xFFFF) {
      b[p++] = (byte) (MASKED | 126);
      b[p++] = (byte) (n >>> 8);
      b[p++] = (byte) n;
    } else {
      b[p++] = (byte) (MASKED | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        b[p++] = (byte) ((long) n >>> shift);
      }
    }
    if (nextKey == keys.length) {
      keySource.nextBytes(keys);
      nextKey = 0;
    }
    int k = nextKey;
    nextKey += 4;
    System.arraycopy(keys, k, b, p, 4);
    p += 4;
    for (int i = 0; i < n; i++) {
      b[p + i] = (byte) (payload[i] ^ keys[k + (i & 3)]);
    }
    used = p + n;
  }

  /** Bytes added and not yet written. */
  int pending() {
    return used;
  }

  /**
   * Writes what was added in one call; blocks while the link is backed up (the send queue in
   * front of the writer is what bounds and drops).
   */
  void flush() throws IOException {
    if (used == 0) {
      return;
    }
    int n = used;
    used = 0;
    out.write(buffer, 0, n);
    if (buffer.length > BUFFER_BYTES) {
      buffer = new byte[BUFFER_BYTES]; // a camera frame made it grow: let that go
    }
  }
}
