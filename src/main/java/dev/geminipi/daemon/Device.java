package dev.geminipi.daemon;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.audio.DuplexGate;
import dev.geminipi.audio.Microphone;
import dev.geminipi.audio.Speaker;
import dev.geminipi.camera.Cameras;
import dev.geminipi.camera.FrameSource;
import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.Config;
import dev.geminipi.config.MqttConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.Trigger;
import dev.geminipi.control.ControlServer;
import dev.geminipi.conversation.Conversation;
import dev.geminipi.conversation.Event;
import dev.geminipi.conversation.EventQueue;
import dev.geminipi.conversation.MicRouter;
import dev.geminipi.conversation.Ports;
import dev.geminipi.conversation.SessionPort;
import dev.geminipi.conversation.Vision;
import dev.geminipi.conversation.VisionSender;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.gpio.StatusLed;
import dev.geminipi.home.Home;
import dev.geminipi.home.Loudness;
import dev.geminipi.live.Credential;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.LiveSession;
import dev.geminipi.mcp.McpTools;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolDeclarations;
import dev.geminipi.tools.ToolRouter;
import dev.geminipi.tools.ToolSource;
import dev.geminipi.tools.ToolSources;
import dev.geminipi.trigger.Triggers;
import dev.geminipi.wakeword.Detection;
import dev.geminipi.wakeword.WakeWordDetector;
import dev.geminipi.wakeword.WakeWords;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running device for one config: every part built, wired to the state machine and
 * started; {@link #close} takes it all down with every pin at rest. The composition root
 * (STYLE 5): nothing else creates these parts.
 */
final class Device implements AutoCloseable {
  /** What the model is told about hanging up by itself. */
  static final FunctionDeclaration END_CONVERSATION = new FunctionDeclaration("end_conversation",
      "Ends the conversation and stops listening. Call it when the user says goodbye, thanks "
          + "you and is done, or asks you to stop; say a short goodbye first.", Optional.empty(),
      ToolConfig.Behavior.BLOCKING);
  static final long SHUTDOWN_WAIT_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(Device.class);

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final EventQueue queue;
  private final Conversation conversation;
  private final Health health;
  private final Home home;

  private Device(ScheduledThreadPoolExecutor scheduler, EventQueue queue,
      Conversation conversation, Thread conversationThread, MicHealth micHealth, Home home) {
    this.scheduler = scheduler;
    this.queue = queue;
    this.conversation = conversation;
    this.home = home;
    this.health = new Health(conversationThread, this::status, micHealth, scheduler,
        System::nanoTime);
  }

  /** How a device starts its wake-word detector: {@link WakeWords#start}. */
  interface WakeWordStart {
    WakeWordDetector start(List<Trigger> triggers, Consumer<Detection> sink);
  }

  static Device start(Config config, Map<String, String> env) {
    return start(config, env, WakeWords::start);
  }

  /** For tests: a device whose wake-word detector {@code wakeWords} starts (a slow one, say). */
  static Device start(Config config, Map<String, String> env, WakeWordStart wakeWords) {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "gemini-pi-timers");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    EventQueue queue = new EventQueue();
    List<AutoCloseable> parts = new ArrayList<>();

    Credential credential = Credential.fromEnvironment(env, config.gemini().apiKeyEnv())
        .orElseGet(() -> {
          log.warn("{}", Credential.missingMessage(config.gemini().apiKeyEnv()));
          return Credential.missing(config.gemini().apiKeyEnv());
        });
    Gpio gpio = Gpio.open(config.gpio());
    Cameras cameras = Cameras.system(config.gemini().apiKeyEnv());
    CameraConfig.Mode cameraMode = cameras.mode(config.camera());
    FrameSource frames = cameras.open(config.camera(), cameraMode);

    List<FunctionDeclaration> functions = new ArrayList<>(ToolDeclarations.of(config.tools()));
    functions.addAll(Vision.declarations(cameraMode));
    functions.add(END_CONVERSATION);
    // Answers to Home Assistant's calls go back to it, the model's to the session.
    AtomicReference<Home> homeRef = new AtomicReference<>(Home.NONE);
    Confirmations confirmations = new Confirmations(scheduler, System::nanoTime);
    AtomicReference<LiveSession> sessionRef = new AtomicReference<>();
    Consumer<FunctionResponse> toSession = r -> sessionRef.get().sendToolResponse(List.of(r));
    ToolSource mqttActions = Home.actions(config.mqttTools(), confirmations, toSession);
    List<FunctionDeclaration> taken = new ArrayList<>(functions);
    taken.addAll(mqttActions.declarations());
    ToolSource more = ToolSources.of(mqttActions,
        mcpTools(config, env, taken, confirmations, toSession));
    LiveSession session = new LiveSession(config.gemini(), () -> {
      List<FunctionDeclaration> all = new ArrayList<>(functions);
      all.addAll(more.declarations());
      return all;
    }, credential, e -> queue.post(new Event.FromServer(e)), scheduler, new SecureRandom(),
        LiveSession.Limits.defaults());
    sessionRef.set(session);
    ToolRouter router = ToolRouter.start(config.tools(), gpio, scheduler, System::nanoTime,
        StatePaths.toolState(env), confirmations, r -> {
          Home h = homeRef.get();
          if (h.ownsCall(r.id())) {
            h.toolAnswered(r.id(), r.response());
          } else {
            session.sendToolResponse(List.of(r));
          }
        });
    Vision vision = new Vision(config.camera(), cameraMode, frames,
        VisionSender.of(session::sendVideo, session::sendToolResponse), scheduler,
        System::nanoTime);

    DuplexGate gate = DuplexGate.of(config.audio());
    Speaker speaker = Speaker.create(config.audio(), gate, Adapters.speakerEvents(queue));
    SessionPort sessionPort = new LiveSessionPort(session);
    MicRouter mic = new MicRouter(sessionPort, queue, System::nanoTime);
    MicHealth micHealth = new MicHealth(mic, System::nanoTime);
    // With a wake word, keeps enough beyond the pre-roll to reach back from its detection when
    // it comes late: the detector's lag, and the wait for other devices' claims (Home
    // Assistant). A button, talk or say reach back from now: the pre-roll alone.
    boolean hearsWakeWords = config.triggers().stream()
        .anyMatch(t -> t instanceof Trigger.Wakeword);
    int anchorLagMs = !hearsWakeWords ? 0 : WakeWordDetector.MAX_LAG_MS
        + config.mqtt().map(MqttConfig::arbitrationWindowMs).orElse(0);
    Microphone microphone = Microphone.create(config.audio(), gate, micHealth, anchorLagMs);
    mic.attach(microphone);
    MutableLed led = new MutableLed(
        config.led().map(l -> gpio.statusLed(l, scheduler)).orElse(StatusLed.NONE));
    // Without an mqtt section nothing of MQTT is loaded (Home.NONE).
    Home home = config.mqtt().map(m -> Home.start(m, config, Daemon.version(), env,
        new HomeControls(queue, router, gpio, speaker, gate, led), scheduler, mqttActions))
        .orElse(Home.NONE);
    homeRef.set(home);
    gpio.watch(home::pinChanged);

    Conversation conversation = new Conversation(config, queue, sessionPort, mic,
        Adapters.playback(speaker), Adapters.actuators(router, more, confirmations),
        Adapters.indicator(led, home), vision, Ports.Timers.on(scheduler), System::nanoTime);
    // A press that confirms an action is used up by it and never reaches the conversation.
    Triggers triggers = Triggers.start(config.triggers(), gpio, scheduler, System::nanoTime,
        t -> {
          if (!Adapters.confirms(t, confirmations)) {
            queue.post(Adapters.event(t));
          }
          Adapters.homeEvent(t).ifPresent(source -> home.event("button_press", source));
        });
    // Loads ONNX Runtime only when a wake word is configured (issue 8, point 4).
    Loudness loudness = new Loudness();
    WakeWordDetector wake = wakeWords.start(config.triggers(), d -> {
      home.event("wake_word", d.word());
      home.wake(d.word(), loudness.scoreDb(), Adapters.inConversation(led.state()),
          () -> queue.post(new Event.WakeWord(d.word(), d.prompt(), d.streamSample())));
    });
    if (config.mqtt().isPresent()) {
      mic.tap((samples, n) -> {
        loudness.accept(samples, n);
        wake.accept(samples, n);
      });
    } else {
      mic.tap(wake::accept);
    }

    // Closed in reverse: inputs first, then outputs, the GPIO context (pins to rest) last.
    parts.add(gpio);
    parts.add(frames);
    parts.add(router);
    parts.add(more); // MQTT actions and MCP tools
    parts.add(vision);
    parts.add(speaker);
    parts.add(microphone);
    parts.add(triggers);
    parts.add(wake);
    parts.add(session::close);
    parts.add(home); // closed first: a clean "offline" while the rest goes down
    speaker.start();
    microphone.start();
    Thread thread = Thread.ofPlatform().name("conversation").start(conversation::run);
    Device device = new Device(scheduler, queue, conversation, thread, micHealth, home);
    device.parts.addAll(parts);
    device.startControl(Path.of(config.control().socket()));
    return device;
  }

  /**
   * The MCP servers' tools; without an {@code mcp} section nothing of dev.geminipi.mcp is
   * loaded. Lists them once now, so the first session has them.
   */
  private static ToolSource mcpTools(Config config, Map<String, String> env,
      List<FunctionDeclaration> others, Confirmations confirmations,
      Consumer<FunctionResponse> responses) {
    if (config.mcp().isEmpty()) {
      return ToolSource.NONE;
    }
    Set<String> taken = new HashSet<>();
    others.forEach(f -> taken.add(f.name()));
    String version = Objects.requireNonNullElse(
        Device.class.getPackage().getImplementationVersion(), "dev");
    // A server started as a command inherits this environment: never with the API key.
    Map<String, String> mcpEnv = new java.util.HashMap<>(env);
    mcpEnv.remove(config.gemini().apiKeyEnv());
    return McpTools.start(config.mcp(), mcpEnv, taken, confirmations, responses, version);
  }

  private void startControl(Path socket) {
    try {
      ControlServer server = ControlServer.start(socket, request -> {
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        queue.post(new Event.Control(request, reply));
        if (home != Home.NONE && request.getString("cmd", "").equals("status")) {
          return reply.thenApply(s -> s.add("mqtt", home.status()));
        }
        return reply;
      }, scheduler);
      parts.add(server);
      log.info("control socket at {}", socket);
    } catch (IOException e) {
      log.warn("no control socket: {} (gemini-pi talk/status will not reach this daemon)",
          e.getMessage());
    }
  }

  /** Answers a status request through the state machine, as the control socket does. */
  CompletableFuture<JsonObject> status() {
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    queue.post(new Event.Control(new JsonObject().add("cmd", "status"), reply));
    return reply;
  }

  /**
   * The state machine answers, the microphone loop is alive or retrying its device, and the
   * timers thread runs tasks; see {@link Health}.
   */
  boolean healthy(long timeoutMs) {
    return stuck(timeoutMs).isEmpty();
  }

  /** Which loop did not answer within {@code timeoutMs}, in words; empty when all did. */
  Optional<String> stuck(long timeoutMs) {
    return health.stuck(timeoutMs);
  }

  Conversation.State state() {
    return conversation.state();
  }

  /** Session closed, every part stopped, pins at rest; safe to call twice. */
  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.post(new Event.Shutdown(done));
    try {
      done.get(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      log.warn("the conversation did not stop within {} ms; closing its parts anyway",
          SHUTDOWN_WAIT_MS);
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      AutoCloseable part = parts.get(i);
      try {
        part.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    parts.clear();
    scheduler.shutdownNow();
  }
}
