package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 4, with the jar as a process under the unit's heap flags: 5,000 idle
 * connections and a 12 MB line do not wedge the control socket, starve the watchdog or keep
 * the heap, and the accept loop lives through "Too many open files".
 */
class ControlFloodIT {
  /** The unit's heap and GC flags, with -XX:+ExitOnOutOfMemoryError: an OOM ends the test. */
  static final List<String> UNIT_HEAP_FLAGS = List.of("-Xms8m", "-Xmn2m", "-Xmx64m", "-Xss512k",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
  static final int IDLE_CLIENTS = 5_000;

  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private DaemonProcess daemon;
  private Process listener;
  private final BlockingQueue<String> notes = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws IOException {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
  }

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    if (listener != null) {
      listener.destroyForcibly();
    }
    pulse.close();
    server.close();
  }

  private Path socket() {
    return dir.resolve("control.sock");
  }

  private DaemonProcess startDaemon() throws IOException, InterruptedException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"}, "camera": {"mode": "off"},
         "gpio": {"provider": "mock"}, "led": {"pin": 25},
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), socket()));
    Path notify = dir.resolve("notify.sock");
    listener = notifyListener(notify);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(UNIT_HEAP_FLAGS);
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar",
        DaemonProcess.JAR.toString(), "run", "--config", config.toString()));
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.resolve("home").toString(),
        "GEMINI_API_KEY", FakeLiveServer.API_KEY, "NOTIFY_SOCKET", notify.toString(),
        "WATCHDOG_USEC", "2000000"));
    DaemonProcess d = DaemonProcess.exec(cmd, env);
    d.awaitLine("ready in", Duration.ofSeconds(30));
    return d;
  }

  /** A datagram listener on NOTIFY_SOCKET (Java cannot bind one); its lines go to notes. */
  private Process notifyListener(Path socket) throws IOException {
    String code = "import socket,sys\n"
        + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
        + "s.bind(sys.argv[1])\nprint('listening',flush=True)\n"
        + "while True:\n  print(s.recv(4096).decode().replace('\\n','|'),flush=True)\n";
    Process p = new ProcessBuilder("/usr/bin/python3", "-u", "-c", code, socket.toString())
        .redirectErrorStream(true).start();
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    assertEquals("listening", in.readLine());
    Thread.ofVirtual().start(() -> {
      try {
        for (String l; (l = in.readLine()) != null; ) {
          notes.add(l);
        }
      } catch (IOException e) {
        // listener stopped
      }
    });
    return p;
  }

  private String status() throws Exception {
    DaemonProcess.Run r = DaemonProcess.cli(Map.of(), "status", "--json", "--socket",
        socket().toString());
    assertEquals(0, r.code(), "status did not answer: " + r.out());
    return Json.parse(r.out().strip()).asObject().getString("state", "");
  }

  /** WATCHDOG=1 notes received since the last call. */
  private int beats() {
    List<String> got = new ArrayList<>();
    notes.drainTo(got);
    return (int) got.stream().filter(n -> n.equals("WATCHDOG=1")).count();
  }

  /** Live heap of the daemon in KiB: a full GC, then the used sizes of both generations. */
  private long heapKiB() throws Exception {
    jcmd("GC.run");
    Matcher m = Pattern.compile("(?m)^\\s*(?:DefNew|Tenured)\\s+total \\d+K, used (\\d+)K")
        .matcher(jcmd("GC.heap_info"));
    long used = 0;
    int generations = 0;
    while (m.find()) {
      used += Long.parseLong(m.group(1));
      generations++;
    }
    assertEquals(2, generations, "jcmd GC.heap_info of a Serial GC heap");
    return used;
  }

  private String jcmd(String what) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), Long.toString(daemon.pid()), what).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  private List<SocketChannel> connect(int n) throws IOException {
    List<SocketChannel> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
      c.connect(UnixDomainSocketAddress.of(socket()));
      all.add(c);
    }
    return all;
  }

  private static void closeAll(List<SocketChannel> all) throws IOException {
    for (SocketChannel c : all) {
      c.close();
    }
  }

  /** Sends a 12 MB line without a newline; returns how many bytes the kernel took. */
  private long twelveMegabyteLine() throws IOException {
    long accepted = 0;
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket()));
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      while (accepted < 12L * 1024 * 1024) {
        chunk.clear();
        while (chunk.hasRemaining()) {
          chunk.put((byte) 'x');
        }
        chunk.flip();
        accepted += c.write(chunk);
      }
    } catch (IOException e) {
      // closed by the daemon after its 4 KiB line buffer
    }
    return accepted;
  }

  @Test
  void fiveThousandIdleClientsAndA12MegabyteLine_statusAnswers_watchdogBeats_heapReturns()
      throws Exception {
    daemon = startDaemon();
    assertEquals("idle", status());
    // Once round, so classes loaded and caches filled on first use are in the baseline too.
    closeAll(connect(100));
    twelveMegabyteLine();
    assertEquals("idle", status());
    long before = heapKiB();
    beats();

    long start = System.nanoTime();
    List<SocketChannel> idle = connect(IDLE_CLIENTS);
    long connectMs = (System.nanoTime() - start) / 1_000_000;
    try {
      assertEquals("idle", status(), "status answers with 5,000 idle connections open");
      long took = twelveMegabyteLine();
      assertTrue(took < 12L * 1024 * 1024, "the daemon read the whole 12 MB line");
      assertEquals("idle", status(), "status answers after the 12 MB line");
      long during = heapKiB();
      // The watchdog beats every second while this goes on.
      String beat = notes.poll(5, TimeUnit.SECONDS);
      while (beat != null && !beat.equals("WATCHDOG=1")) {
        beat = notes.poll(5, TimeUnit.SECONDS);
      }
      assertNotNull(beat, "no WATCHDOG=1 while the socket is flooded");
      int beatsDuring = 1 + beats();
      System.out.printf("flood: %d idle connections in %d ms; 12 MB line: the kernel took %d "
          + "bytes before the daemon closed it; heap %d KiB before, %d KiB during; %d watchdog "
          + "beats%n", IDLE_CLIENTS, connectMs, took, before, during, beatsDuring);
    } finally {
      closeAll(idle);
    }
    assertEquals("idle", status(), "status answers after the clients left");
    long after = heapKiB();
    System.out.printf("flood: heap %d KiB after the clients left (before: %d KiB)%n", after,
        before);
    assertTrue(after <= before + 512, "heap " + after + " KiB after, " + before + " before");
    assertTrue(daemon.isAlive());
    assertFalse(daemon.lines().stream().anyMatch(l -> l.contains("OutOfMemoryError")));
    assertEquals(143, daemon.terminate(Duration.ofSeconds(10)));
  }

  @Test
  void tooManyOpenFiles_acceptLoopBacksOffLogsOnce_andServesAgain() throws Exception {
    daemon = startDaemon();
    assertEquals("idle", status());
    long fds;
    try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(daemon.pid()), "fd"))) {
      fds = open.count();
    }
    // Room for two clients, no more: the third accept fails with EMFILE.
    prlimit(fds + 2 + ":");
    List<SocketChannel> clients = connect(20);
    String warn = daemon.awaitLine("cannot accept a client", Duration.ofSeconds(10));
    assertTrue(warn.contains("Too many open files"), warn);
    prlimit("20000:");
    closeAll(clients);
    assertEquals("idle", status(), "status answers once descriptors are free again");
    daemon.awaitLine("accepts again after", Duration.ofSeconds(10));
    assertEquals(1, daemon.lines().stream().filter(l -> l.contains("cannot accept a client"))
        .count(), "one WARN for the whole run of failures");
    assertEquals(143, daemon.terminate(Duration.ofSeconds(10)));
  }

  /** Sets the daemon's soft limit of open files ("N:"); raising the hard one needs root. */
  private void prlimit(String nofile) throws Exception {
    Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(daemon.pid()),
        "--nofile=" + nofile).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }
}
