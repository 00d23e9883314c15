package dev.geminipi.tools;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.gpio.GpioFault;
import dev.geminipi.live.Outcome;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each action does to its pin, inside the pin's lane: the checks that refuse a call
 * before anything moves (arguments, availability, minIntervalSec), the move itself, and the
 * safety timers. A pulse schedules an explicit off rather than a toggle (STYLE 12), and
 * keeps its lane until then.
 */
final class Actions {
  private static final Logger log = LoggerFactory.getLogger(Actions.class);

  private final Calls calls;
  private final Responses responses;
  private final Function<Tool, Lane> lanes;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final ToolState state;
  private final AutoOff autoOff;

  Actions(Calls calls, Responses responses, Function<Tool, Lane> lanes,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state) {
    this.calls = calls;
    this.responses = responses;
    this.lanes = lanes;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.state = state;
    this.autoOff = new AutoOff(scheduler);
  }

  /** Runs call {@code c} in its pin's lane; {@code done} releases the lane. */
  void start(Call c, Runnable done) {
    Tool t = c.tool;
    if (!calls.start(c, done)) {
      done.run(); // withdrawn while it waited
      return;
    }
    Args.Checked checked = Args.check(t.config(), c.fc.args());
    if (checked instanceof Args.Refused r) {
      finish(c, Outcome.invalidArgument(r.error(), r.validOptions()));
      return;
    }
    JsonObject refusal = admit(t);
    if (refusal != null) {
      finish(c, refusal);
      return;
    }
    try {
      switch (checked) {
        case Args.Switch s -> {
          calls.moved(c);
          t.set(s.on());
          armAutoOff(t);
          finish(c, Outcome.ok(t.name() + " is " + (s.on() ? "on" : "off") + " now")
              .set("on", s.on()));
        }
        case Args.Percent p -> {
          calls.moved(c);
          t.setPercent(p.percent());
          armAutoOff(t);
          finish(c, Outcome.ok(t.name() + " is at " + p.percent() + " percent now")
              .set("percent", p.percent()));
        }
        case Args.None n -> noArguments(c, t);
        case Args.Refused r -> throw new IllegalStateException("refused calls returned above");
      }
    } catch (GpioFault e) {
      log.warn("{} failed on GPIO {}: {}", t.name(), t.pin(), e.getMessage());
      finish(c, Replies.fault(t));
    }
  }

  private void noArguments(Call c, Tool t) {
    ToolConfig cfg = t.config();
    switch (cfg.action()) {
      case TOGGLE -> {
        calls.moved(c);
        boolean on = !t.isOn();
        t.set(on);
        armAutoOff(t);
        finish(c, Outcome.ok(t.name() + " is " + (on ? "on" : "off") + " now").set("on", on));
      }
      case READ -> {
        String state = t.readHigh() ? cfg.states().high() : cfg.states().low();
        finish(c, Outcome.ok(t.name() + " reads " + state).set("state", state));
      }
      case PULSE -> startPulse(c, t);
      case SWITCH, PWM -> throw new IllegalStateException(cfg.action() + " takes arguments");
    }
  }

  private void startPulse(Call c, Tool t) {
    int pulseMs = t.pulseMs();
    calls.moved(c);
    t.set(true);
    Audit.line(t.name(), Replies.args(c.fc), t.pin(), t.level(), "pulsing " + pulseMs
        + " ms");
    if (!calls.holdPulse(c, () -> scheduler.schedule(() -> responses.later(() -> endPulse(c)),
        pulseMs, TimeUnit.MILLISECONDS))) {
      endPulse(c);
    }
  }

  /** Ends a pulse on time or cut short by a cancellation; either way the pin rests. */
  void endPulse(Call c) {
    Tool t = c.tool;
    try {
      t.set(false);
    } catch (GpioFault e) {
      log.error("{} may be stuck on: GPIO {} did not return to rest after a pulse: {}",
          t.name(), t.pin(), e.getMessage());
      finish(c, Replies.fault(t));
      return;
    }
    finish(c, Outcome.ok(t.name() + " was switched on for " + t.pulseMs() + " ms and is off "
        + "again").set("pulsed_ms", t.pulseMs()));
  }

  /** Drives an output to rest, e.g. on hangup or shutdown, with an audit line if it moved. */
  void rest(Tool t, String why, Runnable done) {
    try {
      autoOff.disarm(t);
      boolean wasOn = t.isOn();
      String result = t.rest();
      state.off(t.name());
      if (wasOn) {
        Audit.line(t.name(), why, t.pin(), t.level(), result);
      }
    } catch (GpioFault e) {
      if (e.shutDown()) {
        // GPIO's own shutdown hook got there first and left the pin at rest.
        log.debug("{} already at rest ({})", t.name(), why);
        return;
      }
      log.warn("{} could not be set to rest ({}): {}", t.name(), why, e.getMessage());
    } finally {
      done.run();
    }
  }

  void cancelTimers() {
    autoOff.cancelAll();
  }

  /** Null when the call may go ahead; else why not, as the answer for the model. */
  private JsonObject admit(Tool t) {
    if (!t.available()) {
      return Replies.notOpened(t);
    }
    if (calls.isClosed()) {
      return Replies.shuttingDown(t.name());
    }
    // Only this pin's lane admits calls to this tool, so check and record cannot interleave.
    long now = nanoTime.getAsLong();
    long waitSec = waitSec(t, now);
    if (waitSec > 0) {
      return Outcome.error(Outcome.Status.NOT_ALLOWED, true, tooSoon(t, now))
          .set("retry_after_sec", waitSec);
    }
    if (t.config().minIntervalSec() > 0) {
      state.used(t.name(), now); // a write to the state file: only where a limit needs it
    }
    return null;
  }

  /** Why a call now would be refused by minIntervalSec; null when it would not. */
  String tooSoon(Tool t, long now) {
    long waitSec = waitSec(t, now);
    return waitSec == 0 ? null : t.name() + " may be used once every "
        + seconds(t.config().minIntervalSec()) + "; try again in " + seconds(waitSec);
  }

  /** Whole seconds until minIntervalSec allows the tool again; 0 when it does now. */
  private long waitSec(Tool t, long now) {
    int minSec = t.config().minIntervalSec();
    OptionalLong last = state.lastUsed(t.name());
    long minNanos = TimeUnit.SECONDS.toNanos(minSec);
    if (minSec > 0 && last.isPresent() && now - last.getAsLong() < minNanos) {
      return (minNanos - (now - last.getAsLong()) + 999_999_999L) / 1_000_000_000L;
    }
    return 0;
  }

  private void finish(Call c, JsonObject answer) {
    responses.finish(c, answer, true);
    c.done.run();
  }

  /**
   * maxOnSec: an output left on turns itself off, through its lane like any call. The time
   * counts from the moment the output went on: a repeated "on" (or a new duty cycle) finds
   * it on already and changes nothing, so no call can extend it.
   */
  private void armAutoOff(Tool t) {
    if (!t.isOn()) {
      autoOff.disarm(t);
      state.off(t.name());
      return;
    }
    int maxOnSec = t.config().maxOnSec();
    if (maxOnSec <= 0 || state.onSince(t.name()).isPresent()) {
      return;
    }
    state.on(t.name(), nanoTime.getAsLong());
    if (!autoOff.arm(t, maxOnSec, lanes.apply(t), done -> rest(t, "maxOnSec", done))) {
      log.warn("{}: maxOnSec timer not set, the scheduler is stopped", t.name());
    }
  }

  private static String seconds(long n) {
    return n == 1 ? "1 second" : n + " seconds";
  }
}
