package dev.geminipi.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}) on a free loopback port with a
 * generated config in a temp dir; {@link #close} stops it. Anonymous by default, or with one
 * user and password.
 */
public final class Mosquitto implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private Mosquitto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static Mosquitto start(Path dir) throws IOException, InterruptedException {
    return start(dir, null, null);
  }

  /** With {@code user} set, only that user with {@code password} may log in. */
  public static Mosquitto start(Path dir, String user, String password)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    StringBuilder conf = new StringBuilder()
        .append("listener ").append(port).append(" 127.0.0.1\n")
        .append("persistence false\n")
        .append("log_dest stdout\n")
        // Started as root, mosquitto drops to user "mosquitto", who cannot read our temp dir.
        .append("user ").append(System.getProperty("user.name")).append('\n');
    if (user == null) {
      conf.append("allow_anonymous true\n");
    } else {
      Path passwords = dir.resolve("passwords");
      Files.writeString(passwords, "");
      Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwords.toString(), user,
          password).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("mosquitto_passwd failed: "
            + new String(p.getInputStream().readAllBytes()));
      }
      conf.append("allow_anonymous false\npassword_file ").append(passwords).append('\n');
    }
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, conf);
    Path log = dir.resolve("mosquitto.log");
    Process process = new ProcessBuilder("mosquitto", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Mosquitto m = new Mosquitto(process, port, log);
    m.awaitListening(Duration.ofSeconds(10));
    return m;
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("mosquitto exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    throw new IOException("mosquitto did not listen on " + port + " within " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** {@code mqtt://127.0.0.1:PORT}, as the config takes it. */
  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  /** Paho's form of the same address. */
  public String tcp() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
