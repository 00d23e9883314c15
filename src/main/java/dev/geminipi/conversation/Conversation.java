package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation state machine: idle → connecting → listening → thinking → speaking →
 * listening … → idle, plus error and offline. One thread runs it and owns all its state;
 * every other thread only posts an {@link Event} (STYLE 10, 11). Handlers never block.
 *
 * <p>This class is longer than STYLE 3 likes on purpose: every transition is here, so it can
 * be read top to bottom. What each transition does to the world goes through small ports.
 */
public final class Conversation {
  /** The states; their lower-case names are what {@code status} reports (public surface). */
  public enum State { IDLE, CONNECTING, LISTENING, THINKING, SPEAKING, ERROR, OFFLINE }

  /** Per-conversation facts beside the state: the one record STYLE 10 allows. */
  private record Turn(boolean activityOpen, boolean modelDone, boolean discardAudio,
      boolean endWhenDone, boolean pushToTalkHeld, boolean prompted, boolean releasedEarly) {
    static final Turn FRESH = new Turn(false, false, false, false, false, false, false);

    Turn withActivity(boolean open) {
      return new Turn(open, modelDone, discardAudio, endWhenDone, pushToTalkHeld, prompted,
          releasedEarly);
    }

    Turn withModelDone(boolean done) {
      return new Turn(activityOpen, done, done ? false : discardAudio, endWhenDone,
          pushToTalkHeld, prompted, releasedEarly);
    }

    Turn withDiscard(boolean discard) {
      return new Turn(activityOpen, modelDone, discard, endWhenDone, pushToTalkHeld, prompted,
          releasedEarly);
    }

    Turn endingWhenDone() {
      return new Turn(activityOpen, modelDone, discardAudio, true, pushToTalkHeld, prompted,
          releasedEarly);
    }

    Turn withHeld(boolean held) {
      return new Turn(activityOpen, modelDone, discardAudio, endWhenDone, held, prompted,
          releasedEarly);
    }

    /** A text went out with the start: the model answers it without waiting for speech. */
    Turn withPrompted(boolean p) {
      return new Turn(activityOpen, modelDone, discardAudio, endWhenDone, pushToTalkHeld, p,
          releasedEarly);
    }

    /** A push-to-talk button let go before the session was ready: end that turn once it is. */
    Turn withReleasedEarly(boolean r) {
      return new Turn(activityOpen, modelDone, discardAudio, endWhenDone, pushToTalkHeld,
          prompted, r);
    }
  }

  static final String END_TOOL = "end_conversation";
  /**
   * How long THINKING waits for the model. 3.8 always has proactive audio, so it may choose
   * to say nothing at all; the device then goes back to listening rather than showing
   * "thinking" until the idle timeout.
   */
  static final long THINKING_WAIT_MS = 8000;

  private static final Logger log = LoggerFactory.getLogger(Conversation.class);

  private final Config config;
  private final SessionPort session;
  private final MicRouter mic;
  private final Ports.Playback playback;
  private final Ports.Actuators tools;
  private final Ports.Indicator led;
  private final Ports.Eyes eyes;
  private final Ports.Timers timers;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final EventQueue queue;

  // Owned by the state machine thread.
  private State state = State.IDLE;
  private Turn turn = Turn.FRESH;
  private long idleGeneration;
  private long lastActivityNanos;
  private boolean idleTimerPending;
  private String lastError = "";
  private String sessionId = "";
  private boolean playing;
  private long malformedSeen;
  private long thinkingGeneration;
  /** Texts for the model held while it speaks: a complete user turn would cut it off. */
  private final java.util.ArrayDeque<String> heldTexts = new java.util.ArrayDeque<>();
  private final StringBuilder modelSaid = new StringBuilder();
  private final StringBuilder userSaid = new StringBuilder();

