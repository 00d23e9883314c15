package dev.geminipi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit file passes systemd's own checks (hardware-notes.md §4.3). */
class SystemdUnitTest {
  static final Path UNIT = Path.of("systemd/gemini-pi.service");
  /** The hardening target of the daemon issue; 2.0 or lower is reachable. */
  static final double MAX_EXPOSURE = 2.5;

  record Run(int code, String output) {
  }

  static Run run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    return new Run(p.exitValue(), out);
  }

  @Test
  void verify_printsNothing(@TempDir Path dir) throws Exception {
    // verify exits 0 even when it warns, so any output at all is a failure (§4.3). It also
    // wants ExecStart's binary to exist: point it at this machine's java.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String unit = Files.readString(UNIT).replace("ExecStart=/usr/lib/gemini-pi/java", "ExecStart=" + java);
    Path copy = dir.resolve("gemini-pi.service");
    Files.writeString(copy, unit);
    Run r = run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
    assertEquals("", r.output().strip(), "systemd-analyze verify complained");
    assertEquals(0, r.code());
  }

  @Test
  void security_exposureAtMost2point5() throws Exception {
    Run r = run(List.of("systemd-analyze", "security", "--offline=true", UNIT.toString()));
    Matcher m = Pattern.compile("Overall exposure level for gemini-pi.service: (\\d+\\.\\d)")
        .matcher(r.output());
    assertTrue(m.find(), r.output());
    double score = Double.parseDouble(m.group(1));
    System.out.println("systemd-analyze security exposure: " + score);
    assertTrue(score <= MAX_EXPOSURE, "exposure " + score + " > " + MAX_EXPOSURE + "\n"
        + r.output());
  }
}
