package dev.geminipi.audio;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

// The jitter buffer between the threads that queue audio (the WebSocket reader, the state machine)
// and the playback thread. The model sends its speech in bursts, often much faster than real time
// (docs/protocol.md §7), so the bound is generous: two minutes, about 5.8 MB at 24 kHz, held as the
// chunks that arrived rather than preallocated. When full, the NEWEST chunk is dropped: what is already
// queued keeps playing without a jump, and the listener loses the end of an answer that ran two
// minutes ahead of the speaker, not its middle. A cut request travels with the queue, under the
// same lock as the clear, so the playback thread never plays a chunk that was queued before a cut.
final class PlaybackQueue {

  /** Whose sound a chunk is: the half-duplex gate closes for the model's voice only. */
  enum Kind { SPEECH, EARCON }

  /** Mono 16-bit samples at one rate; never modified once queued. */
  record Chunk(short[] samples, int rateHz, Kind kind) {
    /** The model's speech. */
    Chunk(short[] samples, int rateHz) {
      this(samples, rateHz, Kind.SPEECH);
    }

    long nanos() {
      return samples.length * 1_000_000_000L / rateHz;
    }
  }

  static final int DEFAULT_MAX_MS = 120_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private final long maxNanos;
  private final LongAdder droppedNanos = new LongAdder();
  // Guarded by lock.
  private long queuedNanos;
  private boolean cutRequested;
  private boolean closed;

  PlaybackQueue(int maxMs) {
    this.maxNanos = TimeUnit.MILLISECONDS.toNanos(maxMs);
  }

  /** Queues {@code chunk}, or drops it (counted) if it does not fit or the queue is closed. */
  boolean offer(Chunk chunk) {
    long nanos = chunk.nanos();
    lock.lock();
    try {
      if (closed || queuedNanos + nanos > maxNanos) {
        droppedNanos.add(nanos);
        return false;
      }
      chunks.addLast(chunk);
      queuedNanos += nanos;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code chunk} as dropped without queueing it. */
  void drop(Chunk chunk) {
    droppedNanos.add(chunk.nanos());
  }

  /** The oldest chunk, or null if there is none. */
  Chunk poll() {
    lock.lock();
    try {
      Chunk c = chunks.pollFirst();
      if (c != null) {
        queuedNanos -= c.nanos();
      }
      return c;
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything queued (not counted: it was unwanted) and asks the playback thread to cut. */
  void cut() {
    lock.lock();
    try {
      chunks.clear();
      queuedNanos = 0;
      cutRequested = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything queued and counts it, e.g. when no device can play it. */
  void discard() {
    lock.lock();
    try {
      droppedNanos.add(queuedNanos);
      chunks.clear();
      queuedNanos = 0;
    } finally {
      lock.unlock();
    }
  }

  /** True once per {@link #cut()}. */
  boolean takeCut() {
    lock.lock();
    try {
      boolean c = cutRequested;
      cutRequested = false;
      return c;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a cut or close is asked for, or {@code nanos} pass (negative: no limit); with
   * {@code orData}, also until something is queued.
   */
  void await(long nanos, boolean orData) throws InterruptedException {
    lock.lock();
    try {
      if (!(orData && !chunks.isEmpty()) && !cutRequested && !closed) {
        if (nanos < 0) {
          changed.await();
        } else {
          changed.awaitNanos(nanos);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return chunks.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  long droppedMs() {
    return droppedNanos.sum() / 1_000_000;
  }
}
