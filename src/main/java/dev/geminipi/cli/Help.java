package dev.geminipi.cli;

import java.util.List;
import java.util.Optional;

/**
 * The help of each command, for {@code gemini-pi --help}, {@code gemini-pi COMMAND --help} and
 * the man page that packaging generates from them. Plain text, 80 columns: public surface.
 * A new command adds one {@link Command} here and one case in {@link Cli}.
 */
final class Help {
  /**
   * @param usage the synopsis after "gemini-pi"; several lines for several forms
   * @param summary one line for the command list
   * @param details what it does, its options, its exit status
   */
  record Command(String name, String usage, String summary, String details) {
  }

  static final String LOG_OPTIONS = """
        --debug            log everything (the same as --log-level debug)
        --log-level LEVEL  error, warn, info, debug or trace
      """;

  static final String SOCKET_OPTIONS = """
        --socket PATH   the daemon's control socket; else $GEMINI_PI_SOCKET, else
                        control.socket of the config (--config PATH, or the default
                        config files), else /run/gemini-pi/control.sock
        --config PATH   the config whose control.socket to use
      """;

  static final List<Command> COMMANDS = List.of(
      new Command("run", "run [--config PATH] [--debug | --log-level LEVEL]",
          "run the daemon (systemd runs this)", """
          Runs the daemon: waits for a trigger (button, input pin, wake word, or talk),
          holds the conversation with the model, and moves the pins the model may move.
          It logs to stdout; under systemd each line carries its syslog priority, so
          'journalctl -u gemini-pi -p warning' shows warnings and errors only.
          Transcripts are logged only with "log": {"transcripts": true} in the config.

          options:
            --config PATH      config file (default /etc/gemini-pi/config.json, else
                               ./config/config.json, else built-in defaults)
          """ + LOG_OPTIONS + """

          It runs until stopped (SIGTERM). Exit status 1 when the config is bad.
          """),
      new Command("rest", "rest [--config PATH]",
          "set every output to its resting level and exit", """
          Sets every output the config declares (the tools and the status LED) to its
          resting level, reads it back and exits. systemd runs it after the daemon
          stops or dies (ExecStopPost=), so a crash never leaves a relay on. It
          refuses while a daemon runs on the config's control socket: that daemon
          owns the pins.

          options:
            --config PATH      config file (default as for run)

          Exit status 0 when every output is at rest, 1 when one is not or the config
          cannot be read.
          """),
      new Command("check", "check [--config PATH] [--sound] [--debug | --log-level LEVEL]",
          "check config, key, devices, GPIO, camera, network", """
          Checks everything the daemon needs, one line each: the config, the API key
          (by opening one real session with the service), the microphone, the
          speaker, the GPIO pins, the wake-word models, the camera, the clock and the
          network. Each problem is a line starting with a cross, with what to do.

          options:
            --config PATH      config file (default as for run)
            --sound            also play a short tone sweep on the speaker while
                               recording the microphone, and say whether and how
                               loud the microphone hears the speaker (asked for on a
                               terminal)
          """ + LOG_OPTIONS + """

          Exit status 0 when every line is a tick, 1 otherwise.
          """),
      new Command("devices", "devices", "list capture and playback devices and their formats",
          """
          Lists the sound devices Java sees, with the formats each one takes, for
          audio.input.device and audio.output.device in the config.

          Exit status 0.
          """),
      new Command("say", """
          say TEXT --out FILE.wav [--config PATH] [--timeout SEC]
                    [--debug | --log-level LEVEL]
          say TEXT [--socket PATH | --config PATH]""",
          "ask the model, directly or through the running daemon", """
          With --out: asks the model TEXT without a daemon and writes its spoken answer
          to FILE.wav (24 kHz mono) and the transcript to stdout. The first thing to
          try with a new key. Without --out: sends TEXT into the running daemon's
          conversation, as if it had been said.

          options:
            --out FILE.wav     talk to the model directly and write the answer here
            --config PATH      config file (default as for run)
            --timeout SEC      how long to wait for the whole answer (default 60)
          """ + LOG_OPTIONS + SOCKET_OPTIONS + """

          Exit status 0 on an answer, 1 when there is none (the reason on stderr).
          """),
      new Command("talk", "talk [--socket PATH | --config PATH] [--timeout SEC]",
          "like a button press on the running daemon", """
          Starts a conversation on the running daemon, as its button does, and waits
          until the daemon is listening; in a conversation it ends it instead.

          options:
            --timeout SEC   how long to wait for listening (default 60)
          """ + SOCKET_OPTIONS + """

          Exit status 0 once the daemon listens (or the conversation ended), 1 when
          the conversation could not start, with the reason on stderr.
          """),
      new Command("hangup", "hangup [--socket PATH | --config PATH]",
          "end the running daemon's conversation", """
          Ends the running daemon's conversation; its outputs go to rest.

          options:
          """ + SOCKET_OPTIONS + """

          Exit status 0 when the daemon answered, 1 otherwise.
          """),
      new Command("status", "status [--socket PATH | --config PATH] [--json]",
          "show the running daemon's state and outputs", """
          Shows the running daemon's state, connection, uptime, last error and the
          levels of its outputs.

          options:
            --json          the daemon's answer as one JSON line
          """ + SOCKET_OPTIONS + """

          Exit status 0 when the daemon answered, 1 otherwise.
          """));

  private Help() {
  }

  static Optional<Command> of(String name) {
    return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** {@code gemini-pi COMMAND --help}. */
  static String text(Command c) {
    StringBuilder b = new StringBuilder();
    String[] lines = c.usage().split("\n");
    for (int i = 0; i < lines.length; i++) {
      b.append(i == 0 ? "usage: " : "       ");
      // A line that starts with a space continues the form above it.
      String line = lines[i].startsWith(" ") ? "            " + lines[i].strip()
          : "gemini-pi " + lines[i];
      b.append(line).append('\n');
    }
    return b.append('\n').append(c.summary()).append(".\n\n").append(c.details()).toString();
  }

  /** {@code gemini-pi --help}: every command in one list. */
  static String overview() {
    StringBuilder b = new StringBuilder("usage: gemini-pi <command> [options]\n\ncommands:\n");
    for (Command c : COMMANDS) {
      b.append(String.format("  %-10s%s%n", c.name(), c.summary()));
    }
    return b.append("""

        'gemini-pi COMMAND --help' shows a command's options.

        options:
          --help          this text
          --version       the version
        """).toString();
  }
}
