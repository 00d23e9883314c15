package dev.geminipi.cli;

import dev.geminipi.config.Config;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code gemini-pi say TEXT --out FILE.wav}: one session, one question, the spoken answer
 * in a 24 kHz WAV and the transcripts on stdout. The first thing a new user runs with a key.
 */
final class SayCommand {
  /**
   * Connection attempts before say gives up: offline, the answer is one line within seconds,
   * not a minute of the same warning (the backoffs between three attempts are 1.5-3 s).
   */
  static final int ATTEMPTS = 3;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SayCommand.class);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  SayCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(Config config, String text, Path wav, int timeoutSec) {
    String variable = config.gemini().apiKeyEnv();
    Optional<Credential> credential = Credential.fromEnvironment(env, variable);
    if (credential.isEmpty()) {
      err.println("error: " + Credential.missingMessage(variable));
      return Cli.FAILED;
    }
    BlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "say-scheduler");
      t.setDaemon(true);
      return t;
    });
    LiveSession session = new LiveSession(config.gemini(), List.of(), credential.get(),
        events::add, scheduler, new Random(), LiveSession.Limits.defaults().withAttempts(ATTEMPTS));
    try {
      session.open(false);
      session.sendPrompt(text);
      out.println("you: " + text);
      return collect(events, wav, timeoutSec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.FAILED;
    } finally {
      session.close();
      scheduler.shutdown();
    }
  }

  private int collect(BlockingQueue<ServerEvent> events, Path wav, int timeoutSec)
      throws InterruptedException {
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    StringBuilder transcript = new StringBuilder();
    int rateHz = 24_000;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSec);
    while (true) {
      ServerEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        err.println("error: no complete answer within " + timeoutSec + " s (got "
            + pcm.size() / 2 * 1000 / rateHz + " ms of audio); try --timeout 120");
        return Cli.FAILED;
      }
      switch (e) {
        case ServerEvent.Audio a -> {
          rateHz = a.rateHz();
          pcm.writeBytes(a.pcm());
        }
        case ServerEvent.OutputTranscript t -> transcript.append(t.text());
        case ServerEvent.Text t -> {
          if (!t.thought()) {
            transcript.append(t.text());
          }
        }
        case ServerEvent.TurnComplete t -> {
          out.println("gemini: " + transcript.toString().strip());
          return write(wav, pcm, rateHz);
        }
        case ServerEvent.Closed c -> {
          if (!c.willReconnect()) {
            err.println("error: " + c.explanation());
            return Cli.FAILED;
          }
          log.debug("{}", c.explanation()); // the session's last word, above, says it once
        }
        case ServerEvent.ToolCall t -> err.println("warning: the model asked for a tool; "
            + "say declares none");
        case ServerEvent.SetupComplete s -> { }
        case ServerEvent.InputTranscript t -> { }
        case ServerEvent.Interrupted i -> { }
        case ServerEvent.GenerationComplete g -> { }
        case ServerEvent.ToolCallCancellation c -> { }
        case ServerEvent.GoAway g -> { }
        case ServerEvent.ResumptionUpdate r -> { }
        case ServerEvent.Usage u -> { }
        case ServerEvent.VoiceActivity v -> { }
        case ServerEvent.Unknown u -> { }
        case ServerEvent.Malformed m -> err.println("warning: the service sent something "
            + "unreadable: " + m.problem());
      }
    }
  }

  private int write(Path wav, ByteArrayOutputStream pcm, int rateHz) {
    try {
      Wav.write(wav, pcm.toByteArray(), pcm.size(), rateHz);
    } catch (IOException e) {
      err.println("error: cannot write " + wav + ": " + e.getMessage());
      return Cli.FAILED;
    }
    out.printf("wrote %s (%.1f s of audio at %d Hz)%n", wav, pcm.size() / 2.0 / rateHz, rateHz);
    return Cli.OK;
  }
}
