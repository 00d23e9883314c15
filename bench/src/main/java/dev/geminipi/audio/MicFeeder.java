package dev.geminipi.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

// Plays the "room" into PulseAudio's pipe source: 16 kHz mono s16le in 10 ms blocks, paced by the
// clock, silence unless a tone burst is asked for. It notes when the first block of each burst was
// handed to the FIFO, which is when the sound "reaches the microphone".
final class MicFeeder {

  private static final int RATE_HZ = 16_000;
  private static final int BLOCK_FRAMES = RATE_HZ / 100;

  private final AtomicLong burstFrames = new AtomicLong();
  private final AtomicLong burstStartNanos = new AtomicLong();

  MicFeeder(Path fifo) {
    Thread.ofPlatform().name("mic-feeder").daemon(true).start(() -> feed(fifo));
  }

  /** Starts a 1 kHz burst of {@code ms} at the next block; {@link #burstStartNanos()} tells when. */
  void burst(int ms) {
    burstStartNanos.set(0);
    burstFrames.set((long) RATE_HZ * ms / 1000);
  }

  long burstStartNanos() {
    return burstStartNanos.get();
  }

  private void feed(Path fifo) {
    byte[] block = new byte[BLOCK_FRAMES * 2];
    long phase = 0;
    try (OutputStream out = Files.newOutputStream(fifo)) {
      long next = System.nanoTime();
      while (true) {
        long left = burstFrames.get();
        boolean first = left > 0 && burstStartNanos.get() == 0;
        for (int i = 0; i < BLOCK_FRAMES; i++) {
          short s = 0;
          if (left-- > 0) {
            s = (short) (10_000 * Math.sin(2 * Math.PI * 1_000 * phase++ / RATE_HZ));
          }
          block[2 * i] = (byte) s;
          block[2 * i + 1] = (byte) (s >> 8);
        }
        burstFrames.set(Math.max(0, left));
        if (first) {
          burstStartNanos.set(System.nanoTime());
        }
        out.write(block);
        out.flush();
        next += 10_000_000L;
        LockSupport.parkNanos(next - System.nanoTime());
      }
    } catch (IOException e) {
      // pulseaudio stopped
    }
  }
}
