package dev.geminipi.camera;

import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the camera that {@code camera} describes: decides what mode "auto" means here, starts the
 * frame source, and checks it for {@code gemini-pi check}. Created once, in {@code Main}.
 */
public final class Cameras {
  /** One line of {@code gemini-pi check}, without its ✓/✗ mark; the line is public surface. */
  public record CheckResult(boolean ok, String line) {
  }

  private static final Logger log = LoggerFactory.getLogger(Cameras.class);

  private final String searchPath;
  private final LongSupplier nanoTime;
  private final ProcessPolicy policy;
  private final Set<String> hidden;

  /**
   * @param searchPath where programs are looked up, as in {@code $PATH}
   * @param nanoTime the monotonic clock frames are stamped with
   * @param apiKeyEnv the variable that holds the key (gemini.apiKeyEnv): no child gets it
   */
  public Cameras(String searchPath, LongSupplier nanoTime, ProcessPolicy policy,
      String apiKeyEnv) {
    this.searchPath = searchPath;
    this.nanoTime = nanoTime;
    this.policy = policy;
    this.hidden = ChildEnvironment.hidden(apiKeyEnv);
  }

  /**
   * This process's PATH, {@link System#nanoTime} and the default process policy; children
   * never see {@code apiKeyEnv} (gemini.apiKeyEnv) nor GEMINI_API_KEY and GOOGLE_API_KEY.
   */
  public static Cameras system(String apiKeyEnv) {
    String path = System.getenv("PATH");
    return new Cameras(path == null ? "/usr/local/bin:/usr/bin:/bin" : path, System::nanoTime,
        ProcessPolicy.defaults(), apiKeyEnv);
  }

  /** The mode to run in: "auto" becomes on-request when a camera is found, off otherwise. */
  public Mode mode(CameraConfig camera) {
    if (camera.mode() != Mode.AUTO) {
      return camera.mode();
    }
    boolean found = CameraDetector.found(camera, searchPath, hidden);
    log.info("camera: {} for camera.source \"{}\", so vision is {} (camera.mode \"auto\")",
        found ? "found one" : "none found", configName(camera.source()), found ? "on-request" : "off");
    return found ? Mode.ON_REQUEST : Mode.OFF;
  }

  /**
   * A running source for {@code mode} (as {@link #mode} resolved it): the empty source for off,
   * and for a camera that cannot start, one that explains why (logged once at WARN).
   */
  public FrameSource open(CameraConfig camera, Mode mode) {
    if (mode == Mode.AUTO) {
      throw new IllegalArgumentException("resolve camera.mode \"auto\" with Cameras.mode first");
    }
    if (mode == Mode.OFF) {
      return FrameSource.none();
    }
    return switch (CameraCommands.plan(camera, searchPath)) {
      case CameraCommands.Unavailable u -> {
        log.warn("camera: {}", u.problem());
        yield new BrokenFrameSource(u.problem());
      }
      case CameraCommands.Run run -> {
        log.info("camera: starting {} for camera.source \"{}\" ({} fps asked)", run.name(),
            configName(camera.source()), camera.framerate());
        ProcessFrameSource source = new ProcessFrameSource(run, camera.timeoutMs(), camera.framerate(),
            policy, nanoTime, hidden);
        source.start();
        yield source;
      }
    };
  }

  /** Starts the camera once and waits for one frame: "camera gives a frame" ✓ or ✗ with the fix. */
  public CheckResult check(CameraConfig camera) {
    Mode mode = camera.mode();
    if (mode == Mode.OFF) {
      return new CheckResult(true, "camera off (camera.mode \"off\")");
    }
    if (mode == Mode.AUTO && !CameraDetector.found(camera, searchPath, hidden)) {
      return new CheckResult(true, "no camera found for camera.source \"" + configName(camera.source())
          + "\", so vision is off (camera.mode \"auto\")");
    }
    CameraCommands.Run run;
    switch (CameraCommands.plan(camera, searchPath)) {
      case CameraCommands.Unavailable u -> {
        return failed(u.problem());
      }
      case CameraCommands.Run r -> run = r;
    }
    ProcessPolicy once = new ProcessPolicy(0, policy.firstBackoffMs(), policy.maxBackoffMs(), policy.startupMs(),
        policy.stopTimeoutMs());
    long startNanos = nanoTime.getAsLong();
    long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(camera.timeoutMs(), policy.startupMs()));
    try (ProcessFrameSource source = new ProcessFrameSource(run, camera.timeoutMs(), camera.framerate(), once,
        nanoTime, hidden)) {
      source.start();
      FrameSource.Frame frame = source.awaitFrame(startNanos - 1, waitNanos);
      JpegScaler.Size size = JpegScaler.dimensions(frame.jpeg());
      long ms = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - startNanos);
      return new CheckResult(true, "camera gives a frame (" + size.width() + "x" + size.height()
          + " JPEG from " + run.name() + " in " + ms + " ms)");
    } catch (CameraException e) {
      return failed(e.getMessage());
    } catch (IOException e) {
      return failed(run.name() + " wrote a frame that is not a JPEG (" + e.getMessage() + "); " + run.fix());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted while waiting for a frame");
    }
  }

  private static CheckResult failed(String problem) {
    return new CheckResult(false, "camera gives a frame: " + problem);
  }

  // The spelling config.json uses: ON_REQUEST is "on-request".
  static String configName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
