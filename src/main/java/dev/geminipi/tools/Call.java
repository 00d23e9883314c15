package dev.geminipi.tools;

import dev.geminipi.live.ServerEvent;
import java.util.concurrent.ScheduledFuture;

/** One function call on its way through a lane; its mutable fields are guarded by {@link Calls}. */
final class Call {
  enum State { QUEUED, RUNNING, DONE, CANCELLED }

  final ServerEvent.FunctionCall fc;
  final Tool tool;
  /** Which toolCall it came in: calls of one toolCall never repeat each other. */
  final long batch;
  State state = State.QUEUED;
  /** It drove its pin (a refused call did not). */
  boolean moved;
  /** When it was answered or cancelled. */
  long endNanos;
  /** Releases the pin's lane; set when the call starts. */
  Runnable done;
  /** The scheduled end of a running pulse. */
  ScheduledFuture<?> pulseEnd;

  Call(ServerEvent.FunctionCall fc, Tool tool, long batch) {
    this.fc = fc;
    this.tool = tool;
    this.batch = batch;
  }
}
