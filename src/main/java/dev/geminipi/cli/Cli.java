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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

  /** Commands whose logging {@code --debug} and {@code --log-level} set. */
  static final Set<String> LOGGING = Set.of("debug");
  static final Set<String> LOG_LEVEL = Set.of("log-level");
  static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
  /** Where talk, hangup and status find the daemon when --socket is not given. */
  static final String SOCKET_VARIABLE = "GEMINI_PI_SOCKET";

  /** Asks the person at the terminal a yes/no question; false when nobody can answer. */
  @FunctionalInterface
  public interface Terminal {
    boolean confirm(String question);

    Terminal NONE = question -> false;
  }

  /** Public surface: the question plain {@code check} asks on a terminal. */
  static final String SOUND_QUESTION = "Play a short test sound on the speaker to check that the "
      + "microphone hears it? [y/N] ";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Terminal terminal;

  public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, Terminal.NONE);
  }

  public Cli(PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = terminal;
  }

  public int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")
        || argv[0].equals("help")) {
      if (argv.length == 2 && Help.of(argv[1]).isPresent()) {
        out.print(Help.text(Help.of(argv[1]).get())); // gemini-pi help COMMAND
        return OK;
      }
      (argv.length == 0 ? err : out).print(Help.overview());
      return argv.length == 0 ? USAGE : OK;
    }
    if (argv[0].equals("--version") || argv[0].equals("version")) {
      out.println("gemini-pi " + version());
      return OK;
    }
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    Optional<Help.Command> help = Help.of(argv[0]);
    if (help.isPresent() && (rest.contains("--help") || rest.contains("-h"))) {
      out.print(Help.text(help.get()));
      return OK;
    }
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
        case "check" -> check(rest);
        default -> usage("unknown command \"" + argv[0] + "\"");
      };
    } catch (Args.UsageException e) {
      return usage(e.getMessage());
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("error: " + p));
      return FAILED;
    }
  }

  /** --sound plays a test sweep; without it, a person at a terminal is asked first. */
  private int check(List<String> words) throws Args.UsageException {
    Args a = logged(Args.parse(words, with(Set.of("config"), LOG_LEVEL),
        with(Set.of("sound"), LOGGING)));
    boolean sound = a.flag("sound") || terminal.confirm(SOUND_QUESTION);
    return new CheckCommand(out, env).run(loadForCheck(a), sound) ? OK : FAILED;
  }

  private int say(List<String> words) throws Args.UsageException, ConfigException {
    Args a = logged(Args.parse(words, with(Set.of("config", "out", "socket", "timeout"),
        LOG_LEVEL), LOGGING));
    if (a.positional().size() != 1) {
      throw new Args.UsageException("say takes one TEXT in quotes, e.g. "
          + "gemini-pi say \"what time is it\" --out reply.wav");
    }
    if (!a.has("out")) {
      return new ClientCommands(out, err).run(socket(a), new JsonObject().add("cmd", "say")
          .add("text", a.positional().get(0)), false, "without a daemon, 'gemini-pi say TEXT "
          + "--out FILE.wav' talks to the model directly");
    }
    Loaded loaded = load(a);
    int timeoutSec = parseInt(a.option("timeout", "60"), "--timeout");
    return new SayCommand(out, err, env).run(loaded.config(), a.positional().get(0),
        Path.of(a.option("out", "")), timeoutSec);
  }

  /** Blocks until the daemon is stopped by a signal; the JVM then exits on its own. */
  private int daemon(List<String> words) throws Args.UsageException, ConfigException {
    Args a = logged(Args.parse(words, with(Set.of("config"), LOG_LEVEL),
        with(Set.of("warmup"), LOGGING)));
    Loaded loaded = load(a);
    if (a.flag("warmup")) {
      // install.sh: start everything once and stop, so the JVM's class-data archive is
      // written at exit and later starts are faster (docs/hardware.md, "JVM").
      return Daemon.warmup(loaded.config(), env) ? OK : FAILED;
    }
    Path path = a.has("config") ? Path.of(a.option("config", ""))
        : Files.exists(SYSTEM_CONFIG) || !Files.exists(LOCAL_CONFIG) ? SYSTEM_CONFIG : LOCAL_CONFIG;
    // 0 comes back from the shutdown hook's path, where System.exit would hang.
    return Daemon.run(path, loaded.config(), env) == 0 ? KEEP_RUNNING : FAILED;
  }

  private int rest(List<String> words) throws Args.UsageException {
    Args a = Args.parse(words, Set.of("config"), Set.of());
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
    boolean talk = cmd.equals("talk");
    Args a = Args.parse(words, talk ? Set.of("socket", "config", "timeout")
        : Set.of("socket", "config"), cmd.equals("status") ? Set.of("json") : Set.of());
    if (!a.positional().isEmpty()) {
      throw new Args.UsageException(cmd + " takes no arguments; see gemini-pi " + cmd
          + " --help");
    }
    ClientCommands client = new ClientCommands(out, err);
    if (talk) {
      int timeoutSec = parseInt(a.option("timeout", "60"), "--timeout");
      return client.talk(socket(a), timeoutSec);
    }
    return client.run(socket(a), new JsonObject().add("cmd", cmd), a.flag("json"), "");
  }

  /** --socket, else $GEMINI_PI_SOCKET, else the config's control.socket (or its default). */
  private Path socket(Args a) throws ConfigException {
    if (a.has("socket")) {
      return Path.of(a.option("socket", ""));
    }
    String fromEnv = env.getOrDefault(SOCKET_VARIABLE, "");
    if (!fromEnv.isEmpty() && !a.has("config")) {
      return Path.of(fromEnv);
    }
    try {
      return Path.of(load(a).config().control().socket());
    } catch (ConfigException e) {
      // A daemon that refused a reload still runs on the socket of the config it kept: reach
      // it, and say once that the file on disk is broken.
      Path socket = Path.of(SocketOfBrokenConfig.read(configPath(a)));
      err.println("warning: the config has errors (gemini-pi check lists them); using the "
          + "control socket " + socket);
      return socket;
    }
  }

  private static Path configPath(Args a) {
    if (a.has("config")) {
      return Path.of(a.option("config", ""));
    }
    return Files.exists(SYSTEM_CONFIG) || !Files.exists(LOCAL_CONFIG) ? SYSTEM_CONFIG
        : LOCAL_CONFIG;
  }

  /** Refuses a --log-level Main could not use; Main has already applied a good one. */
  private static Args logged(Args a) throws Args.UsageException {
    String level = a.option("log-level", "info");
    if (!LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
      throw new Args.UsageException("--log-level takes one of " + String.join(", ", LEVELS)
          + ", not \"" + level + "\"");
    }
    return a;
  }

  private static Set<String> with(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The log level for these arguments, decided before any logger exists: --debug, else a valid
   * --log-level, else by command. The daemon logs at INFO. check and say print every problem
   * as a line of their own, so the parts' warnings would say it twice: ERROR. Others: WARN.
   */
  public static String logLevel(String[] argv) {
    List<String> words = Arrays.asList(argv);
    if (words.contains("--debug")) {
      return "DEBUG";
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String value = w.startsWith("--log-level=") ? w.substring("--log-level=".length())
          : w.equals("--log-level") && i + 1 < words.size() ? words.get(i + 1) : null;
      if (value != null && LEVELS.contains(value.toLowerCase(Locale.ROOT))) {
        return value.toUpperCase(Locale.ROOT);
      }
    }
    String command = words.isEmpty() ? "" : words.get(0);
    return switch (command) {
      case "run" -> "INFO";
      case "check", "say" -> "ERROR";
      default -> "WARN";
    };
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
