package dev.geminipi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The room the daemon's microphone hears: writes 16 kHz mono s16le into PulseAudio's pipe
 * source in 10 ms blocks at real-time pace, silence until {@link #play} and after the file
 * ends. Paced against its start, so a late wake-up catches up instead of drifting.
 */
final class MicFeeder {
  private static final int BLOCK_BYTES = 16_000 * 2 / 100;
  private static final long BLOCK_NANOS = 10_000_000L;

  private final AtomicReference<Path> next = new AtomicReference<>();
  private volatile boolean stopped;

  MicFeeder(Path fifo) {
    Thread.ofPlatform().name("mic-feeder").daemon(true).start(() -> feed(fifo));
  }

  /** Plays this file from the next block on. */
  void play(Path pcm) {
    next.set(pcm);
  }

  void stop() {
    stopped = true;
  }

  private void feed(Path fifo) {
    byte[] block = new byte[BLOCK_BYTES];
    InputStream source = InputStream.nullInputStream();
    try (OutputStream out = Files.newOutputStream(fifo)) {
      long start = System.nanoTime();
      for (long n = 1; !stopped; n++) {
        Path pcm = next.getAndSet(null);
        if (pcm != null) {
          source.close();
          source = Files.newInputStream(pcm);
        }
        int got = source.readNBytes(block, 0, BLOCK_BYTES);
        java.util.Arrays.fill(block, got, BLOCK_BYTES, (byte) 0);
        out.write(block);
        out.flush();
        LockSupport.parkNanos(start + n * BLOCK_NANOS - System.nanoTime());
      }
      source.close();
    } catch (IOException e) {
      // pulseaudio stopped
    }
  }
}
