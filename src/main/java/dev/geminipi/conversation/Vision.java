package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.camera.CameraException;
import dev.geminipi.camera.FrameSource;
import dev.geminipi.camera.FrameSource.Frame;
import dev.geminipi.camera.JpegScaler;
import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the model sees: the only class that knows both the camera and the Live session.
 *
 * <ul>
 *   <li>on-request: the built-in {@value #LOOK} function. A call is answered with a frame taken
 *       after it, scaled to {@code camera.width}×{@code camera.height}, sent as
 *       {@code realtimeInput.video}, and then the function's result.
 *   <li>stream: while a conversation is active, the newest frame every {@code camera.intervalMs},
 *       never one that was already sent and never one older than {@code camera.maxAgeMs}; a tick
 *       that finds no new frame (or the last one still being scaled) sends nothing, so frames are
 *       never queued.
 *   <li>{@code camera.sendOnWake}: one fresh frame when a conversation starts (on-request mode; a
 *       stream sends its first frame at once anyway).
 * </ul>
 *
 * When the camera fails, the frame source has already logged why and what to do; a look is then
 * answered with an error the model can say, and the conversation goes on by voice. Methods are
 * meant for the conversation thread and never block: waiting and scaling run on virtual threads,
 * timing on the scheduler. Vision posts nothing to conversation state.
 */
public final class Vision implements Ports.Eyes, AutoCloseable {
  /** The built-in function's name. */
  public static final String LOOK = "look";

  // Public surface (STYLE 25): the model reads the description and says the error aloud.
  static final String LOOK_DESCRIPTION = "Shows you a fresh picture from the device's camera. Call it whenever "
      + "the user asks what you see or what is in front of the device, or asks you to read, identify, count or "
      + "describe something they are showing to the camera. Never guess what the camera shows without calling "
      + "it. The picture arrives as video input just before this function's result.";
  static final String FRAME_SENT = "a fresh picture was sent as video just before this answer";
  static final String NOT_WORKING = "the camera is not working right now";

  private static final Logger log = LoggerFactory.getLogger(Vision.class);

  private final Mode mode;
  private final FrameSource source;
  private final VisionSender sender;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final JpegScaler scaler;
  private final long intervalMs;
  private final long maxAgeNanos;
  private final long timeoutNanos;
  private final boolean sendOnWake;
  private final Set<String> pendingLooks = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warnedUnreadable = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock. The generation changes at every start and end of a conversation, so work
  // begun for one conversation never sends into the next.
  private long generation;
  private boolean active;
  private boolean closed;
  private ScheduledFuture<?> streamTask;
  private long lastStreamedSequence;
  private boolean streamBusy;

  /** The functions to declare in the setup for {@code mode}: {@value #LOOK} in on-request mode. */
  public static List<FunctionDeclaration> declarations(Mode mode) {
    return mode == Mode.ON_REQUEST ? List.of(new FunctionDeclaration(LOOK, LOOK_DESCRIPTION, Optional.empty(),
        ToolConfig.Behavior.BLOCKING))
        : List.of();
  }

  /**
   * @param mode the resolved mode (never AUTO; see {@code Cameras.mode})
   * @param nanoTime the clock the source stamps frames with
   */
  public Vision(CameraConfig camera, Mode mode, FrameSource source, VisionSender sender,
         ScheduledExecutorService scheduler, LongSupplier nanoTime) {
    if (mode == Mode.AUTO) {
      throw new IllegalArgumentException("resolve camera.mode \"auto\" with Cameras.mode first");
    }
    this.mode = mode;
    this.source = source;
    this.sender = sender;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.scaler = new JpegScaler(camera.width(), camera.height(), camera.jpegQuality());
    this.intervalMs = camera.intervalMs();
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(camera.maxAgeMs());
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(camera.timeoutMs());
    this.sendOnWake = camera.sendOnWake();
  }

  /** Takes a {@value #LOOK} call and answers it later; false if the call is not for Vision. */
  @Override
  public boolean onToolCall(ServerEvent.FunctionCall call) {
    if (!call.name().equals(LOOK) || mode != Mode.ON_REQUEST) {
      return false;
    }
    long calledNanos = nanoTime.getAsLong();
    pendingLooks.add(call.id());
    Thread.ofVirtual().name("vision-look").start(() -> look(call.id(), calledNanos));
    return true;
  }

  /** The model withdrew these calls: a look among them sends nothing more. */
  /** Retrying at once would meet the same camera; the frame source logs what to fix. */
  static JsonObject notWorking() {
    return Outcome.error(Outcome.Status.UNAVAILABLE, false, NOT_WORKING);
  }

  @Override
  public void onInterrupted() {
    pendingLooks.clear();
  }

  @Override
  public void onToolCallCancellation(List<String> ids) {
    ids.forEach(pendingLooks::remove);
  }

  @Override
  public void conversationStarted() {
    lock.lock();
    try {
      if (closed || mode == Mode.OFF) {
        return;
      }
      endLocked(); // a start without an end: never two streams
      long current = ++generation;
      active = true;
      if (mode == Mode.STREAM) {
        streamTask = scheduler.scheduleAtFixedRate(() -> tick(current), 0, intervalMs, TimeUnit.MILLISECONDS);
      } else if (sendOnWake) {
        long startedNanos = nanoTime.getAsLong();
        Thread.ofVirtual().name("vision-wake").start(() -> wakeFrame(current, startedNanos));
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void conversationEnded() {
    lock.lock();
    try {
      endLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Stops sending; the frame source belongs to the caller, who closes it. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      endLocked();
    } finally {
      lock.unlock();
    }
  }

  private void endLocked() {
    generation++;
    active = false;
    if (streamTask != null) {
      streamTask.cancel(false);
      streamTask = null;
    }
  }

  private void look(String id, long calledNanos) {
    JsonObject result;
    try {
      byte[] jpeg = scaler.fit(freshFrame(calledNanos).jpeg());
      if (!pendingLooks.contains(id)) {
        return; // cancelled while we waited
      }
      result = notWorking();
      if (sendUnlessClosed(jpeg)) {
        result = Outcome.ok(FRAME_SENT);
        JpegScaler.Size size = JpegScaler.dimensions(jpeg);
        log.info("look: sent a {}x{} frame ({} KB) {} ms after the call", size.width(), size.height(),
            jpeg.length / 1024, TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - calledNanos));
      }
    } catch (CameraException e) {
      log.debug("look: answering that the camera is not working: {}", e.getMessage());
      result = notWorking();
    } catch (IOException e) {
      unreadable(e);
      result = notWorking();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // Same thread as the video, and the session sends in order: the frame is there first.
    if (pendingLooks.remove(id) && !isClosed()) {
      sender.sendToolResponse(List.of(FunctionResponse.blocking(id, LOOK, result)));
    }
  }

  // The first frame taken after the call that is within maxAgeMs when picked (scaling it
  // afterwards takes tens of milliseconds and is not the camera's staleness).
  private Frame freshFrame(long calledNanos) throws CameraException, InterruptedException {
    long deadline = calledNanos + timeoutNanos;
    long afterNanos = calledNanos;
    while (true) {
      Frame frame = source.awaitFrame(afterNanos, deadline - nanoTime.getAsLong());
      if (nanoTime.getAsLong() - frame.capturedNanos() <= maxAgeNanos) {
        return frame;
      }
      afterNanos = frame.capturedNanos();
    }
  }

  private void wakeFrame(long conversation, long startedNanos) {
    try {
      sendIfCurrent(conversation, scaler.fit(freshFrame(startedNanos).jpeg()));
    } catch (CameraException e) {
      log.debug("vision: no frame for the start of the conversation: {}", e.getMessage());
    } catch (IOException e) {
      unreadable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick(long conversation) {
    Frame frame;
    lock.lock();
    try {
      if (conversation != generation || streamBusy) {
        return; // over, or the last frame is still being scaled: skip rather than queue
      }
      frame = source.newest().orElse(null);
      if (frame == null || frame.sequence() <= lastStreamedSequence
          || nanoTime.getAsLong() - frame.capturedNanos() > maxAgeNanos) {
        return;
      }
      lastStreamedSequence = frame.sequence();
      streamBusy = true;
    } finally {
      lock.unlock();
    }
    Thread.ofVirtual().name("vision-stream").start(() -> streamFrame(conversation, frame));
  }

  private void streamFrame(long conversation, Frame frame) {
    try {
      sendIfCurrent(conversation, scaler.fit(frame.jpeg()));
    } catch (IOException e) {
      unreadable(e);
    } finally {
      lock.lock();
      try {
        streamBusy = false;
      } finally {
        lock.unlock();
      }
    }
  }

  // Under the lock, so once conversationEnded returns nothing more is sent for that
  // conversation; sendVideo only queues, it never waits on the network.
  private void sendIfCurrent(long conversation, byte[] jpeg) {
    lock.lock();
    try {
      if (conversation == generation && active && !closed) {
        sender.sendVideo(jpeg);
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean sendUnlessClosed(byte[] jpeg) {
    lock.lock();
    try {
      return !closed && sender.sendVideo(jpeg);
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  // Some UVC webcams send MJPEG without Huffman tables, which ImageIO cannot decode
  // (docs/hardware.md §3.3); a frame already within the bound is sent untouched and never decoded.
  private void unreadable(IOException e) {
    String line = "camera: a frame could not be decoded to scale it ({}); set camera.width and camera.height to "
        + "the camera's own size, or re-encode it in camera.command";
    if (warnedUnreadable.compareAndSet(false, true)) {
      log.warn(line, e.getMessage());
    } else {
      log.debug(line, e.getMessage());
    }
  }
}
