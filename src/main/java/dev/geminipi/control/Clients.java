package dev.geminipi.control;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control socket's client slots: at most {@code capacity} clients at once, each either
 * waiting for its next request line or busy with one. A newcomer to a full table takes the
 * place of the client that has waited longest for a line, so idle connections can never lock
 * the CLI out; only when every client is busy is the newcomer refused. The reaper closes
 * clients that wait (or are busy) too long. Thread-safe.
 */
final class Clients {
  /** One connected client; its fields are guarded by the table's lock. */
  static final class Client {
    final SocketChannel channel;
    private long sinceNanos;
    private boolean busy;
    private boolean gone;

    Client(SocketChannel channel, long nowNanos) {
      this.channel = channel;
      this.sinceNanos = nowNanos;
    }
  }

  /** Whether a newcomer got a slot, and which client it displaced (to be closed), if any. */
  record Admission(boolean admitted, Client displaced) {
  }

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Client> live;

  Clients(int capacity) {
    this.capacity = capacity;
    this.live = new ArrayList<>(capacity);
  }

  Admission admit(Client c) {
    lock.lock();
    try {
      if (live.size() < capacity) {
        live.add(c);
        return new Admission(true, null);
      }
      Client longest = null;
      for (Client other : live) {
        if (!other.busy && (longest == null || other.sinceNanos - longest.sinceNanos < 0)) {
          longest = other;
        }
      }
      if (longest == null) {
        return new Admission(false, null);
      }
      drop(longest);
      live.add(c);
      return new Admission(true, longest);
    } finally {
      lock.unlock();
    }
  }

  /** A request line arrived; false when the client was displaced or reaped meanwhile. */
  boolean busy(Client c, long nowNanos) {
    return mark(c, true, nowNanos);
  }

  /** Its answer is written; it waits for the next line from now on. */
  boolean waiting(Client c, long nowNanos) {
    return mark(c, false, nowNanos);
  }

  private boolean mark(Client c, boolean busy, long nowNanos) {
    lock.lock();
    try {
      if (c.gone) {
        return false;
      }
      c.busy = busy;
      c.sinceNanos = nowNanos;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void remove(Client c) {
    lock.lock();
    try {
      drop(c);
    } finally {
      lock.unlock();
    }
  }

  /** Takes out every client that waited longer than {@code idleNanos} or was busy longer than
   *  {@code busyNanos}, and returns them to be closed. */
  List<Client> overdue(long nowNanos, long idleNanos, long busyNanos) {
    List<Client> out = new ArrayList<>();
    lock.lock();
    try {
      for (Client c : List.copyOf(live)) {
        if (nowNanos - c.sinceNanos > (c.busy ? busyNanos : idleNanos)) {
          drop(c);
          out.add(c);
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** Takes out every client, to close them all. */
  List<Client> clear() {
    lock.lock();
    try {
      List<Client> all = List.copyOf(live);
      all.forEach(this::drop);
      return all;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return live.size();
    } finally {
      lock.unlock();
    }
  }

  private void drop(Client c) {
    c.gone = true;
    live.remove(c);
  }
}
