package dev.geminipi.cli;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigException;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.daemon.Daemon;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commands of {@code gemini-pi}. Output texts and exit codes are public surface:
 * tests and users' scripts rely on them. 0 = success, 1 = the command failed, 2 = usage.
 */
public final class Cli {
  /** Returned by {@code run}: the daemon's threads keep the JVM alive. */
  public static final int KEEP_RUNNING = -1;
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final Path SYSTEM_CONFIG = Path.of("/etc/gemini-pi/config.json");
  static final Path LOCAL_CONFIG = Path.of("config/config.json");

  private static final String USAGE_TEXT = """
      usage: gemini-pi <command> [options]

      commands:
        run [--config PATH]            run the daemon (systemd runs this)
        rest [--config PATH]           set every output to its resting level and exit
                                       (systemd runs this after the daemon stops or dies)
        check [--config PATH]          check config, key, devices, GPIO, camera, network
        devices                        list capture and playback devices and their formats
        say TEXT --out FILE.wav [--config PATH]
                                       ask the model without a daemon; write its spoken reply
        say TEXT [--socket PATH]       send TEXT into the running daemon's conversation
        talk [--socket PATH]           like a button press on the running daemon
        hangup [--socket PATH]         end the running daemon's conversation
        status [--socket PATH] [--json]
                                       show the running daemon's state and outputs

      options:
        --config PATH   config file (default /etc/gemini-pi/config.json, else
                        ./config/config.json, else built-in defaults)
        --help          this text
        --version       the version
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")
        || argv[0].equals("help")) {
      (argv.length == 0 ? err : out).print(USAGE_TEXT);
      return argv.length == 0 ? USAGE : OK;
    }
    if (argv[0].equals("--version") || argv[0].equals("version")) {
      out.println("gemini-pi " + version());
      return OK;
    }
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    try {
      return switch (argv[0]) {
        case "run" -> daemon(rest);
        case "rest" -> rest(rest);
        case "devices" -> {
          Args.parse(rest, Set.of(), Set.of());
          out.print(dev.geminipi.audio.Devices.report());
          yield OK;
        }
        case "say" -> say(rest);
        case "talk", "hangup", "status" -> control(argv[0], rest);
        case "check" -> new CheckCommand(out, env).run(loadForCheck(Args.parse(rest,
            Set.of("config"), Set.of()))) ? OK : FAILED;
        default -> usage("unknown command \"" + argv[0] + "\"");
      };
    } catch (Args.UsageException e) {
      return usage(e.getMessage());
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("error: " + p));
      return FAILED;
    }
  }

  private int say(List<String> words) throws Args.UsageException, ConfigException {
    Args a = Args.parse(words, Set.of("config", "out", "socket", "timeout"), Set.of());
    if (a.positional().size() != 1) {
      throw new Args.UsageException("say takes one TEXT in quotes, e.g. "
          + "gemini-pi say \"what time is it\" --out reply.wav");
    }
    if (!a.has("out")) {
      return new ClientCommands(out, err).run(socket(a), new JsonObject().add("cmd", "say")
          .add("text", a.positional().get(0)), false);
    }
    Loaded loaded = load(a);
    int timeoutSec = parseInt(a.option("timeout", "60"), "--timeout");
    return new SayCommand(out, err, env).run(loaded.config(), a.positional().get(0),
        Path.of(a.option("out", "")), timeoutSec);
  }

  /** Blocks until the daemon is stopped by a signal; the JVM then exits on its own. */
  private int daemon(List<String> words) throws Args.UsageException, ConfigException {
    Args a = Args.parse(words, Set.of("config"), Set.of("warmup"));
    Loaded loaded = load(a);
    if (a.flag("warmup")) {
      // install.sh: start everything once and stop, so the JVM's class-data archive is
      // written at exit and later starts are faster (hardware-notes.md §5.3).
      return Daemon.warmup(loaded.config(), env) ? OK : FAILED;
    }
    Path path = a.has("config") ? Path.of(a.option("config", ""))
        : Files.exists(SYSTEM_CONFIG) || !Files.exists(LOCAL_CONFIG) ? SYSTEM_CONFIG : LOCAL_CONFIG;
    // 0 comes back from the shutdown hook's path, where System.exit would hang.
    return Daemon.run(path, loaded.config(), env) == 0 ? KEEP_RUNNING : FAILED;
  }

  private int rest(List<String> words) throws Args.UsageException {
    Args a = Args.parse(words, Set.of("config"), Set.of("help"));
    if (a.flag("help")) {
      out.print(RestCommand.HELP);
      return OK;
    }
    if (!a.positional().isEmpty()) {
      throw new Args.UsageException("rest takes no arguments, only --config PATH");
    }
    Loaded loaded;
    try {
      loaded = load(a);
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("error: " + p));
      err.println(RestCommand.CONFIG_REFUSED);
      return FAILED;
    }
    return new RestCommand(out, err, env).run(loaded.config()) ? OK : FAILED;
  }

  private int control(String cmd, List<String> words)
      throws Args.UsageException, ConfigException {
    Args a = Args.parse(words, Set.of("socket", "config"), Set.of("json"));
    if (!a.positional().isEmpty()) {
      throw new Args.UsageException(cmd + " takes no arguments, only --socket PATH and --json");
    }
    return new ClientCommands(out, err).run(socket(a), new JsonObject().add("cmd", cmd),
        a.flag("json"));
  }

  /** --socket, else the config's control.socket, else the default path. */
  private Path socket(Args a) throws ConfigException {
    if (a.has("socket")) {
      return Path.of(a.option("socket", ""));
    }
    return Path.of(load(a).config().control().socket());
  }

  private int usage(String problem) {
    err.println("gemini-pi: " + problem);
    err.println("run 'gemini-pi --help' for the commands");
    return USAGE;
  }

  /** A config and where it came from ("built-in defaults" when no file exists). */
  record Loaded(Config config, String source) {
  }

  Loaded load(Args a) throws ConfigException {
    ConfigLoader loader = new ConfigLoader(w -> err.println("warning: " + w));
    if (a.has("config")) {
      Path p = Path.of(a.option("config", ""));
      return new Loaded(loader.load(p), p.toString());
    }
    for (Path p : List.of(SYSTEM_CONFIG, LOCAL_CONFIG)) {
      if (Files.exists(p)) {
        return new Loaded(loader.load(p), p.toString());
      }
    }
    return new Loaded(Config.defaults(), "built-in defaults (no config file found)");
  }

  /** For check: a bad config is a ✗ line, not an abort. */
  private CheckCommand.ConfigState loadForCheck(Args a) {
    try {
      Loaded l = load(a);
      return new CheckCommand.ConfigState(l.config(), l.source(), List.of());
    } catch (ConfigException e) {
      return new CheckCommand.ConfigState(null, a.option("config", SYSTEM_CONFIG.toString()),
          e.problems());
    }
  }

  static int parseInt(String text, String what) throws Args.UsageException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new Args.UsageException(what + " needs a whole number, got \"" + text + "\"");
    }
  }

  static String version() {
    String v = Cli.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
