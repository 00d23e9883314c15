package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation state machine: idle → connecting → listening → thinking → speaking →
 * listening … → idle, plus error and offline. One thread runs it and owns all its state;
 * every other thread only posts an {@link Event} (STYLE 10, 11). Handlers never block.
 *
 * <p>Beside the {@link State} there are two sub-phases, each an enum: the user's turn
 * ({@link UserTurn}: open microphone, open activity, paused or released early) and the model's
 * ({@link ModelTurn}: prompted, open, complete or cut off); the microphone's route is a function
 * of the state and the user's turn, applied whenever either changes. SPEAKING lasts until the
 * speaker has played the model's audio. Every transition of these is in this class, through
 * {@link #to}, {@link #user} and {@link #model}; status, control commands,
 * transcripts, the idle deadline and the built-in end tool have a small class each.
 *
 * <p>Longer than STYLE 3 likes on purpose: every transition is here, so the machine can be read
 * top to bottom. What each transition does to the world goes through small ports.
 */
public final class Conversation {
  /** The states; their lower-case names are what {@code status} reports (public surface). */
  public enum State { IDLE, CONNECTING, LISTENING, THINKING, SPEAKING, ERROR, OFFLINE }

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
  private final EventQueue queue;
  private final StatusReport status;
  private final Transcripts transcripts;
  private final IdleTimer idle;

  // Owned by the state machine thread.
  private State state = State.IDLE;
  private UserTurn user = UserTurn.OPEN_MIC;
  private ModelTurn model = ModelTurn.OPEN;
  /** The model called the end tool: the conversation ends once its goodbye has played. */
  private boolean endAfterGoodbye;
  private long thinkingGeneration;
  private String lastError = "";
  private String sessionId = "";
  private long malformedSeen;
  /** Texts for the model held while it speaks: a complete user turn would cut it off. */
  private final ArrayDeque<String> heldTexts = new ArrayDeque<>();

  public Conversation(Config config, EventQueue queue, SessionPort session, MicRouter mic,
      Ports.Playback playback, Ports.Actuators tools, Ports.Indicator led, Ports.Eyes eyes,
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
    this.status = new StatusReport(session, mic, tools, playback, queue, nanoTime);
    this.transcripts = new Transcripts(config.log().transcripts());
    this.idle = new IdleTimer(config.conversation().idleTimeoutSec() * 1000L, timers,
        queue, nanoTime);
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

  /**
   * The LED shows idle; with keepWarm a session opens now, ready for the first press. Public
   * for the test kit, which steps the machine itself instead of {@link #run}.
   */
  public void begin() {
    led.show(state);
    if (config.conversation().keepWarm()) {
      session.open(false);
    }
  }

  /**
   * For tests (STYLE 28; public for the test kit): handles one event, waiting up to the
   * timeout for it; false after Shutdown.
   */
  public boolean processNext(long timeoutNanos) throws InterruptedException {
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
        if (state == State.LISTENING || state == State.THINKING) {
          to(State.SPEAKING, "model audio");
        }
      }
      case Event.PlaybackDrained d -> {
        if (model == ModelTurn.COMPLETE || state == State.SPEAKING) {
          afterModelTurn();
        }
      }
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
          case IDLE -> {
            boolean busy = state == State.SPEAKING || state == State.CONNECTING
                || state == State.OFFLINE;
            if (idle.expired(t.generation(), inConversation(), busy)) {
              end("nothing said for " + config.conversation().idleTimeoutSec() + " s");
            }
          }
          case THINKING -> {
            if (t.generation() == thinkingGeneration && state == State.THINKING) {
              to(State.LISTENING, "the model chose not to answer");
            }
          }
        }
      }
      case Event.Control c -> c.reply().complete(control(c.request()));
      case Event.EndRequested r -> {
        endAfterGoodbye = true;
        if (state != State.SPEAKING && model == ModelTurn.COMPLETE) {
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
      case IDLE, ERROR -> start(Optional.empty(), origin);
      case CONNECTING, OFFLINE -> {
        if (!pushToTalk) {
          end("cancelled while connecting");
        } else if (user != UserTurn.ACTIVITY_OPEN) {
          user(UserTurn.OPEN_MIC); // held again: its words are held, then stream, as one turn
        }
      }
      case SPEAKING -> interrupt();
      case LISTENING, THINKING -> {
        if (pushToTalk) {
          openActivity();
        } else if (manual()) {
          if (user == UserTurn.ACTIVITY_OPEN) {
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
    if (!session.isReady()) {
      user(UserTurn.RELEASED_EARLY); // ready() ends the turn after the words held for it
      return;
    }
    // Push-to-talk: the microphone is the model's only while the button is down.
    if (manual()) {
      closeActivity();
      user(UserTurn.PAUSED);
    } else if (state == State.LISTENING) {
      user(UserTurn.PAUSED);
      session.sendAudioStreamEnd();
      to(State.THINKING, "button released");
    }
  }

  private void prompt(String text, String why, Ports.Origin origin) {
    log.info("{}: \"{}\"", why, text);
    if (!inConversation()) {
      start(Optional.of(text), origin);
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
      model(ModelTurn.PROMPTED); // ready() then waits for the answer, not for speech
    }
  }

  /** The model's turn is still coming in (audio since the last turnComplete). */
  private boolean modelSpeaking() {
    return state == State.SPEAKING && model != ModelTurn.COMPLETE
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
      interrupt();
    } else if (!inConversation()) {
      mic.anchorPreRoll(w.streamSample());
      start(w.prompt(), Ports.Origin.WAKE_WORD);
    } else {
      w.prompt().ifPresent(p -> prompt(p, "wake word", Ports.Origin.WAKE_WORD));
    }
  }

  private JsonObject control(JsonObject request) {
    switch (ControlCommand.read(request)) {
      case ControlCommand.Talk t -> press(false, Ports.Origin.TALK);
      case ControlCommand.Say s -> prompt(s.text(), "say", Ports.Origin.SAY);
      case ControlCommand.Hangup h -> end("hangup");
      case ControlCommand.Status s -> {
        return status.json(state, sessionId, lastError);
      }
      case ControlCommand.Refused r -> {
        return ControlCommand.refused(r.error());
      }
    }
    return ControlCommand.done(state);
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
        if (!inConversation() || model == ModelTurn.CUT_OFF) {
          return;
        }
        model(ModelTurn.OPEN);
        playback.play(a.pcm(), a.rateHz());
        restartIdleTimer();
        // Speaking until the speaker says it drained; it may not have started yet.
        to(State.SPEAKING, "model audio");
      }
      case ServerEvent.Text t -> {
        if (!t.thought()) {
          transcripts.model(t.text());
        }
      }
      case ServerEvent.OutputTranscript t -> {
        transcripts.model(t.text());
        tools.modelSaid(t.text());
        restartIdleTimer();
      }
      case ServerEvent.InputTranscript t -> {
        transcripts.user(t.text());
        tools.userSaid(t.text());
        restartIdleTimer();
        if (t.finished()) {
          transcripts.flush();
        }
      }
      case ServerEvent.VoiceActivity v -> restartIdleTimer();
      case ServerEvent.Interrupted i -> {
        // 3.8 drops pending blocking calls here without a toolCallCancellation.
        tools.interrupted();
        eyes.onInterrupted();
        playback.interrupt();
        transcripts.flush();
        if (state == State.SPEAKING) {
          to(State.LISTENING, "interrupted");
        }
      }
      case ServerEvent.GenerationComplete g -> { }
      case ServerEvent.TurnComplete t -> {
        model(ModelTurn.COMPLETE);
        transcripts.flush();
        sendHeldTexts();
        t.reason().ifPresent(r -> log.info("the model ended its turn: {}", r));
        if (state != State.SPEAKING) {
          afterModelTurn(); // nothing left to play
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
    switch (user) {
      case RELEASED_EARLY -> endTurnReleasedEarly();
      case PAUSED -> { } // resumed between push-to-talk turns: the mic rests until the next press
      case OPEN_MIC, ACTIVITY_OPEN -> {
        if (model == ModelTurn.PROMPTED) {
          model(ModelTurn.OPEN);
          to(State.THINKING, "prompt sent");
        } else if (manual() && user != UserTurn.ACTIVITY_OPEN) {
          openActivity();
        }
      }
    }
    restartIdleTimer();
  }

  /**
   * The push-to-talk button was let go while the session connected: the words it held go out
   * as one turn (an activity in manual mode), then the turn's end, in that order on the wire.
   */
  private void endTurnReleasedEarly() {
    if (manual()) {
      session.sendActivityStart();
    }
    mic.endTurn(manual() ? session::sendActivityEnd : session::sendAudioStreamEnd);
    user(UserTurn.PAUSED);
    to(State.THINKING, "button released before the session was ready");
  }

  private void closed(ServerEvent.Closed c) {
    sessionId = "";
    if (c.willReconnect()) {
      if (inConversation()) {
        playback.interrupt();
        to(State.OFFLINE, c.explanation());
      }
      return;
    }
    lastError = c.explanation();
    if (!inConversation()) {
      return; // a warm session gave up while idle: nobody waits; the next trigger redials
    }
    playback.earcon(Ports.Earcon.ERROR);
    if (c.outOfAttempts()) {
      // Offline: nothing to fix in the settings, so idle, with the LED saying why.
      to(State.IDLE, c.explanation());
      finish(false);
      led.show(State.OFFLINE);
    } else {
      to(State.ERROR, c.explanation());
      finish(false);
    }
  }

  private void toolCall(ServerEvent.ToolCall call) {
    List<FunctionResponse> builtIn = new ArrayList<>();
    List<ServerEvent.FunctionCall> routed = new ArrayList<>();
    for (ServerEvent.FunctionCall f : call.calls()) {
      if (f.name().equals(EndTool.NAME)) {
        builtIn.add(EndTool.answer(f));
        post(new Event.EndRequested());
      } else if (!eyes.onToolCall(f)) {
        routed.add(f); // the router answers names it does not know with an error
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

  private void afterModelTurn() {
    if (endAfterGoodbye) {
      end("the model said goodbye");
      return;
    }
    if (state == State.SPEAKING || state == State.THINKING) {
      to(State.LISTENING, "model finished");
      restartIdleTimer();
    }
  }

  // ------------------------------------------------------------------------- actions

  private void start(Optional<String> text, Ports.Origin origin) {
    tools.conversationStarted(origin);
    lastError = "";
    malformedSeen = 0;
    user(UserTurn.OPEN_MIC);
    model(text.isPresent() ? ModelTurn.PROMPTED : ModelTurn.OPEN);
    endAfterGoodbye = false;
    if (config.audio().earcons()) {
      playback.earcon(Ports.Earcon.WAKE);
    }
    boolean warm = config.conversation().keepWarm() && session.isReady();
    // First, as near the trigger as can be: the mic's pre-roll is asked for when its route
    // leaves IDLE, and it reaches back a fixed time from then, or from where a wake word was
    // heard (wake), however late its detection came.
    to(State.CONNECTING, text.isPresent() ? "prompt" : "trigger");
    eyes.conversationStarted();
    if (!warm) {
      session.open(config.conversation().resume());
    }
    // The prompt goes with the first turn: the session holds it until setupComplete.
    text.ifPresent(session::sendPrompt);
    if (warm) {
      ready(false);
    }
  }

  private void interrupt() {
    playback.interrupt();
    transcripts.flush();
    if (manual()) {
      // START_OF_ACTIVITY_INTERRUPTS: a new activity cuts the model off on the service (§9).
      openActivity();
    } else {
      // With server VAD the service goes on generating: drop the rest of this turn here
      // (unless it is complete: then what comes next is the next turn).
      if (model != ModelTurn.COMPLETE) {
        model(ModelTurn.CUT_OFF);
      }
      user(UserTurn.OPEN_MIC); // after a push-to-talk turn it rested
    }
    to(State.LISTENING, "interrupted by the user");
  }

  private void openActivity() {
    mic.settleTurn();
    if (user != UserTurn.ACTIVITY_OPEN) {
      if (manual() && session.isReady()) {
        session.sendActivityStart();
        user(UserTurn.ACTIVITY_OPEN);
      } else {
        user(UserTurn.OPEN_MIC);
      }
    }
    if (state == State.THINKING) {
      to(State.LISTENING, "your turn");
    }
  }

  private void closeActivity() {
    if (user == UserTurn.ACTIVITY_OPEN && session.isReady()) {
      session.sendActivityEnd();
      user(UserTurn.OPEN_MIC);
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
    to(State.IDLE, why);
    finish(true);
  }

  /** Everything a conversation leaves behind goes back to rest; the state has left it. */
  private void finish(boolean reopenWarm) {
    transcripts.flush();
    heldTexts.clear();
    user(UserTurn.OPEN_MIC);
    model(ModelTurn.OPEN);
    endAfterGoodbye = false;
    idle.cancel();
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
    state = State.IDLE; // no transition logged: the daemon is going
    user(UserTurn.OPEN_MIC);
    eyes.conversationEnded();
    tools.rest();
    session.close();
    led.show(state);
  }

  private void restartIdleTimer() {
    idle.activity(inConversation());
  }

  /** The one place the state changes (STYLE 10); the LED, deadline and mic follow it. */
  private void to(State next, String cause) {
    if (next == state) {
      return;
    }
    State from = state;
    state = next;
    mic.route(user.route(next)); // first: leaving IDLE asks for the pre-roll (see start)
    // Public surface: "from -> to (cause)" once per transition at INFO (STYLE 10).
    log.info("{} -> {} ({})", name(from), name(next), cause);
    led.show(next);
    if (next == State.THINKING) {
      long generation = ++thinkingGeneration;
      timers.after(THINKING_WAIT_MS, () -> post(new Event.Timeout(Event.Timer.THINKING,
          generation)));
    }
  }

  /** The one place the user's turn changes; the microphone's route follows it. */
  private void user(UserTurn next) {
    if (next != user) {
      log.debug("user turn {} -> {} (in {})", user, next, name(state));
    }
    user = next;
    mic.route(next.route(state));
  }

  /** The one place the model's turn changes. */
  private void model(ModelTurn next) {
    if (next != model) {
      log.debug("model turn {} -> {} (in {})", model, next, name(state));
    }
    model = next;
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
    return s.name().toLowerCase(Locale.ROOT);
  }
}
