package dev.geminipi.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between callers and the socket writer (STYLE 13, 14). Producers never
 * block. Audio is capped in bytes and the <em>oldest</em> audio goes first when the link
 * stalls, because late speech is worth less than current speech. Everything else (text,
 * tool responses, activity signals) is kept, up to a hard cap past which the connection is
 * better closed and resumed than fed. Sizes are bytes of UTF-8 JSON, the frames' payloads.
 */
final class SendQueue {
  /** One message waiting to be written: UTF-8 JSON, not copied (callers hand it over). */
  record Item(byte[] json, boolean audio) {
  }

  /** What {@link #offer} did. */
  enum Offer { QUEUED, QUEUED_AFTER_DROP, OVER_CAP, CLOSED }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private final long audioCapBytes;
  private final long totalCapBytes;
  private long audioBytes;
  private long totalBytes;
  private boolean open = true;
  private boolean draining;
  private boolean released;
  // The writer took items and has not asked for more yet, so they may not be on the wire: a
  // graceful close must wait for them too (close right after a toolResponse lost it).
  private boolean handedOut;

  SendQueue(long audioCapBytes, long totalCapBytes) {
    this.audioCapBytes = audioCapBytes;
    this.totalCapBytes = totalCapBytes;
  }

  Offer offer(byte[] json, boolean audio) {
    lock.lock();
    try {
      if (!open || draining) {
        return Offer.CLOSED;
      }
      boolean dropped = false;
      if (audio) {
        while (audioBytes + json.length > audioCapBytes && dropOldestAudio()) {
          dropped = true;
        }
      }
      if (totalBytes + json.length > totalCapBytes) {
        return Offer.OVER_CAP;
      }
      boolean wasEmpty = items.isEmpty();
      items.addLast(new Item(json, audio));
      totalBytes += json.length;
      if (audio) {
        audioBytes += json.length;
      }
      if (wasEmpty) {
        changed.signal(); // the writer waits only on an empty queue, and it is the only waiter
      }
      return dropped ? Offer.QUEUED_AFTER_DROP : Offer.QUEUED;
    } finally {
      lock.unlock();
    }
  }

  private boolean dropOldestAudio() {
    for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
      Item item = it.next();
      if (item.audio()) {
        it.remove();
        audioBytes -= item.json().length;
        totalBytes -= item.json().length;
        return true;
      }
    }
    return false;
  }

  /** Lets {@link #take} hand out items; until then they wait (no message before setupComplete). */
  void release() {
    lock.lock();
    try {
      released = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves the items queued now into {@code batch} (cleared first), at least one and then as many
   * as fit in {@code maxBytes}, once released; waits up to {@code timeoutNanos} for the first.
   * Returns false after {@link #close}, or once a {@link #drainAndClose} has nothing left; true
   * with an empty batch when the wait timed out.
   */
  boolean takeBatch(List<Item> batch, long maxBytes, long timeoutNanos)
      throws InterruptedException {
    batch.clear();
    lock.lock();
    try {
      handedOut = false;
      long left = timeoutNanos;
      while (open && (!released || items.isEmpty())) {
        if (draining) {
          return false;
        }
        if (left <= 0) {
          return true;
        }
        left = changed.awaitNanos(left);
      }
      if (!open) {
        return false;
      }
      long bytes = 0;
      do {
        Item item = items.removeFirst();
        batch.add(item);
        bytes += item.json().length;
        totalBytes -= item.json().length;
        if (item.audio()) {
          audioBytes -= item.json().length;
        }
      } while (!items.isEmpty() && bytes + items.peekFirst().json().length <= maxBytes);
      handedOut = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes no more; {@link #take} hands out what is queued (a tool response, the last words)
   * and then returns null, so a graceful close loses nothing already sent.
   */
  void drainAndClose() {
    lock.lock();
    try {
      draining = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether a writer could still hand out items, or holds one it has not written yet. */
  boolean hasDeliverable() {
    lock.lock();
    try {
      return open && released && (!items.isEmpty() || handedOut);
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      open = false;
      items.clear();
      totalBytes = 0;
      audioBytes = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes waiting, audio and the rest together; never above the total cap. */
  long queuedBytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }
}
