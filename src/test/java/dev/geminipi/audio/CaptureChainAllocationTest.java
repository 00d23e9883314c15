package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

// Issue 3.3/3.10: the capture path allocates nothing per chunk. Drives what the capture thread runs
// for each read (CaptureChain: conversion, channel pick or mix, gain, resampling, re-cutting into
// chunks; then, as JavaSoundMicrophone.onChunk does, the pre-roll ring and the little-endian bytes)
// and counts the bytes this thread allocates with HotSpot's per-thread counter.
class CaptureChainAllocationTest {

  private static final int CHUNK_MS = 20;
  private static final int CHUNK_FRAMES = CaptureChain.OUT_RATE_HZ / 1000 * CHUNK_MS;
  // Enough for the JIT to compile the per-sample loops (hot after a few reads) and for the first
  // reads' one-off costs (class loading, lambda linkage) to pass; nothing here relies on escape
  // analysis removing an allocation, so the interpreter and C1 must be allocation-free as well.
  private static final int WARM_UP_READS = 1_000;
  private static final int MEASURED_READS = 2_000;
  // A round can be disturbed by the JIT itself: a deoptimisation or an on-stack replacement drops
  // code back to the interpreter, which may allocate what compiled code keeps in registers. A
  // per-chunk allocation shows in every round, so the quietest of three rounds must be exactly 0.
  private static final int ROUNDS = 3;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void push_16kMono_allocatesNothingPerRead() {
    assertAllocationFree(CaptureConverter.pickingChannel(PcmFormat.S16LE_MONO, 0, 1.0f), 16_000);
  }

  @Test
  void push_44k1Mono_allocatesNothingPerRead() {
    assertAllocationFree(CaptureConverter.pickingChannel(PcmFormat.S16LE_MONO, 0, 2.0f), 44_100);
  }

  @Test
  void push_48kStereo32Bit_allocatesNothingPerRead() {
    assertAllocationFree(CaptureConverter.pickingChannel(new PcmFormat(32, 2, false), 1, 4.0f), 48_000);
  }

  @Test
  void push_48k4Channel32Bit_allocatesNothingPerRead() {
    assertAllocationFree(CaptureConverter.mixingAll(new PcmFormat(32, 4, false), 1.5f), 48_000);
  }

  private static void assertAllocationFree(CaptureConverter converter, int rateHz) {
    PcmFormat format = converter.format();
    int readFrames = rateHz * CHUNK_MS / 1000;
    CaptureChain chain = new CaptureChain(converter, rateHz, CHUNK_FRAMES, readFrames);
    byte[] read = loudTone(format, rateHz, readFrames);
    Receiver receiver = new Receiver();
    CaptureChain.Sink sink = receiver::chunk;
    long allocatedBeforeWarmUp = THREADS.getCurrentThreadAllocatedBytes();

    run(chain, read, sink, receiver, WARM_UP_READS);
    long least = Long.MAX_VALUE;
    long chunks = 0;
    for (int round = 0; round < ROUNDS && least > 0; round++) {
      long chunksBefore = receiver.chunks;
      long before = THREADS.getCurrentThreadAllocatedBytes();
      run(chain, read, sink, receiver, MEASURED_READS);
      least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
      chunks = receiver.chunks - chunksBefore;
    }

    Figures.report("capture chain %d Hz %d ch %d-bit: %d bytes allocated in %d reads (%d chunks) after a "
        + "warm-up of %d reads, which allocated %d bytes", rateHz, format.channels(), format.bitsPerSample(),
        least, MEASURED_READS, chunks, WARM_UP_READS, THREADS.getCurrentThreadAllocatedBytes()
        - allocatedBeforeWarmUp - least);
    assertEquals(MEASURED_READS, chunks, 1, "one 20 ms chunk out per 20 ms read");
    assertEquals(0, least, "bytes allocated by " + MEASURED_READS + " reads of " + rateHz + " Hz " + format);
  }

  // One read as JavaSoundMicrophone does it: the chain, then per chunk what onChunk does with it,
  // and now and then a pre-roll delivery (requestPreRoll) that empties the ring in chunk pieces.
  private static void run(CaptureChain chain, byte[] read, CaptureChain.Sink sink, Receiver receiver, int reads) {
    for (int i = 0; i < reads; i++) {
      chain.push(read, read.length, sink);
      if (i % 100 == 99) {
        receiver.drainPreRoll();
      }
    }
  }

  private static final class Receiver {
    final PreRollRing ring = new PreRollRing(PreRollRing.DEFAULT_PRE_ROLL_MS);
    final byte[] bytes = new byte[CHUNK_FRAMES * 2];
    final short[] piece = new short[CHUNK_FRAMES];
    final byte[] pieceBytes = new byte[CHUNK_FRAMES * 2];
    long chunks;
    long checksum;

    void chunk(short[] samples, int frames) {
      chunks++;
      ring.write(samples, 0, frames);
      Pcm16.toLittleEndian(samples, frames, bytes);
      checksum += bytes[frames];
    }

    void drainPreRoll() {
      int n;
      while ((n = ring.read(piece, 0, piece.length)) > 0) {
        Pcm16.toLittleEndian(piece, n, pieceBytes);
        checksum += pieceBytes[0];
      }
    }
  }

  // A 1 kHz tone at -3 dBFS in every channel of `format`: loud enough that gains above 1.4 clip.
  private static byte[] loudTone(PcmFormat format, int rateHz, int frames) {
    SampleCodec codec = SampleCodec.of(format);
    byte[] b = new byte[frames * format.frameBytes()];
    for (int f = 0; f < frames; f++) {
      int s32 = (int) Math.round(0.7 * Integer.MAX_VALUE * Math.sin(2 * Math.PI * 1000.0 * f / rateHz));
      for (int c = 0; c < format.channels(); c++) {
        codec.write(s32, b, f * format.frameBytes() + c * codec.bytes);
      }
    }
    return b;
  }
}