  public Conversation(Config config, EventQueue queue, SessionPort session, MicRouter mic,
      Ports.Playback playback,
      Ports.Actuators tools, Ports.Indicator led, Ports.Eyes eyes,
      Ports.Timers timers, LongSupplier nanoTime) {
    this.config = config;
    this.queue = queue;
    this.session = session;
    this.mic = mic;
    this.playback = playback;
    this.tools = tools;
    this.led = led;
    this.eyes = eyes;
    this.timers = timers;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** From any thread; never blocks. */
  public void post(Event e) {
    queue.post(e);
  }

  public State state() {
    return state;
  }

  /** Runs the machine on the calling thread until a Shutdown event has been handled. */
  public void run() {
    begin();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (!processNext(Long.MAX_VALUE)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The LED shows idle; with keepWarm a session opens now, ready for the first press. */
  void begin() {
    led.show(state);
    if (config.conversation().keepWarm()) {
      session.open(false);
    }
  }

  /** For tests: handles one event, waiting up to the timeout; false after Shutdown. */
  boolean processNext(long timeoutNanos) throws InterruptedException {
    Event e = queue.poll(timeoutNanos);
    if (e == null) {
      return true;
    }
    try {
      return handle(e);
    } catch (RuntimeException bug) {
      log.error("bug while handling {} in state {}", e, state, bug);
      lastError = "internal error: " + bug;
      return true;
    }
  }

  private boolean handle(Event e) {
    switch (e) {
      case Event.Press p -> press(p.pushToTalk(), Ports.Origin.BUTTON);
      case Event.Release r -> release(r.pushToTalk());
      case Event.LongPress l -> end("long press");
      case Event.InputFired f -> prompt(f.prompt(), "input " + f.source(), Ports.Origin.INPUT);
      case Event.WakeWord w -> wake(w);
      case Event.FromServer s -> server(s.event());
      case Event.PlaybackStarted s -> {
        playing = true;
        if (state == State.LISTENING || state == State.THINKING) {
          to(State.SPEAKING, "model audio");
        }
      }
      case Event.PlaybackDrained d -> drained();
      case Event.MicPaused p -> {
        // Server VAD needs to know the stream paused, or it waits for more (§9).
        if (p.paused() && session.isReady() && !manual() && inConversation()) {
          session.sendAudioStreamEnd();
        }
      }
      case Event.MicActivity a -> restartIdleTimer();
      case Event.DeviceChanged d -> {
        // The audio layer has logged it; status shows the last problem until it recovers.
        if (!d.ok()) {
          lastError = d.device() + ": " + d.detail();
        } else if (lastError.startsWith(d.device() + ":")) {
          lastError = "";
        }
      }
      case Event.Timeout t -> {
        switch (t.timer()) {
          case IDLE -> idleTimerFired(t.generation());
          case THINKING -> {
            if (t.generation() == thinkingGeneration && state == State.THINKING) {
              to(State.LISTENING, "the model chose not to answer");
            }
          }
        }
      }
      case Event.Control c -> c.reply().complete(control(c.request()));
      case Event.EndRequested r -> {
        turn = turn.endingWhenDone();
        if (!playing && turn.modelDone()) {
          end("the model said goodbye");
        }
      }
      case Event.Shutdown s -> {
        shutdown();
        s.done().complete(null);
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- triggers and commands

  private void press(boolean pushToTalk, Ports.Origin origin) {
    switch (state) {
      case IDLE, ERROR -> start(Optional.empty(), pushToTalk, origin);
      case CONNECTING, OFFLINE -> {
        if (!pushToTalk) {
          end("cancelled while connecting");
        } else {
          turn = turn.withReleasedEarly(false).withHeld(true); // held again: one turn
        }
      }
      case SPEAKING -> interrupt(pushToTalk);
      case LISTENING, THINKING -> {
        if (pushToTalk) {
          turn = turn.withHeld(true);
          openActivity();
        } else if (manual()) {
          if (turn.activityOpen()) {
            closeActivity();
          } else {
            openActivity();
          }
        } else {
          end("button");
        }
      }
    }
  }

  private void release(boolean pushToTalk) {
    if (!pushToTalk || !inConversation()) {
      return;
    }
    turn = turn.withHeld(false);
    if (!session.isReady()) {
      // The words are held until the session is ready; ready() ends the turn after them.
      turn = turn.withReleasedEarly(true);
      return;
    }
    // Push-to-talk: the microphone is the model's only while the button is down.
    if (manual()) {
      closeActivity();
      mic.route(MicRouter.Route.PAUSED);
    } else if (state == State.LISTENING) {
      mic.route(MicRouter.Route.PAUSED);
      session.sendAudioStreamEnd();
      to(State.THINKING, "button released");
    }
  }

  private void prompt(String text, String why, Ports.Origin origin) {
    log.info("{}: \"{}\"", why, text);
    if (!inConversation()) {
      start(Optional.of(text), false, origin);
      return;
    }
    if (modelSpeaking()) {
      heldTexts.add(text); // goes in when the model's turn ends
      return;
    }
    session.sendPrompt(text);
    if (state == State.LISTENING) {
      to(State.THINKING, why);
    } else if (state == State.CONNECTING || state == State.OFFLINE) {
      turn = turn.withPrompted(true); // ready() then waits for the answer, not for speech
    }
  }

  /** The model's turn is still coming in (audio since the last turnComplete). */
  private boolean modelSpeaking() {
    return state == State.SPEAKING && !turn.modelDone()
        && config.gemini().rules().clientContentAfterStart();
  }

  private void sendHeldTexts() {
    String text;
    while ((text = heldTexts.poll()) != null) {
      log.info("sending the text held while the model spoke: \"{}\"", text);
      session.sendPrompt(text);
    }
  }

  private void wake(Event.WakeWord w) {
    log.info("heard the wake word \"{}\"", w.word());
    if (state == State.SPEAKING) {
      interrupt(false);
    } else if (!inConversation()) {
      start(w.prompt(), false, Ports.Origin.WAKE_WORD);
    } else {
      w.prompt().ifPresent(p -> prompt(p, "wake word", Ports.Origin.WAKE_WORD));
    }
  }

  private JsonObject control(JsonObject request) {
    String cmd = request.getString("cmd", "");
    switch (cmd) {
      case "talk" -> press(false, Ports.Origin.TALK);
      case "say" -> {
        String text = request.getString("text", "").strip();
        if (text.isEmpty()) {
          return error("say needs a non-empty \"text\"");
        }
        prompt(text, "say", Ports.Origin.SAY);
      }
      case "hangup" -> end("hangup");
      case "status" -> {
        return status();
      }
      default -> {
        return error("unknown cmd \"" + cmd + "\"; use talk, say, hangup or status");
      }
    }
    return new JsonObject().add("ok", true).add("state", name(state));
  }

  // ------------------------------------------------------------------------ the session

  private void server(ServerEvent e) {
    switch (e) {
      case ServerEvent.SetupComplete s -> {
        sessionId = s.sessionId().orElse(sessionId);
        if (state == State.CONNECTING || state == State.OFFLINE) {
          ready(s.resumed());
        }
      }
      case ServerEvent.Audio a -> {
        if (!inConversation() || turn.discardAudio()) {
          return;
        }
        if (turn.modelDone()) {
          turn = turn.withModelDone(false);
        }
        playback.play(a.pcm(), a.rateHz());
        playing = true; // until the speaker says it drained; it may not have started yet
        restartIdleTimer();
        if (state != State.SPEAKING) {
          to(State.SPEAKING, "model audio");
        }
      }
      case ServerEvent.Text t -> {
        if (!t.thought()) {
          modelSaid.append(t.text());
        }
      }
      case ServerEvent.OutputTranscript t -> {
        modelSaid.append(t.text());
        tools.modelSaid(t.text());
        restartIdleTimer();
      }
      case ServerEvent.InputTranscript t -> {
        userSaid.append(t.text());
        tools.userSaid(t.text());
        restartIdleTimer();
        if (t.finished()) {
          flushTranscripts();
        }
      }
      case ServerEvent.VoiceActivity v -> restartIdleTimer();
      case ServerEvent.Interrupted i -> {
        // 3.8 drops pending blocking calls here without a toolCallCancellation.
        tools.interrupted();
        eyes.onInterrupted();
        playback.interrupt();
        playing = false;
        flushTranscripts();
        if (state == State.SPEAKING) {
          to(State.LISTENING, "interrupted");
        }
      }
      case ServerEvent.GenerationComplete g -> { }
      case ServerEvent.TurnComplete t -> {
        turn = turn.withModelDone(true);
        flushTranscripts();
        sendHeldTexts();
        t.reason().ifPresent(r -> log.info("the model ended its turn: {}", r));
        if (!playing) {
          afterModelTurn();
        }
      }
      case ServerEvent.ToolCall c -> toolCall(c);
      case ServerEvent.ToolCallCancellation c -> {
        tools.cancel(c.ids());
        eyes.onToolCallCancellation(c.ids());
      }
      case ServerEvent.GoAway g -> { }
      case ServerEvent.ResumptionUpdate r -> { }
      case ServerEvent.Usage u -> log.debug("tokens so far: {}", u.totalTokens());
      case ServerEvent.Unknown u -> log.debug("ignored a server field: {}", u.field());
      case ServerEvent.Malformed m -> {
        // Once per conversation at WARN (STYLE 23): a garbled stream must not flood the journal.
        if (malformedSeen++ == 0) {
          log.warn("the service sent something unreadable ({}); ignored, and further ones are "
              + "logged at DEBUG", m.problem());
        } else {
          log.debug("the service sent something unreadable ({}); ignored", m.problem());
        }
      }
      case ServerEvent.Closed c -> closed(c);
    }
  }

  private void ready(boolean resumed) {
    to(State.LISTENING, resumed ? "session resumed" : "session ready");
    if (turn.releasedEarly()) {
      endTurnReleasedEarly();
    } else if (mic.route() == MicRouter.Route.PAUSED) {
      // Resumed between push-to-talk turns: the microphone rests until the next press.
    } else {
      mic.route(MicRouter.Route.STREAM);
      if (turn.prompted()) {
        turn = turn.withPrompted(false);
        to(State.THINKING, "prompt sent");
      } else if (manual() && (turn.pushToTalkHeld() || !turn.activityOpen())) {
        openActivity();
      }
    }
    restartIdleTimer();
  }

  /**
   * The push-to-talk button was let go while the session connected: the words it held go out
   * as one turn (an activity in manual mode), then the turn's end, in that order on the wire.
   */
  private void endTurnReleasedEarly() {
    turn = turn.withReleasedEarly(false).withActivity(false);
    if (manual()) {
      session.sendActivityStart();
    }
    mic.endTurn(manual() ? session::sendActivityEnd : session::sendAudioStreamEnd);
    to(State.THINKING, "button released before the session was ready");
  }

  private void closed(ServerEvent.Closed c) {
    sessionId = "";
    if (c.willReconnect()) {
      if (inConversation()) {
        if (mic.route() != MicRouter.Route.PAUSED) {
          mic.route(MicRouter.Route.HOLD);
        }
        playback.interrupt();
        playing = false;
        to(State.OFFLINE, c.explanation());
      }
      return;
    }
    lastError = c.explanation();
    if (!inConversation()) {
      return; // a warm session gave up while idle: nobody waits; the next trigger redials
    }
    playback.earcon(Ports.Earcon.ERROR);
    finish(false);
    if (c.outOfAttempts()) {
      // Offline: nothing to fix in the settings, so idle, with the LED saying why.
      to(State.IDLE, c.explanation());
      led.show(State.OFFLINE);
    } else {
      to(State.ERROR, c.explanation());
    }
  }

  private void toolCall(ServerEvent.ToolCall call) {
    List<FunctionResponse> builtIn = new ArrayList<>();
    List<ServerEvent.FunctionCall> routed = new ArrayList<>();
    for (ServerEvent.FunctionCall f : call.calls()) {
      switch (f.name()) {
        case END_TOOL -> {
          builtIn.add(FunctionResponse.blocking(f.id(), f.name(),
              Outcome.ok("the conversation ends after your goodbye")));
          post(new Event.EndRequested());
        }
        default -> {
          if (!eyes.onToolCall(f)) {
            routed.add(f); // the router answers names it does not know with an error
          }
        }
      }
    }
    if (!routed.isEmpty()) {
      tools.call(routed);
    }
    if (!builtIn.isEmpty()) {
      session.sendToolResponse(builtIn);
    }
    if (state == State.LISTENING) {
      to(State.THINKING, "tool call");
    }
  }

  private void drained() {
    playing = false;
    if (turn.modelDone() || state == State.SPEAKING) {
      afterModelTurn();
    }
  }

  private void afterModelTurn() {
    if (turn.endWhenDone()) {
      end("the model said goodbye");
      return;
    }
    if (state == State.SPEAKING || state == State.THINKING) {
      to(State.LISTENING, "model finished");
      restartIdleTimer();
    }
  }

  // ------------------------------------------------------------------------- actions

  private void start(Optional<String> text, boolean pushToTalk, Ports.Origin origin) {
    turn = Turn.FRESH.withHeld(pushToTalk);
    tools.conversationStarted(origin);
    lastError = "";
    malformedSeen = 0;
    if (config.audio().earcons()) {
      playback.earcon(Ports.Earcon.WAKE);
    }
    mic.route(MicRouter.Route.HOLD);
    eyes.conversationStarted();
    boolean warm = config.conversation().keepWarm() && session.isReady();
    if (!warm) {
      session.open(config.conversation().resume());
    }
    to(State.CONNECTING, text.isPresent() ? "prompt" : "trigger");
    // The prompt goes with the first turn: the session holds it until setupComplete.
    text.ifPresent(session::sendPrompt);
    turn = turn.withPrompted(text.isPresent());
    if (warm) {
      ready(false);
    }
  }

  private void interrupt(boolean pushToTalk) {
    playback.interrupt();
    playing = false;
    flushTranscripts();
    turn = turn.withHeld(pushToTalk);
    if (manual()) {
      // START_OF_ACTIVITY_INTERRUPTS: a new activity cuts the model off on the service (§9).
      openActivity();
    } else {
      // With server VAD the service goes on generating: drop the rest of this turn here.
      turn = turn.withDiscard(true);
      mic.route(MicRouter.Route.STREAM); // after a push-to-talk turn it rested
    }
    to(State.LISTENING, "interrupted by the user");
  }

  private void openActivity() {
    mic.settleTurn();
    if (manual() && !turn.activityOpen() && session.isReady()) {
      session.sendActivityStart();
      turn = turn.withActivity(true);
    }
    mic.route(MicRouter.Route.STREAM);
    if (state == State.THINKING) {
      to(State.LISTENING, "your turn");
    }
  }

  private void closeActivity() {
    if (turn.activityOpen() && session.isReady()) {
      session.sendActivityEnd();
      turn = turn.withActivity(false);
      to(State.THINKING, "end of your turn");
    }
  }

  private void end(String why) {
    if (!inConversation() && state != State.ERROR) {
      return;
    }
    playback.interrupt();
    if (config.audio().earcons()) {
      playback.earcon(Ports.Earcon.END);
    }
    finish(true);
    to(State.IDLE, why);
  }

  /** Everything a conversation leaves behind goes back to rest. */
  private void finish(boolean reopenWarm) {
    flushTranscripts();
    heldTexts.clear();
    playing = false;
    turn = Turn.FRESH;
    idleGeneration++;
    idleTimerPending = false;
    mic.route(MicRouter.Route.IDLE);
    eyes.conversationEnded();
    tools.rest();
    session.close();
    if (reopenWarm && config.conversation().keepWarm()) {
      session.open(false); // a fresh warm session for the next conversation
    }
  }

  private void shutdown() {
    log.info("shutting down");
    playback.interrupt();
    mic.route(MicRouter.Route.IDLE);
    eyes.conversationEnded();
    tools.rest();
    session.close();
    state = State.IDLE;
    led.show(state);
  }

  /**
   * Speech either way pushes the idle deadline back. One timer at a time: it re-arms itself
   * for what is left when it fires early, so a stream of audio chunks costs no timer each.
   */
  private void restartIdleTimer() {
    lastActivityNanos = nanoTime.getAsLong();
    if (inConversation() && !idleTimerPending) {
      armIdleTimer(config.conversation().idleTimeoutSec() * 1000L);
    }
  }

  private void armIdleTimer(long delayMs) {
    long generation = idleGeneration;
    idleTimerPending = true;
    timers.after(delayMs, () -> post(new Event.Timeout(Event.Timer.IDLE, generation)));
  }

  private void idleTimerFired(long generation) {
    if (generation != idleGeneration) {
      return; // armed for a conversation that has ended
    }
    idleTimerPending = false;
    if (!inConversation()) {
      return;
    }
    long timeoutNanos = config.conversation().idleTimeoutSec() * 1_000_000_000L;
    long leftNanos = lastActivityNanos + timeoutNanos - nanoTime.getAsLong();
    if (leftNanos > 0 || playing || state == State.SPEAKING || state == State.CONNECTING
        || state == State.OFFLINE) {
      armIdleTimer(Math.max(1, leftNanos / 1_000_000));
      return;
    }
    end("nothing said for " + config.conversation().idleTimeoutSec() + " s");
  }

  /** Transcripts are private speech: they reach the journal only with log.transcripts. */
  private void flushTranscripts() {
    boolean logged = config.log().transcripts();
    if (!userSaid.isEmpty()) {
      if (logged) {
        log.info("you: {}", userSaid.toString().strip());
      }
      userSaid.setLength(0);
    }
    if (!modelSaid.isEmpty()) {
      if (logged) {
        log.info("gemini: {}", modelSaid.toString().strip());
      }
      modelSaid.setLength(0);
    }
  }

  private void to(State next, String cause) {
    if (next == state) {
      return;
    }
    // Public surface: "from -> to (cause)" once per transition at INFO (STYLE 10).
    log.info("{} -> {} ({})", name(state), name(next), cause);
    state = next;
    led.show(next);
    if (next == State.THINKING) {
      long generation = ++thinkingGeneration;
      timers.after(THINKING_WAIT_MS, () -> post(new Event.Timeout(Event.Timer.THINKING,
          generation)));
    }
  }

  // ------------------------------------------------------------------------ status

  private JsonObject status() {
    return new JsonObject()
        .add("ok", true)
        .add("state", name(state))
        .add("connected", session.isReady())
        .add("sessionId", sessionId)
        .add("lastError", lastError)
        .add("uptimeSec", (nanoTime.getAsLong() - startNanos) / 1_000_000_000L)
        .add("outputs", tools.status())
        .add("micChunksSent", mic.sentChunks())
        .add("micClippedSamples", mic.clippedSamples())
        .add("micAudioDropped", session.droppedAudio())
        .add("reconnects", session.reconnects())
        .add("playback", playback.stats())
        .add("droppedEvents", queue.dropped());
  }

  private boolean inConversation() {
    return switch (state) {
      case CONNECTING, LISTENING, THINKING, SPEAKING, OFFLINE -> true;
      case IDLE, ERROR -> false;
    };
  }

  private boolean manual() {
    return config.gemini().activityDetection() == GeminiConfig.ActivityDetection.MANUAL;
  }

  static String name(State s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonObject error(String message) {
    return new JsonObject().add("ok", false).add("error", message);
  }
}
