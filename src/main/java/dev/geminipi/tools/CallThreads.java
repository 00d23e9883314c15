package dev.geminipi.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls of a {@link ToolSource} whose work runs on a virtual thread of its own each (an MCP
 * server's answer, an MQTT reply): which are still owed a response, and the thread to interrupt
 * when the model withdraws one. A withdrawn or closed call is forgotten, so its late result is
 * never sent: {@link #settle} tells the one thread that may answer.
 */
public final class CallThreads {
  /** Stands for a call that is owed a response but has no thread of its own yet. */
  private static final Thread WAITING = Thread.ofVirtual().name("call-waiting").unstarted(() -> {
  });

  private final String prefix;
  private final Map<String, Thread> open = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @param prefix the start of each call thread's name, e.g. {@code mcp-call-} */
  public CallThreads(String prefix) {
    this.prefix = prefix;
  }

  /** The call is owed a response from now on (before any confirmation is asked). */
  public void owe(String id) {
    open.put(id, WAITING);
  }

  /** True after {@link #close}: new calls are answered "shutting down". */
  public boolean closed() {
    return closed;
  }

  /** Runs the call's work on a thread named {@code prefix + name}, unless it was withdrawn. */
  public void start(String id, String name, Runnable work) {
    Thread t = Thread.ofVirtual().name(prefix + name).unstarted(work);
    if (open.replace(id, t) != null) {
      t.start();
    }
  }

  /** Runs {@code answer} on a thread of its own, so a caller's thread never sends a response. */
  public void later(Runnable answer) {
    Thread.ofVirtual().name(prefix + "answer").start(answer);
  }

  /** True once for a call still owed a response: the caller sends it; false if withdrawn. */
  public boolean settle(String id) {
    return open.remove(id) != null;
  }

  /**
   * Forgets the calls the model withdrew and interrupts their threads.
   *
   * @return the ids that were still owed a response
   */
  public List<String> withdraw(List<String> ids) {
    List<String> owed = new ArrayList<>();
    for (String id : ids) {
      Thread t = open.remove(id);
      if (t != null) {
        owed.add(id);
        if (t != WAITING) {
          t.interrupt();
        }
      }
    }
    return owed;
  }

  /** Stops taking calls; calls in flight are interrupted and get no response. */
  public void close() {
    closed = true;
    withdraw(List.copyOf(open.keySet()));
  }
}
