package dev.geminipi.tools;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a limit must remember beyond one process: when each tool was last used
 * (minIntervalSec) and when each output went on (maxOnSec). Kept in memory as monotonic
 * nanos, and written to the state directory on every change so a reload (a new router) and
 * a restart read it back. The file holds wall-clock milliseconds, the only time that
 * survives a restart; a time in the future (a clock set back, a Pi without a real-time
 * clock) counts as "just now", so a limit errs on the safe side. A missing or unreadable
 * file means no history, said once.
 */
public final class ToolState {
  private static final Logger log = LoggerFactory.getLogger(ToolState.class);

  private final Optional<Path> file;
  private final LongSupplier nanoTime;
  private final LongSupplier epochMs;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final Map<String, Long> lastUsedNanos = new HashMap<>();
  private final Map<String, Long> onSinceNanos = new HashMap<>();
  private boolean saveFailed;

  private ToolState(Optional<Path> file, LongSupplier nanoTime, LongSupplier epochMs) {
    this.file = file;
    this.nanoTime = nanoTime;
    this.epochMs = epochMs;
  }

  /** History kept in memory only (no state directory): it ends with the process. */
  public static ToolState inMemory(LongSupplier nanoTime) {
    return new ToolState(Optional.empty(), nanoTime, System::currentTimeMillis);
  }

  /**
   * Reads {@code file} (e.g. /var/lib/gemini-pi/tools.json). Outputs rest at every start,
   * so an output that was on is only reported, and its maxOnSec starts afresh.
   */
  public static ToolState load(Path file, LongSupplier nanoTime, LongSupplier epochMs) {
    ToolState s = new ToolState(Optional.of(file), nanoTime, epochMs);
    s.read(file);
    return s;
  }

  private void read(Path path) {
    JsonObject tools;
    try {
      JsonValue root = Json.parse(Files.readString(path, StandardCharsets.UTF_8));
      tools = root.asObject().get("tools").asObject();
    } catch (NoSuchFileException e) {
      log.info("no tool history at {} yet; minIntervalSec counts from the first call", path);
      return;
    } catch (IOException | RuntimeException e) {
      log.warn("tool history {} is unreadable ({}); starting with no history, so "
          + "minIntervalSec counts from the first call", path, e.getMessage());
      return;
    }
    long nowNanos = nanoTime.getAsLong();
    long nowMs = epochMs.getAsLong();
    boolean wasOn = false;
    for (JsonObject.Member m : tools) {
      if (!m.getValue().isObject()) {
        continue;
      }
      JsonObject t = m.getValue().asObject();
      long used = t.getLong("lastUsedEpochMs", -1);
      if (used >= 0) {
        lastUsedNanos.put(m.getName(), nowNanos - Math.max(0, nowMs - used) * 1_000_000L);
      }
      long on = t.getLong("onSinceEpochMs", -1);
      if (on >= 0) {
        wasOn = true;
        log.info("{} was on for {} s when gemini-pi last stopped; it starts at rest",
            m.getName(), Math.max(0, nowMs - on) / 1000);
      }
    }
    if (wasOn) {
      save(path); // it is at rest now; say so once, not at every start
    }
  }

  OptionalLong lastUsed(String tool) {
    lock.lock();
    try {
      Long n = lastUsedNanos.get(tool);
      return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    } finally {
      lock.unlock();
    }
  }

  void used(String tool, long nanos) {
    change(() -> {
      lastUsedNanos.put(tool, nanos);
      return true;
    });
  }

  /** When {@code tool}'s output went on; empty while it is off. */
  OptionalLong onSince(String tool) {
    lock.lock();
    try {
      Long n = onSinceNanos.get(tool);
      return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    } finally {
      lock.unlock();
    }
  }

  void on(String tool, long nanos) {
    change(() -> onSinceNanos.put(tool, nanos) == null);
  }

  void off(String tool) {
    change(() -> onSinceNanos.remove(tool) != null);
  }

  /** Applies {@code edit}, and writes the file when it says it changed something. */
  private void change(BooleanSupplier edit) {
    lock.lock();
    try {
      if (edit.getAsBoolean()) {
        file.ifPresent(this::save);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Written whole to a temporary file and moved into place, so a crash leaves one or other. */
  private void save(Path path) {
    long nowNanos = nanoTime.getAsLong();
    long nowMs = epochMs.getAsLong();
    JsonObject tools = new JsonObject();
    lastUsedNanos.forEach((name, n) -> entry(tools, name).set("lastUsedEpochMs",
        nowMs - (nowNanos - n) / 1_000_000L));
    onSinceNanos.forEach((name, n) -> entry(tools, name).set("onSinceEpochMs",
        nowMs - (nowNanos - n) / 1_000_000L));
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(tmp, new JsonObject().set("version", 1).set("tools", tools).toString(),
          StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      saveFailed = false;
    } catch (IOException e) {
      if (!saveFailed) {
        log.warn("cannot save tool history to {} ({}); minIntervalSec holds until gemini-pi "
            + "stops, not across a restart", path, e.getMessage());
      }
      saveFailed = true;
    }
  }

  private static JsonObject entry(JsonObject tools, String name) {
    JsonValue v = tools.get(name);
    if (v != null) {
      return v.asObject();
    }
    JsonObject o = new JsonObject();
    tools.set(name, o);
    return o;
  }
}
