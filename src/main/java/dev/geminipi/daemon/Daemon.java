package dev.geminipi.daemon;

import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigException;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.control.ControlServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code gemini-pi run}: the device for the config, systemd told it is ready and fed the
 * watchdog while healthy, SIGHUP re-reads the config (a bad one is logged and the old one
 * stays), SIGTERM takes everything down with the pins at rest.
 */
public final class Daemon {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final Path configPath;
  private final Map<String, String> env;
  private final SystemdNotifier systemd;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object lock = new Object();
  private Device device;
  private boolean stopping;

  private Daemon(Path configPath, Map<String, String> env) {
    this.configPath = configPath;
    this.env = env;
    this.systemd = SystemdNotifier.fromEnvironment(env);
  }

  /**
   * Runs until SIGTERM or SIGINT, then returns 0. Returns 1 at once, touching nothing, when
   * another daemon listens on the config's control socket.
   */
  public static int run(Path configPath, Config config, Map<String, String> env) {
    Daemon d = new Daemon(configPath, env);
    return d.runUntilStopped(config);
  }

  /** Starts the device, waits until it answers, and takes it down again. */
  public static boolean warmup(Config config, Map<String, String> env) {
    // install.sh sets a NOTIFY_SOCKET that nothing listens on, so this loads JNA and libsystemd as
    // a start under systemd does and their classes go into the archive too (BENCHMARKS.md "Start
    // time"); sd_notify's error for the missing socket is ignored, as everywhere.
    SystemdNotifier.fromEnvironment(env).status("warming up");
    try (Device device = Device.start(config, env)) {
      return device.healthy(10_000);
    }
  }

  private int runUntilStopped(Config config) {
    long start = System.nanoTime();
    Optional<String> other = ControlServer.inUse(Path.of(config.control().socket()));
    if (other.isPresent()) {
      // Before any pin or device is opened: the running daemon owns them.
      log.error("{}; stop it first (sudo systemctl stop gemini-pi) or give this one another "
          + "control.socket", other.get());
      return 1;
    }
    log.info("gemini-pi {} starting (config {}, model {})", version(), configPath,
        config.gemini().model());
    synchronized (lock) {
      device = Device.start(config, env);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "shutdown"));
    SignalHandler previous = Signal.handle(new Signal("HUP"),
        s -> Thread.ofVirtual().name("reload").start(this::reload));
    if (previous == SignalHandler.SIG_IGN) {
      // The JVM keeps a signal ignored that was ignored when it started (nohup does that).
      log.warn("SIGHUP is ignored in this process (started under nohup?), so reload cannot "
          + "reach it; restart gemini-pi to apply a new config");
    }
    startWatchdog();
    // Public surface: tests and people wait for this line.
    log.info("ready in {} ms: waiting for a trigger", (System.nanoTime() - start) / 1_000_000);
    systemd.ready("idle");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private void startWatchdog() {
    long everyMs = systemd.watchdogEveryMs();
    if (everyMs <= 0) {
      return;
    }
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.scheduleAtFixedRate(() -> {
      Device d;
      synchronized (lock) {
        d = device;
      }
      Optional<String> stuck = d == null ? Optional.of("the device is stopped")
          : d.stuck(Math.max(100, everyMs / 2));
      if (stuck.isEmpty()) {
        systemd.watchdog();
      } else {
        log.warn("not feeding the systemd watchdog: {}; systemd will restart gemini-pi",
            stuck.get());
      }
    }, everyMs, everyMs, TimeUnit.MILLISECONDS);
  }

  private void reload() {
    Config next;
    try {
      next = new ConfigLoader(w -> log.warn("{}", w)).load(configPath);
    } catch (ConfigException e) {
      e.problems().forEach(p -> log.warn("reload refused: {}", p));
      log.warn("kept the running config; fix {} and reload again", configPath);
      return;
    }
    synchronized (lock) {
      if (stopping) {
        return;
      }
      systemd.reloading();
      log.info("reloading {}", configPath);
      device.close();
      device = Device.start(next, env);
    }
    log.info("reloaded {}", configPath);
    systemd.ready("idle");
  }

  private void shutdown() {
    systemd.stopping();
    synchronized (lock) {
      stopping = true;
      if (device != null) {
        device.close();
        device = null;
      }
    }
    log.info("stopped; every pin at rest");
    stopped.countDown();
  }

  static String version() {
    String v = Daemon.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
