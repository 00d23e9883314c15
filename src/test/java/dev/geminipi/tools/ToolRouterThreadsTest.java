package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.live.Credential;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router on its own threads and the real scheduler: what production runs. */
class ToolRouterThreadsTest {
  private final MockBoard board = MockBoard.open();
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "test-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<FunctionResponse> responses = new LinkedBlockingQueue<>();
  private ToolRouter router;

  @AfterEach
  void tearDown() {
    if (router != null) {
      router.close();
    }
    board.close();
    scheduler.shutdownNow();
  }

  private FunctionResponse take() throws InterruptedException {
    FunctionResponse r = responses.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no tool response within 5 s");
    return r;
  }

  @Test
  void manyToggles_onOnePin_runOneAtATime() throws InterruptedException {
    // Repeat detection off: this is about the lane, and every toggle here is meant.
    router = ToolRouter.start(SampleTools.ALL, board.gpio(), scheduler, System::nanoTime,
        ToolState.inMemory(System::nanoTime), new Confirmations(scheduler, System::nanoTime),
        responses::add, -1);
    // Rounds of 8 calls from two threads at once: never more than MAX_WAITING_CALLS wait.
    int rounds = 5;
    int perThread = 4;
    int n = rounds * 2 * perThread;
    List<String> answers = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        String prefix = "r" + round + "c" + c + "-";
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < perThread; i++) {
            router.call(ToolRouterTest.call(prefix + i, "heater", "{}"));
          }
        });
        t.start();
        callers.add(t);
      }
      go.countDown();
      for (int i = 0; i < 2 * perThread; i++) {
        FunctionResponse r = take();
        assertEquals("heater", r.name());
        answers.add(r.response().get("on").toString());
      }
      for (Thread t : callers) {
        t.join(5000);
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i % 2 == 0 ? "true" : "false", answers.get(i),
          "toggle " + i + " saw the previous toggle's level");
    }
    assertTrue(board.isHigh(24), "an even number of toggles leaves the heater at rest");
  }

  @Test
  void pulse_onRealThreads_restsAndAnswers_offTheCallersThread() throws InterruptedException {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    router = ToolRouter.start(SampleTools.ALL, board.gpio(), scheduler, System::nanoTime,
        ToolState.inMemory(System::nanoTime), new Confirmations(scheduler, System::nanoTime),
        r -> {
          threads.add(Thread.currentThread().getName());
          responses.add(r);
        });
    router.call(ToolRouterTest.call("p1", "garage_door", "{}"));
    assertEquals(800, take().response().getInt("pulsed_ms", 0));
    assertTrue(board.isHigh(23));
    assertTrue(threads.get(0).startsWith("tool-call-"), threads.toString());
  }

  @Test
  void fakeServerToolCall_movesMockPin_andResponseWithSameIdReachesServer()
      throws InterruptedException {
    EventRecorder events = new EventRecorder();
    try (FakeLiveServer server = FakeLiveServer.start()) {
      LiveSession[] session = new LiveSession[1];
      router = ToolRouter.start(SampleTools.ALL, board.gpio(), scheduler, System::nanoTime,
          ToolState.inMemory(System::nanoTime), new Confirmations(scheduler, System::nanoTime),
          r -> session[0].sendToolResponse(List.of(r)));
      // What the conversation will do: hand tool calls on, never run them on the socket thread.
      session[0] = new LiveSession(ToolDeclarationsTest.gemini(server.endpoint()),
          ToolDeclarations.of(SampleTools.ALL), Credential.of(FakeLiveServer.API_KEY), e -> {
            if (e instanceof ServerEvent.ToolCall call) {
              router.handle(call);
            }
            events.accept(e);
          }, scheduler, new Random(1), LiveSession.Limits.defaults());
      try {
        session[0].open(false);
        server.takeMessage("setup");
        events.take(ServerEvent.SetupComplete.class);
        List<String> ids = server.sendToolCall("set_lamp", "{\"on\":true}");
        Received answer = server.takeMessage("toolResponse");
        JsonObject r = answer.body().get("functionResponses").asArray().get(0).asObject();
        assertEquals(ids.get(0), r.getString("id", ""));
        assertEquals("set_lamp", r.getString("name", ""));
        assertEquals(Json.parse("{\"status\":\"ok\",\"retryable\":false,\"message\":"
            + "\"set_lamp is on now\",\"on\":true}"), r.get("response"));
        assertEquals("WHEN_IDLE", r.getString("scheduling", ""));
        assertTrue(board.isHigh(22));
        assertTrue(server.pollRejection().isEmpty(), () -> server.pollRejection().toString());
      } finally {
        session[0].close();
      }
    }
  }
}
