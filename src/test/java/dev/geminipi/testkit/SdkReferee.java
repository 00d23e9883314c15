package dev.geminipi.testkit;

import com.google.genai.AsyncSession;
import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.LiveConnectConfig;
import com.google.genai.types.LiveSendClientContentParameters;
import com.google.genai.types.LiveSendRealtimeInputParameters;
import com.google.genai.types.LiveSendToolResponseParameters;
import com.google.genai.types.LiveServerMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One session of the official Java SDK (google-genai 2.0.0, test scope only) with a
 * {@link FakeLiveServer}: the referee of DESIGN.md "How we test". It records what the SDK
 * receives, awaits every send, and bounds every wait by 5 s.
 */
public final class SdkReferee implements AutoCloseable {
  /**
   * The SDK logs through java.util.logging, which our SLF4J backend does not see; two INFO lines per
   * close would reach stderr. JUL holds loggers weakly, so the level only sticks while this
   * strong reference lives (notes §5): a constant, set once.
   */
  private static final Logger GENAI_LOG = Logger.getLogger("com.google.genai");
  private static final long WAIT_SECONDS = 5;

  static {
    GENAI_LOG.setLevel(Level.WARNING);
  }

  private final FakeLiveServer server;
  private final Client client;
  private final BlockingQueue<LiveServerMessage> received = new LinkedBlockingQueue<>();
  private AsyncSession session;

  private SdkReferee(FakeLiveServer server) {
    this.server = server;
    this.client = client(server);
  }

  /**
   * A session with this server, its receive callback in place. Start the server with
   * {@link FakeLiveServer.Policy#NO_RESUMPTION_UPDATES}: the SDK drops whatever arrives
   * before the callback, which it only takes once connect() is done (notes §4).
   */
  public static SdkReferee connect(FakeLiveServer server, String model, LiveConnectConfig config) {
    SdkReferee r = new SdkReferee(server);
    try {
      // Bounded: connect() never completes if the server closes before setupComplete.
      r.session = r.get(r.client.async.live.connect(model, config), "setupComplete");
      r.get(r.session.receive(r.received::add), "receive()");
    } catch (RuntimeException | Error e) {
      r.close();
      throw e;
    }
    return r;
  }

  /** Sends are awaited one by one: the SDK sends on the common pool, in no order (§4). */
  public void send(LiveSendRealtimeInputParameters p) {
    get(session.sendRealtimeInput(p), "realtimeInput sent");
  }

  public void send(LiveSendToolResponseParameters p) {
    get(session.sendToolResponse(p), "toolResponse sent");
  }

  public void send(LiveSendClientContentParameters p) {
    get(session.sendClientContent(p), "clientContent sent");
  }

  /** The first message the SDK got that this extracts a value from, passing over others. */
  public <T> T await(String what, Function<LiveServerMessage, Optional<T>> extract) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    StringBuilder seen = new StringBuilder();
    while (true) {
      long left = deadline - System.nanoTime();
      LiveServerMessage m;
      try {
        m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      if (m == null) {
        throw new AssertionError("the SDK got no " + what + " within 5 s; it got: " + seen);
      }
      Optional<T> value = extract.apply(m);
      if (value.isPresent()) {
        return value.get();
      }
      seen.append(m.toJson()).append(' ');
    }
  }

  /**
   * Closes the session (the SDK sends 1000 "Client closing") and returns the connection
   * the server saw closed; waiting for it keeps the server's stop from racing the close
   * frame (notes §4).
   */
  public int closeSession() {
    AsyncSession s = session;
    session = null;
    get(s.close(), "close sent");
    return server.takeClientClose();
  }

  /** Closes the session if open, then the client; for {@code @AfterEach}. */
  @Override
  public void close() {
    if (session != null) {
      session.close();
      session = null;
    }
    client.close();
  }

  /**
   * A new SDK client for this server, authenticated with {@link FakeLiveServer#API_KEY}.
   * Each gets its own OkHttp client: {@code Client.close()} shuts down the dispatcher it
   * was given (notes §1.5).
   */
  private static Client client(FakeLiveServer server) {
    return Client.builder()
        .apiKey(FakeLiveServer.API_KEY)
        .vertexAI(false)
        .httpOptions(HttpOptions.builder()
            // No trailing slash: the SDK appends "/ws/...", and "//ws" would not match.
            .baseUrl(server.endpoint())
            // The SDK's default is v1 (docs/protocol.md §1); our client and the docs use v1beta.
            .apiVersion("v1beta")
            // The default 5 attempts with backoff turn a refused connection into ~18 s.
            .retryOptions(HttpRetryOptions.builder().attempts(1).build())
            .build())
        .clientOptions(ClientOptions.builder().customHttpClient(loopbackHttp()).build())
        .build();
  }

  /**
   * The SDK always rewrites the base URL to wss, which OkHttp dials as TLS. The fake speaks
   * plain ws on loopback, so the scheme goes back to http before OkHttp connects; the
   * upgrade passes through application interceptors (notes §0.1).
   */
  private static OkHttpClient loopbackHttp() {
    return new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          Request r = chain.request();
          if (r.url().isHttps()) {
            r = r.newBuilder().url(r.url().newBuilder().scheme("http").build()).build();
          }
          return chain.proceed(r);
        })
        .connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
        .build();
  }

  private <T> T get(CompletableFuture<T> f, String what) {
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no " + what + " within 5 s (server " + server.endpoint()
          + ", refused: " + server.pollRejection().orElse(null) + ")", e);
    }
  }
}
