package dev.geminipi.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The MCP project's reference server, {@code @modelcontextprotocol/server-everything} from npm
 * (pinned in src/test/mcp/package.json; .ci/run installs it into target/mcp-node), run with
 * Node over streamable HTTP on a free port. Tests that need it are skipped, with the reason
 * printed, when Node or the package is missing. It listens on every interface (its CLI takes
 * only PORT); tests reach it on 127.0.0.1.
 */
public final class EverythingServer implements AutoCloseable {
  public static final Path SCRIPT = Path.of("target/mcp-node/node_modules/@modelcontextprotocol/"
      + "server-everything/dist/index.js");

  private final Process process;
  private final int port;

  private EverythingServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it, or skips the test with the reason when Node or the package is missing. */
  public static EverythingServer start() throws IOException, InterruptedException {
    String why = missing();
    if (!why.isEmpty()) {
      System.out.println("skipped: " + why);
    }
    assumeTrue(why.isEmpty(), why);
    for (int attempt = 0; ; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString(), "streamableHttp")
          .redirectErrorStream(true);
      pb.environment().put("PORT", Integer.toString(port));
      pb.environment().remove("GEMINI_API_KEY");
      Process p = pb.start();
      CompletableFuture<Boolean> listening = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            if (line.contains("listening on port " + port)) {
              listening.complete(true);
            } else if (line.contains("already in use")) {
              listening.complete(false);
            }
          }
        } catch (IOException e) {
          listening.complete(false);
        }
        listening.complete(false);
      });
      try {
        if (listening.get(30, TimeUnit.SECONDS)) {
          return new EverythingServer(p, port);
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // falls through to the retry
      }
      p.destroyForcibly().waitFor();
      if (attempt == 2) {
        throw new IllegalStateException("server-everything did not start on a free port");
      }
    }
  }

  /** Why it cannot run here, or "" when it can. */
  static String missing() {
    if (!Files.isRegularFile(SCRIPT)) {
      return "@modelcontextprotocol/server-everything is not installed in target/mcp-node "
          + "(cp src/test/mcp/package*.json target/mcp-node/ && npm ci --prefix target/mcp-node)";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? "" : "node --version failed";
    } catch (IOException e) {
      return "node is not installed (apt-get install nodejs npm)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
