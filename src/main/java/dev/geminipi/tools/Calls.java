package dev.geminipi.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The calls in flight, from the moment they are opened until they are answered or withdrawn,
 * and the one lock that decides each call's fate once: a withdrawal (a cancellation, an
 * interruption, shutdown) and an answer can race, and whichever comes first wins; the other
 * finds the call settled. Also remembers each output tool's newest moving call, so the same
 * call re-issued under a new id is recognised as a repeat (3.8 does that after dropping a call
 * on an interruption, docs/gpio.md). Holds no I/O: the router and the actions move pins and
 * send answers outside this lock.
 */
final class Calls {
  /** What {@link #open} decided for a new call. */
  sealed interface Opening {
    /** The call is in flight and owes exactly one answer, unless it is withdrawn. */
    record Opened() implements Opening {
    }

    /**
     * The call repeats {@code firstId} (same tool, same arguments, an earlier toolCall) and
     * was not opened; {@code done} when that one has ended, else it is still on its way.
     */
    record Repeat(String firstId, boolean done) implements Opening {
    }

    /** Shutdown has begun: nothing opens any more. */
    record Closed() implements Opening {
    }
  }

  /** A call taken back before its answer; {@code pulseCut} when its pulse must end now. */
  record Withdrawn(Call call, boolean pulseCut) {
  }

  private final LongSupplier nanoTime;
  /** How long after a call ended the same call is a repeat; negative turns repeats off. */
  private final long repeatWindowNanos;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final Map<String, Call> open = new HashMap<>();
  /** Each output tool's newest call that moved or will move its pin. */
  private final Map<String, Call> lastMoving = new HashMap<>();
  private long batch;
  private boolean closed;

  Calls(LongSupplier nanoTime, long repeatWindowNanos) {
    this.nanoTime = nanoTime;
    this.repeatWindowNanos = repeatWindowNanos;
  }

  /** A new toolCall's number: calls of one toolCall never repeat each other. */
  long nextBatch() {
    lock.lock();
    try {
      return ++batch;
    } finally {
      lock.unlock();
    }
  }

  /** Opens {@code call}, unless shutdown has begun or it repeats the tool's previous call. */
  Opening open(Call call) {
    lock.lock();
    try {
      if (closed) {
        return new Opening.Closed();
      }
      // A tool with confirm has the gate, which uses each press or yes once, for this.
      if (call.tool.config().isOutput() && !call.tool.config().confirm().required()
          && repeatWindowNanos >= 0) {
        Call last = lastMoving.get(call.tool.name());
        if (last != null && last.batch != call.batch && repeats(call, last)) {
          return new Opening.Repeat(last.fc.id(), last.state == Call.State.DONE);
        }
        lastMoving.put(call.tool.name(), call);
      }
      open.put(call.fc.id(), call);
      return new Opening.Opened();
    } finally {
      lock.unlock();
    }
  }

  private boolean repeats(Call call, Call last) {
    if (!Replies.args(call.fc).equals(Replies.args(last.fc))) {
      return false;
    }
    return switch (last.state) {
      case QUEUED, RUNNING -> true;
      case DONE, CANCELLED -> last.moved
          && nanoTime.getAsLong() - last.endNanos < repeatWindowNanos;
    };
  }

  /**
   * The call reached its lane: it runs unless it was withdrawn while it waited. {@code done}
   * releases the lane when the call ends.
   */
  boolean start(Call c, Runnable done) {
    lock.lock();
    try {
      c.done = done;
      if (c.state != Call.State.QUEUED) {
        return false;
      }
      c.state = Call.State.RUNNING;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The call is about to drive its pin: from now on a repeat of it must not move it again. */
  void moved(Call c) {
    lock.lock();
    try {
      c.moved = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Schedules the end of a running pulse; false when it must end now instead: the call was
   * withdrawn while the pin went on, or the timers have stopped.
   */
  boolean holdPulse(Call c, Supplier<ScheduledFuture<?>> end) {
    lock.lock();
    try {
      if (c.state != Call.State.RUNNING) {
        return false;
      }
      c.pulseEnd = end.get();
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The call has its answer, from wherever it got to (refused before its lane, or run): true
   * when the answer is still owed, false when the call was withdrawn or already answered.
   * With {@link #withdraw} this is the one place where a call is settled.
   */
  boolean complete(Call c) {
    lock.lock();
    try {
      open.remove(c.fc.id(), c);
      if (c.state != Call.State.QUEUED && c.state != Call.State.RUNNING) {
        return false;
      }
      c.state = Call.State.DONE;
      c.endNanos = nanoTime.getAsLong();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Withdraws the open calls with these ids; ids not open (answered, unknown) are skipped. */
  List<Withdrawn> withdraw(List<String> ids) {
    List<Withdrawn> out = new ArrayList<>();
    lock.lock();
    try {
      for (String id : ids) {
        Call c = open.get(id);
        if (c != null) {
          out.add(withdrawLocked(c));
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** Withdraws every open call {@code which} selects. */
  List<Withdrawn> withdraw(Predicate<Call> which) {
    List<Withdrawn> out = new ArrayList<>();
    lock.lock();
    try {
      for (Call c : List.copyOf(open.values())) {
        if (which.test(c)) {
          out.add(withdrawLocked(c));
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /**
   * Stops opening calls and withdraws every open one; their pulses are left to the caller,
   * which rests every output. False when it was closed already.
   */
  boolean close() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      for (Call c : List.copyOf(open.values())) {
        withdrawLocked(c);
      }
      return true;
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

  /** A withdrawn call is never answered; a running pulse's scheduled end is taken back. */
  private Withdrawn withdrawLocked(Call c) {
    open.remove(c.fc.id(), c);
    boolean running = c.state == Call.State.RUNNING;
    c.state = Call.State.CANCELLED;
    c.endNanos = nanoTime.getAsLong();
    return new Withdrawn(c, running && c.pulseEnd != null && c.pulseEnd.cancel(false));
  }
}
