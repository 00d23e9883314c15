package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.camera.CameraException;
import dev.geminipi.camera.Cameras;
import dev.geminipi.camera.FrameSource;
import dev.geminipi.camera.JpegScaler;
import dev.geminipi.camera.ProcessPolicy;
import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.live.Credential;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.CameraConfigBuilder;
import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeCamera;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.TestJpegs;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// Vision between a real FakeCamera process and a real LiveSession on FakeLiveServer: what goes
// on the wire, in what order, how big and how fresh.
class VisionTest {
  // A fresh JVM on a loaded 2-core CI box can take seconds to its first frame.
  private static final long STARTUP_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final ProcessPolicy NO_RESTARTS = new ProcessPolicy(0, 100, 400, 20_000, 2000);
  private static final String FIX = "run camera.command by hand to see why, or set camera.mode \"off\"";

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "test-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final LogCapture logs = LogCapture.open();
  private final EventRecorder events = new EventRecorder();
  private FakeLiveServer server;
  private LiveSession session;
  private FrameSource source;
  private volatile Vision vision;

  @AfterEach
  void tearDown() {
    if (vision != null) {
      vision.close();
    }
    if (source != null) {
      source.close();
    }
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
    scheduler.shutdownNow();
    logs.close();
  }

  private static GeminiConfig gemini(String endpoint) {
    return dev.geminipi.testkit.GeminiConfigBuilder.gemini().endpoint(endpoint)
        .setupTimeoutMs(5000).build();
  }

  // The camera, a ready session, and Vision between them; tool calls are routed the way the
  // conversation state machine will route them.
  private void start(CameraConfig camera, ProcessPolicy policy) {
    source = new Cameras(System.getenv("PATH"), System::nanoTime, policy, "GEMINI_API_KEY")
        .open(camera, camera.mode());
    server = FakeLiveServer.start();
    session = new LiveSession(gemini(server.endpoint()), Vision.declarations(camera.mode()),
        Credential.of(FakeLiveServer.API_KEY), event -> {
          if (event instanceof ServerEvent.ToolCall call) {
            call.calls().forEach(c -> assertTrue(vision.onToolCall(c)));
          }
          events.accept(event);
        }, scheduler, new Random(1), LiveSession.Limits.defaults());
    vision = new Vision(camera, camera.mode(), source, VisionSender.of(session::sendVideo,
        session::sendToolResponse), scheduler, System::nanoTime);
    session.open(false);
    server.takeMessage("setup");
    events.take(ServerEvent.SetupComplete.class);
  }

  private static CameraConfigBuilder fake(String... flags) {
    return CameraConfigBuilder.command(FakeCameraProcess.command(flags));
  }

  // The newest frame's number once the camera gives frames: no frame up to it is fresh.
  private long cameraReady() throws Exception {
    return FakeCamera.stampOf(source.awaitFrame(System.nanoTime(), STARTUP_NANOS).jpeg()).frame();
  }

  // Past the fake JVM's warm-up, when a late first frame makes it catch up in a burst of frames.
  private void warmedUp() throws Exception {
    for (long newest = cameraReady(); newest < 2; ) {
      newest = FakeCamera.stampOf(source.awaitFrame(System.nanoTime(), STARTUP_NANOS).jpeg()).frame();
    }
  }

  private long newestFrameNumber() {
    return FakeCamera.stampOf(source.newest().orElseThrow().jpeg()).frame();
  }

  private static void assertVideo(Received video) {
    assertEquals("image/jpeg", video.body().get("video").asObject().getString("mimeType", ""));
  }

  private static JsonObject response(Received toolResponse, String id) {
    JsonObject r = toolResponse.body().get("functionResponses").asArray().get(0).asObject();
    assertEquals(id, r.getString("id", ""));
    assertEquals(Vision.LOOK, r.getString("name", ""));
    return r.get("response").asObject();
  }

  private long count(String kind) {
    return server.history().stream().filter(r -> r.kind().equals(kind)).count();
  }

