package dev.geminipi.tools;

import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import dev.geminipi.tools.Answers.Answer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one gate every action with {@code confirm} passes, whoever asks for it ({@code source}
 * model today; MQTT and MCP later). It lets an action through only on what the daemon itself
 * observes, never on the asker's word:
 *
 * <ul>
 *   <li><b>button</b>: the call is held, and a press of a confirm button within the window
 *       lets it run. That press is consumed here: it does not also reach the conversation.
 *   <li><b>voice</b>: two steps, because a held call cannot be answered by voice (a BLOCKING
 *       call is cancelled by new speech, and a NON_BLOCKING model waits for the answer before
 *       speaking about it). The first call is answered "needs_confirmation" at once; the
 *       model asks; a yes in the <i>input</i> transcription (the user's speech, heard after
 *       the model spoke again) lets the same call with the same arguments run when the model
 *       repeats it within the window. In a conversation nobody started at the device (a
 *       {@code say}, an input trigger's prompt) a spoken yes proves nothing and is refused.
 * </ul>
 *
 * At most one action waits at a time: a newer request replaces an older one, so one press or
 * one yes can never confirm two actions. Every outcome is one audit line. Callbacks run
 * outside the lock, on the thread that decided (a trigger's, the timers', the caller's).
 *
 * <p>Longer than STYLE 3 likes on purpose: every outcome with its audit line and its words
 * for the asker is here, so the gate's rules can be read top to bottom in one place.
 */
public final class Confirmations implements AutoCloseable {
  /** The source of actions the model asks for; a conversation's end refuses only those. */
  static final String MODEL = "model";

  /** What started the conversation; a spoken yes counts only when a person is there. */
  public enum Origin {
    BUTTON("a button"), WAKE_WORD("the wake word"), TALK("gemini-pi talk"),
    SAY("say over the control socket"), INPUT("an input trigger's prompt"), NONE("nothing");

    private final String words;

    Origin(String words) {
      this.words = words;
    }

    boolean personAtDevice() {
      return this == BUTTON || this == WAKE_WORD || this == TALK;
    }
  }

  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private Origin origin = Origin.NONE;
  private Pending pending;
  private final Set<Integer> swallowing = new HashSet<>();

  public Confirmations(ScheduledExecutorService scheduler, LongSupplier nanoTime) {
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
  }

  /** A request waiting, and for voice what the user answered since the model asked. */
  private static final class Pending {
    final ConfirmRequest request;
    /** The held call's answer (button); null for voice, whose first call is answered. */
    final Consumer<ConfirmVerdict> then;
    final long askedNanos;
    final SpokenAnswer answer = new SpokenAnswer();
    ScheduledFuture<?> expiry;

    Pending(ConfirmRequest request, Consumer<ConfirmVerdict> then, long askedNanos) {
      this.request = request;
      this.then = then;
      this.askedNanos = askedNanos;
    }

    boolean voice() {
      return then == null;
    }
  }

  /** Decides {@code r} now (voice) or later (button); {@code then} gets exactly one verdict. */
  void ask(ConfirmRequest r, Consumer<ConfirmVerdict> then) {
    List<Runnable> after = new ArrayList<>(2);
    lock.lock();
    try {
      if (r.confirmation().kind() == Kind.VOICE) {
        voice(r, then, after);
      } else {
        replace(r, after);
        hold(new Pending(r, then, nanoTime.getAsLong()), after);
        Audit.confirmation(r, "asked", "waiting " + r.confirmation().windowSec()
            + " s for a press of the button on GPIO " + pins(r));
      }
    } finally {
      lock.unlock();
    }
    after.forEach(Runnable::run);
  }

  private void voice(ConfirmRequest r, Consumer<ConfirmVerdict> then, List<Runnable> after) {
    String tool = r.tool();
    if (!origin.personAtDevice()) {
      String by = origin.words;
      Audit.confirmation(r, "refused", "a spoken yes needs a person at the device, and this "
          + "conversation was started by " + by);
      after.add(() -> then.accept(new ConfirmVerdict.NotDone("refused", tool + " needs a "
          + "spoken yes from someone at the device, and this conversation was started by " + by
          + ", so nothing happened. It can be done in a conversation someone starts at the "
          + "device.")));
      return;
    }
    Pending p = pending;
    if (p != null && p.voice() && p.request.sameAction(r)) {
      switch (p.answer.answer()) {
        case YES -> {
          end(p);
          Audit.confirmation(r, "confirmed", "the user said \"" + p.answer.words() + "\"");
          after.add(() -> then.accept(new ConfirmVerdict.Confirmed("the user said yes")));
        }
        case NO -> {
          end(p);
          Audit.confirmation(r, "refused", "the user said \"" + p.answer.words() + "\"");
          after.add(() -> then.accept(new ConfirmVerdict.NotDone("declined", "The user said no, so "
              + "nothing happened.")));
        }
        case UNCLEAR -> {
          Audit.confirmation(r, "refused", "no yes heard since the model asked");
          after.add(() -> then.accept(new ConfirmVerdict.NotDone("not_confirmed", "Not confirmed: "
              + "the user has not said yes since you asked, so nothing happened. Wait for "
              + "their answer, and call " + tool + " again once they say yes.")));
        }
      }
      return;
    }
    replace(r, after);
    hold(new Pending(r, null, nanoTime.getAsLong()), after);
    int windowSec = r.confirmation().windowSec();
    Audit.confirmation(r, "asked", "waiting " + windowSec + " s for the user to say yes");
    after.add(() -> then.accept(new ConfirmVerdict.NotDone("needs_confirmation", "Nothing happened "
        + "yet: " + tool + " needs the user's spoken yes. Ask them now whether to go ahead; "
        + "when they say yes, call " + tool + " again with the same arguments within "
        + windowSec + " seconds.")));
  }

  /** A button trigger went down; true when the press confirmed an action and is used up. */
  public boolean pressed(int pin) {
    Pending p;
    lock.lock();
    try {
      p = pending;
      if (p == null || p.voice() || !p.request.confirmation().buttonPins().contains(pin)) {
        return false;
      }
      end(p);
      swallowing.add(pin);
      Audit.confirmation(p.request, "confirmed", "button on GPIO " + pin + " pressed after "
          + tenths(nanoTime.getAsLong() - p.askedNanos) + " s");
    } finally {
      lock.unlock();
    }
    p.then.accept(new ConfirmVerdict.Confirmed("button on GPIO " + pin));
    return true;
  }

  /** True when this release ends a press that confirmed: it must not reach the conversation. */
  public boolean released(int pin) {
    lock.lock();
    try {
      return swallowing.remove(pin);
    } finally {
      lock.unlock();
    }
  }

  /** True while the button that confirmed is still held: no hang-up either. */
  public boolean longPressed(int pin) {
    lock.lock();
    try {
      return swallowing.contains(pin);
    } finally {
      lock.unlock();
    }
  }

  /** A new conversation: who started it decides whether a spoken yes can count. */
  public void conversationStarted(Origin o) {
    lock.lock();
    try {
      origin = o;
    } finally {
      lock.unlock();
    }
  }

  /** The user's own speech, from the input transcription. */
  public void userSaid(String text) {
    lock.lock();
    try {
      if (pending != null && pending.voice()) {
        pending.answer.userSaid(text);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The model's speech (output transcription): the user's next words are an answer. */
  public void modelSaid(String text) {
    lock.lock();
    try {
      if (pending != null && pending.voice()) {
        pending.answer.modelSaid(text);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The conversation ended: what the model asked for is refused; the person has gone. */
  void conversationEnded() {
    Pending p;
    lock.lock();
    try {
      origin = Origin.NONE;
      p = pending;
      if (p == null || !p.request.source().equals(MODEL)) {
        return;
      }
      end(p);
      Audit.confirmation(p.request, "refused", "the conversation ended");
    } finally {
      lock.unlock();
    }
    if (!p.voice()) {
      p.then.accept(new ConfirmVerdict.NotDone("not_confirmed", "Not confirmed: the conversation "
          + "ended, so nothing happened."));
    }
  }

  /** The asker withdrew call {@code id}; true if it was the one waiting (it gets no answer). */
  boolean cancel(String id) {
    lock.lock();
    try {
      Pending p = pending;
      if (p == null || p.voice() || !p.request.id().equals(id)) {
        return false;
      }
      end(p);
      Audit.confirmation(p.request, "cancelled", "the " + p.request.source() + " withdrew it");
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops waiting; what waited is never answered (the router is closing). */
  @Override
  public void close() {
    lock.lock();
    try {
      Pending p = pending;
      if (p != null) {
        end(p);
        Audit.confirmation(p.request, "refused", "gemini-pi is stopping");
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- guarded by lock ----

  private void hold(Pending p, List<Runnable> after) {
    pending = p;
    try {
      p.expiry = scheduler.schedule(() -> expire(p), p.request.confirmation().windowSec(),
          TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      after.add(() -> expire(p)); // the timers have stopped: nothing can be waited for
    }
  }

  /** A newer request takes the place of the one waiting, which is refused. */
  private void replace(ConfirmRequest r, List<Runnable> after) {
    Pending old = pending;
    if (old == null) {
      return;
    }
    end(old);
    Audit.confirmation(old.request, "refused", "replaced by " + r.tool() + " " + r.args());
    if (!old.voice()) {
      after.add(() -> old.then.accept(new ConfirmVerdict.NotDone("not_confirmed", "Not confirmed: "
          + r.tool() + " asked for confirmation after it, so nothing happened.")));
    }
  }

  private void end(Pending p) {
    pending = null;
    if (p.expiry != null) {
      p.expiry.cancel(false);
    }
  }

  private void expire(Pending p) {
    lock.lock();
    try {
      if (pending != p) {
        return;
      }
      end(p);
      int windowSec = p.request.confirmation().windowSec();
      Audit.confirmation(p.request, "expired", p.voice()
          ? (p.answer.answer() == Answer.YES ? "the user said yes, but no call came within "
              : "no yes heard within ") + windowSec + " s"
          : "no press within " + windowSec + " s");
    } finally {
      lock.unlock();
    }
    if (!p.voice()) {
      p.then.accept(new ConfirmVerdict.NotDone("not_confirmed", "Not confirmed: the button on the "
          + "device was not pressed within " + p.request.confirmation().windowSec()
          + " seconds, so nothing happened. Ask the user to press the button, and call "
          + p.request.tool() + " again."));
    }
  }

  private static String pins(ConfirmRequest r) {
    return String.join(" or ", r.confirmation().buttonPins().stream().map(String::valueOf)
        .toList());
  }

  private static String tenths(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
