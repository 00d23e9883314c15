package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.enums.Role;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

/** Our frames, read back by Java-WebSocket's own parser in the server's role. */
class FrameWriterTest {

  /** Counts the writes that reach the socket's stream. */
  private static final class Wire extends ByteArrayOutputStream {
    int writes;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      super.write(b, off, len);
    }
  }

  @Test
  void flush_everyLengthEncoding_serverReadsTheSameTextFramesInOrder() throws Exception {
    Wire wire = new Wire();
    FrameWriter frames = new FrameWriter(wire);
    List<byte[]> sent = new ArrayList<>();
    for (int n : new int[] {0, 1, 125, 126, 127, 930, 65_535, 65_536, 70_001}) {
      byte[] payload = payload(n);
      sent.add(payload);
      frames.add(payload);
    }
    frames.flush();

    assertEquals(1, wire.writes, "one write per batch");
    List<Framedata> read = serverReads(wire.toByteArray());
    assertEquals(sent.size(), read.size());
    for (int i = 0; i < sent.size(); i++) {
      Framedata f = read.get(i);
      assertEquals(Opcode.TEXT, f.getOpcode());
      assertTrue(f.isFin());
      assertArrayEquals(sent.get(i), bytes(f.getPayloadData()), "frame " + i);
    }
  }

  @Test
  void add_moreFramesThanOneDrawOfKeys_eachFrameMaskedWithItsOwnKey() throws Exception {
    Wire wire = new Wire();
    FrameWriter frames = new FrameWriter(wire, new Random(7));
    byte[] payload = payload(640);
    int count = 600; // more than one draw of 256 keys
    for (int i = 0; i < count; i++) {
      frames.add(payload);
    }
    frames.flush();

    byte[] all = wire.toByteArray();
    int frameBytes = all.length / count;
    byte[] first = Arrays.copyOfRange(all, 0, frameBytes);
    byte[] second = Arrays.copyOfRange(all, frameBytes, 2 * frameBytes);
    assertNotEquals(Arrays.toString(first), Arrays.toString(second), "the same mask twice");
    List<Framedata> read = serverReads(all);
    assertEquals(count, read.size());
    for (Framedata f : read) {
      assertArrayEquals(payload, bytes(f.getPayloadData()));
    }
  }

  @Test
  void flush_nothingAdded_writesNothing() throws Exception {
    Wire wire = new Wire();
    new FrameWriter(wire).flush();
    assertEquals(0, wire.writes);
  }

  private static List<Framedata> serverReads(byte[] wire) throws Exception {
    Draft_6455 server = new Draft_6455(List.of(), 16 << 20);
    server.setParseMode(Role.SERVER); // a server refuses unmasked frames
    return server.translateFrame(ByteBuffer.wrap(wire));
  }

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