  // FakeCamera draws its frame number as 16 black/white cells along the top; they survive scaling.
  private static long pictureFrameNumber(byte[] jpeg, int cameraWidth) {
    BufferedImage image = TestJpegs.decode(jpeg);
    double scale = image.getWidth() / (double) cameraWidth;
    int cell = cameraWidth / 16;
    long n = 0;
    for (int bit = 0; bit < 16; bit++) {
      int rgb = image.getRGB((int) ((bit * cell + cell / 2) * scale), (int) (cell / 4 * scale));
      int luma = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
      n = n << 1 | (luma > 128 ? 1 : 0);
    }
    return n;
  }

  @Test
  void setup_onRequest_declaresLookSayingWhenToUseIt() throws Exception {
    start(fake("--fps", "5", "--width", "64", "--height", "48").build(), NO_RESTARTS);

    JsonObject declaration = server.history().getFirst().body().get("tools").asArray().get(0).asObject()
        .get("functionDeclarations").asArray().get(0).asObject();

    assertEquals(Vision.LOOK, declaration.getString("name", ""));
    assertTrue(declaration.getString("description", "").contains("asks what you see"));
    assertEquals(null, declaration.get("parameters"));
    assertEquals(List.of(), Vision.declarations(Mode.STREAM));
    assertEquals(List.of(), Vision.declarations(Mode.OFF));
  }

  @Test
  void look_sendsOneFrameTakenAfterTheCall_thenTheResultWithTheSameId() throws Exception {
    start(fake("--fps", "10", "--width", "320", "--height", "240").build(), NO_RESTARTS);
    cameraReady();

    long before = newestFrameNumber();
    long calledMillis = System.currentTimeMillis();
    String id = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    Received video = server.takeMessage("realtimeInput.video");
    Received result = server.takeMessage("toolResponse");

    assertVideo(video);
    FakeCamera.Stamp stamp = FakeCamera.stampOf(video.data());
    assertTrue(stamp.frame() > before, "frame " + stamp.frame() + " sent, " + before + " existed before the call");
    assertTrue(stamp.timeMillis() >= calledMillis, "taken at " + stamp.timeMillis() + ", called at " + calledMillis);
    assertEquals(new JpegScaler.Size(320, 240), JpegScaler.dimensions(video.data()));
    assertEquals(Outcome.ok("a fresh picture was sent as video just before this answer"),
        response(result, id));
    assertTrue(result.seq() > video.seq(), "the frame goes before the result");
    assertEquals(1, count("realtimeInput.video"));
    assertTrue(server.pollRejection().isEmpty());
  }

  @Test
  void look_largeFrames_arriveScaledWithinTheBound() throws Exception {
    // 1280x960 rather than the 2048x1536 of --tricky, which takes the fake most of a second per
    // frame on a busy 2-core box; the limits are wide because this test is about size, not age.
    int width = 1280;
    start(fake("--fps", "4", "--width", Integer.toString(width), "--height", "960").maxAgeMs(10_000)
        .timeoutMs(20_000).build(), NO_RESTARTS);
    cameraReady();

    long before = newestFrameNumber();
    String id = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    Received video = server.takeMessage("realtimeInput.video", Duration.ofSeconds(20));

    assertVideo(video);
    JpegScaler.Size size = JpegScaler.dimensions(video.data());
    assertTrue(size.width() <= 1024 && size.height() <= 1024, size.toString());
    assertEquals(new JpegScaler.Size(1024, 768), size, "aspect kept");
    assertTrue(pictureFrameNumber(video.data(), width) > before, "a frame taken after the call");
    assertEquals(Outcome.ok(Vision.FRAME_SENT), response(server.takeMessage("toolResponse"), id));
  }

  @Test
  void stream_sourceSlowerThanInterval_neverFasterThanTheSourceNorTwice() throws Exception {
    start(fake("--fps", "2", "--width", "64", "--height", "48").mode(Mode.STREAM).intervalMs(200).build(),
        NO_RESTARTS);
    warmedUp();

    vision.conversationStarted();
    List<FakeCamera.Stamp> stamps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Received video = server.takeMessage("realtimeInput.video");
      assertVideo(video);
      stamps.add(FakeCamera.stampOf(video.data()));
    }
    vision.conversationEnded();

