package dev.geminipi.conversation;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine's mailbox. Made first, so every part can be handed {@link #post} before
 * the state machine itself exists. Bounded: a wedged consumer must not take the heap with it
 * (STYLE 13); an event that does not fit is dropped, counted and logged.
 */
public final class EventQueue implements Consumer<Event> {
  /** Far more than a burst of model audio and triggers; only a stuck consumer fills it. */
  static final int CAPACITY = 4096;

  private static final Logger log = LoggerFactory.getLogger(EventQueue.class);

  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final LongAdder dropped = new LongAdder();

  /** From any thread; never blocks. */
  public void post(Event e) {
    if (!queue.offer(e)) {
      dropped.increment();
      if (dropped.sum() == 1 || log.isDebugEnabled()) {
        log.warn("the conversation is not keeping up: dropped {} (status shows the count)", e);
      }
    }
  }

  @Override
  public void accept(Event e) {
    post(e);
  }

  /** For tests that step the machine until nothing is left to handle (STYLE 28). */
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  Event poll(long timeoutNanos) throws InterruptedException {
    return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  long dropped() {
    return dropped.sum();
  }
}
