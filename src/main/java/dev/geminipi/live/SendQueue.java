package dev.geminipi.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between callers and the socket writer (STYLE 13, 14). Producers never
 * block. Audio is capped in bytes and the <em>oldest</em> audio goes first when the link
 * stalls, because late speech is worth less than current speech. Everything else (text,
 * tool responses, activity signals) is kept, up to a hard cap past which the connection is
 * better closed and resumed than fed.
 */
final class SendQueue {
  /** One message waiting to be written. */
  record Item(String json, boolean audio) {
  }

  /** What {@link #offer} did. */
  enum Offer { QUEUED, QUEUED_AFTER_DROP, OVER_CAP, CLOSED }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private final long audioCapChars;
  private final long totalCapChars;
  private long audioChars;
  private long totalChars;
  private boolean open = true;
  private boolean draining;
  private boolean released;
  // The writer took an item and has not asked for the next one yet, so it may not be on the
  // wire: a graceful close must wait for it too (close right after a toolResponse lost it).
  private boolean handedOut;

  SendQueue(long audioCapChars, long totalCapChars) {
    this.audioCapChars = audioCapChars;
    this.totalCapChars = totalCapChars;
  }

  Offer offer(String json, boolean audio) {
    lock.lock();
    try {
      if (!open || draining) {
        return Offer.CLOSED;
      }
      boolean dropped = false;
      if (audio) {
        while (audioChars + json.length() > audioCapChars && dropOldestAudio()) {
          dropped = true;
        }
      }
      if (totalChars + json.length() > totalCapChars) {
        return Offer.OVER_CAP;
      }
      items.addLast(new Item(json, audio));
      totalChars += json.length();
      if (audio) {
        audioChars += json.length();
      }
      changed.signalAll();
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
        audioChars -= item.json().length();
        totalChars -= item.json().length();
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

  /** The next item once released, or null after {@link #close} or when the wait times out. */
  Item take(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      handedOut = false;
      long left = timeoutNanos;
      while (open && (!released || items.isEmpty())) {
        if (draining && (items.isEmpty() || !released)) {
          return null;
        }
        if (left <= 0) {
          return null;
        }
        left = changed.awaitNanos(left);
      }
      if (!open) {
        return null;
      }
      Item item = items.removeFirst();
      handedOut = true;
      totalChars -= item.json().length();
      if (item.audio()) {
        audioChars -= item.json().length();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  Item take() throws InterruptedException {
    return take(TimeUnit.DAYS.toNanos(365));
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
      totalChars = 0;
      audioChars = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Characters waiting, audio and the rest together; never above the total cap. */
  long queuedChars() {
    lock.lock();
    try {
      return totalChars;
    } finally {
      lock.unlock();
    }
  }
}
