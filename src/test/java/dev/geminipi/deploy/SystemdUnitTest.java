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

/** The unit file passes systemd's own checks (docs/hardware.md §4.3). */
class SystemdUnitTest {
  static final Path UNIT = Path.of("systemd/gemini-pi.service");
  /** The hardening target (issue 13): at or under 2.0; the unit scores 1.8. */
  static final double MAX_EXPOSURE = 2.0;

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
    String unit = Files.readString(UNIT).replace("=/usr/bin/java ", "=" + java + " ");
    Path copy = dir.resolve("gemini-pi.service");
    Files.writeString(copy, unit);
    Run r = run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
    assertEquals("", r.output().strip(), "systemd-analyze verify complained");
    assertEquals(0, r.code());
  }

  /** The value of {@code key=} with its backslash continuations joined. */
  static String directive(String key) throws IOException {
    return Files.readString(UNIT).replace("\\\n", " ").lines()
        .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).trim())
        .reduce((a, b) -> a + "\n" + b)
        .orElseThrow(() -> new AssertionError("the unit has no " + key + "="));
  }

  @Test
  void execStopPost_restsEveryOutput_withTheProgramAndConfigOfExecStart() throws Exception {
    // Whether ExecStart runs java -jar JAR or a launcher, rest is the same program with "rest"
    // for "run" and the same config.
    String start = directive("ExecStart");
    String stopPost = directive("ExecStopPost");
    int run = start.indexOf(" run ");
    assertTrue(run > 0, start);
    String beforeRun = start.substring(0, run);
    String program = beforeRun.substring(beforeRun.lastIndexOf(' ') + 1);
    String tail = " rest " + start.substring(run + " run ".length());
    assertTrue(stopPost.startsWith(start.split("\\s+")[0] + " "), stopPost);
    assertTrue(stopPost.endsWith(program + tail), stopPost + " should end with " + program
        + tail);
  }

  @Test
  void noCoreDumps_andAFullHeapEndsTheProcess() throws Exception {
    assertEquals("0", directive("LimitCORE"), "a core dump would hold the API key");
    assertTrue(List.of(directive("ExecStart").split("\\s+"))
        .contains("-XX:+ExitOnOutOfMemoryError"));
    assertEquals("on-failure", directive("Restart"));
  }

  @Test
  void hardwarePwm_chipDirectoriesWritable_restOfSysReadOnly() throws Exception {
    assertEquals("yes", directive("ProtectKernelTunables"));
    List<String> paths = List.of(directive("ReadWritePaths").split("\\s+"));
    assertEquals(List.of("-/sys/class/pwm/pwmchip0", "-/sys/class/pwm/pwmchip1",
        "-/sys/class/pwm/pwmchip2", "-/sys/class/pwm/pwmchip3"), paths,
        "gpio/PwmCheck tells users about pwmchip0-3");
  }

  @Test
  void security_exposureAtMost2() throws Exception {
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