    for (int i = 1; i < stamps.size(); i++) {
      assertTrue(stamps.get(i).frame() > stamps.get(i - 1).frame(), "no frame twice: " + stamps);
    }
    long spanMillis = stamps.getLast().timeMillis() - stamps.getFirst().timeMillis();
    assertTrue(spanMillis >= 3 * 450, "a 2 fps source, yet 4 frames within " + spanMillis + " ms: " + stamps);
    // A 2 fps source has a new frame every 500 ms: a stream still running would send one in this time.
    assertThrows(AssertionError.class, () -> server.takeMessage("realtimeInput.video", Duration.ofMillis(800)));
    assertEquals(0, count("toolResponse"));
  }

  @Test
  void stream_sourceFasterThanInterval_oneFramePerInterval() throws Exception {
    start(fake("--fps", "10", "--width", "64", "--height", "48").mode(Mode.STREAM).intervalMs(300).build(),
        NO_RESTARTS);
    warmedUp();

    vision.conversationStarted();
    List<FakeCamera.Stamp> stamps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      stamps.add(FakeCamera.stampOf(server.takeMessage("realtimeInput.video").data()));
    }

    long spanMillis = stamps.getLast().timeMillis() - stamps.getFirst().timeMillis();
    assertTrue(spanMillis >= 5 * 200 && spanMillis <= 5 * 420, "5 intervals of 300 ms took " + spanMillis
        + " ms: " + stamps);
    assertEquals(6, stamps.stream().map(FakeCamera.Stamp::frame).distinct().count(), stamps.toString());
  }

  @Test
  void sendOnWake_conversationStart_sendsOneFrameTakenAfterIt() throws Exception {
    start(fake("--fps", "10", "--width", "64", "--height", "48").sendOnWake(true).build(), NO_RESTARTS);
    cameraReady();

    long startedMillis = System.currentTimeMillis();
    vision.conversationStarted();
    Received video = server.takeMessage("realtimeInput.video");

    assertVideo(video);
    assertTrue(FakeCamera.stampOf(video.data()).timeMillis() >= startedMillis);
    assertEquals(0, count("toolResponse"));
  }

  @Test
  void look_cameraDiesMidConversation_answersErrorWithOneWarningAndTheSessionGoesOn() throws Exception {
    start(fake("--fps", "10", "--die-after", "15", "--width", "64", "--height", "48").build(), NO_RESTARTS);
    cameraReady();
    vision.conversationStarted();
    String first = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    assertEquals(Outcome.ok(Vision.FRAME_SENT), response(server.takeMessage("toolResponse"), first));

    // Follow the frames until the camera is gone: after its last frame it exits with code 3.
    CameraException gone = assertThrows(CameraException.class, () -> {
      long after = System.nanoTime();
      while (true) {
        after = source.awaitFrame(after, STARTUP_NANOS).capturedNanos();
      }
    });
    String second = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    JsonValue secondAnswer = response(server.takeMessage("toolResponse"), second);
    String third = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    JsonValue thirdAnswer = response(server.takeMessage("toolResponse"), third);

    assertEquals("java exited with code 3; " + FIX, gone.getMessage());
    assertEquals(Json.parse("{\"status\":\"unavailable\",\"retryable\":false,\"message\":"
        + "\"the camera is not working right now\"}"), secondAnswer);
    assertEquals(secondAnswer, thirdAnswer);
    assertEquals(1, count("realtimeInput.video"), "only the first look sent a frame");
    assertEquals(List.of("WARN [dev.geminipi.camera.ProcessFrameSource] camera: java exited with code 3; vision "
        + "is off until gemini-pi restarts; " + FIX), logs.warnings());
    assertTrue(server.pollRejection().isEmpty(), "the server refused nothing");
    assertTrue(session.isReady());
    assertTrue(session.sendText("can you hear me?"));
    assertEquals("can you hear me?", server.takeMessage("realtimeInput.text").body().getString("text", ""));
  }

  @Test
  void look_commandMissing_visionOffWithOneClearLine_lookAnswersError() {
    start(CameraConfigBuilder.command(List.of("no-such-camera-tool", "-o", "-")).build(), NO_RESTARTS);

    String id = server.sendToolCall(Vision.LOOK, "{}").getFirst();

    assertEquals(Vision.notWorking(), response(server.takeMessage("toolResponse"), id));
    assertEquals(List.of("WARN [dev.geminipi.camera.Cameras] camera: no-such-camera-tool not found "
        + "(camera.command[0]); fix camera.command or set camera.mode \"off\""), logs.warnings());
    assertEquals(0, count("realtimeInput.video"));
    assertTrue(server.pollRejection().isEmpty());
  }

  @Test
  void look_cameraStalled_answersErrorWithinTimeout() throws Exception {
    start(fake("--fps", "10", "--stall-after", "3", "--width", "64", "--height", "48").timeoutMs(800).build(),
        NO_RESTARTS);
    long newest = cameraReady();
    while (newest < 2) {
      newest = FakeCamera.stampOf(source.awaitFrame(source.newest().orElseThrow().capturedNanos(),
          STARTUP_NANOS).jpeg()).frame();
    }

    long calledNanos = System.nanoTime();
    String id = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    JsonValue answer = response(server.takeMessage("toolResponse"), id);
    long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - calledNanos);
    CameraException given = assertThrows(CameraException.class, () -> source.awaitFrame(System.nanoTime(),
        STARTUP_NANOS));

    assertEquals(Vision.notWorking(), answer);
    assertTrue(answeredMs <= 800 + 2000, "answered after " + answeredMs + " ms");
    String cause = "java stopped giving frames (none for 800 ms, camera.timeoutMs)";
    assertEquals(cause + "; " + FIX, given.getMessage());
    assertEquals(List.of("WARN [dev.geminipi.camera.ProcessFrameSource] camera: " + cause + "; vision is off "
        + "until gemini-pi restarts; " + FIX), logs.warnings());
    assertEquals(0, count("realtimeInput.video"));
  }

  @Test
  void look_cancelled_sendsNothingForIt() throws Exception {
    start(fake("--fps", "2", "--width", "64", "--height", "48").build(), NO_RESTARTS);
    cameraReady();

    String cancelled = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    events.take(ServerEvent.ToolCall.class); // Vision has it now
    vision.onToolCallCancellation(List.of(cancelled));
    String answered = server.sendToolCall(Vision.LOOK, "{}").getFirst();
    Received result = server.takeMessage("toolResponse");

    assertEquals(Outcome.ok(Vision.FRAME_SENT), response(result, answered));
    assertEquals(1, count("realtimeInput.video"));
    assertEquals(1, count("toolResponse"));
  }

  @Test
  void onToolCall_notLookOrNotOnRequest_leftToTheCaller() {
    CameraConfig camera = fake().mode(Mode.STREAM).build();
    Vision streaming = new Vision(camera, Mode.STREAM, FrameSource.none(), VisionSender.of(j -> true, r -> true),
        scheduler, System::nanoTime);
    Vision onRequest = new Vision(camera, Mode.ON_REQUEST, FrameSource.none(), VisionSender.of(j -> true,
        r -> true), scheduler, System::nanoTime);

    assertFalse(streaming.onToolCall(new ServerEvent.FunctionCall("1", Vision.LOOK, new JsonObject())));
    assertFalse(onRequest.onToolCall(new ServerEvent.FunctionCall("2", "set_lamp", new JsonObject())));
    assertThrows(IllegalArgumentException.class, () -> new Vision(camera, Mode.AUTO, FrameSource.none(),
        VisionSender.of(j -> true, r -> true), scheduler, System::nanoTime));
  }
}
