package dev.geminipi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * target/gemini-pi_VERSION_all.deb as the build leaves it: its files and control data, lintian's
 * verdict, and its install, upgrade, remove and purge in a Debian trixie arm64 root
 * (bench/deb-arm64.sh), each skipped with the reason when this machine lacks the tool.
 */
class DebPackageIT {
  private static final Path DEB = Path.of(System.getProperty("gemini-pi.deb",
      "target/gemini-pi_0.1.0_all.deb"));
  /** bench/deb-arm64.sh's exit status for "this machine cannot run it". */
  private static final int CANNOT_RUN_HERE = 3;

  record Run(int code, String output) {
  }

  private static Run run(long timeoutSec, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(List.of(command) + " did not finish in " + timeoutSec + " s:\n"
          + out);
    }
    return new Run(p.exitValue(), out);
  }

  private static boolean onPath(String program) throws Exception {
    return run(10, "sh", "-c", "command -v " + program).code() == 0;
  }

  @Test
  void package_hasTheFilesAndControlDataTheReadmePromises() throws Exception {
    assumeTrue(onPath("dpkg-deb"), "skipped: no dpkg-deb on this machine to read the package");
    assertTrue(Files.isRegularFile(DEB), "mvn package did not make " + DEB);
    Run contents = run(60, "dpkg-deb", "--contents", DEB.toString());
    assertEquals(0, contents.code(), contents.output());
    Set<String> files = new TreeSet<>();
    for (String line : contents.output().lines().toList()) {
      String[] f = line.split("\\s+");
      files.add(f[0] + " " + f[1] + " " + f[f.length - 1]);
    }
    for (String expected : List.of(
        "-rw-r--r-- root/root ./usr/share/gemini-pi/gemini-pi.jar",
        "-rwxr-xr-x root/root ./usr/bin/gemini-pi",
        "-rwxr-xr-x root/root ./usr/lib/gemini-pi/java",
        "-rwxr-xr-x root/root ./usr/lib/gemini-pi/unit-jvm-flags",
        "-rw-r--r-- root/root ./usr/lib/systemd/system/gemini-pi.service",
        "-rw-r--r-- root/root ./usr/lib/udev/rules.d/60-gemini-pi.rules",
        "-rw-r--r-- root/root ./etc/gemini-pi/config.json",
        "-rw-r--r-- root/root ./usr/share/man/man1/gemini-pi.1.gz",
        "-rw-r--r-- root/root ./usr/share/doc/gemini-pi/copyright",
        "-rw-r--r-- root/root ./usr/share/doc/gemini-pi/changelog.gz",
        "-rw-r--r-- root/root ./usr/share/doc/gemini-pi/examples/config.example.json")) {
      assertTrue(files.contains(expected), expected + " is not in the package:\n"
          + String.join("\n", files));
    }
    Run conffiles = run(60, "sh", "-c", "dpkg-deb --ctrl-tarfile " + DEB
        + " | tar -xOf - ./conffiles");
    assertEquals("/etc/gemini-pi/config.json\n", conffiles.output());
    Run depends = run(60, "dpkg-deb", "--field", DEB.toString(), "Depends", "Recommends");
    assertTrue(depends.output().contains("Depends: openjdk-21-jre-headless | "
        + "java21-runtime-headless"), depends.output());
    assertTrue(depends.output().contains("Recommends: rpicam-apps-core"), depends.output());
  }

  /** Every lintian warning must be one the README lists with its reason; no error at all. */
  @Test
  void lintian_reportsNoErrors_andOnlyTheWarningsTheReadmeExplains() throws Exception {
    assumeTrue(onPath("lintian"), "skipped: lintian is not installed (apt-get install lintian)");
    Run r = run(300, "lintian", "--pedantic", "--info", DEB.toString());
    System.out.println("lintian --pedantic " + DEB.getFileName() + ":\n" + r.output());
    List<String> errors = r.output().lines().filter(l -> l.startsWith("E: ")).toList();
    assertEquals(List.of(), errors, "lintian errors");
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("^[WIPX]: gemini-pi: ([a-z0-9.+-]+)", Pattern.MULTILINE)
        .matcher(r.output());
    while (m.find()) {
      assertTrue(readme.contains("`" + m.group(1) + "`"), "lintian tag " + m.group(1)
          + " is neither fixed nor explained in README.md's lintian list:\n" + r.output());
    }
  }

  @Test
  void arm64Root_installsChecksUpgradesRemovesAndPurges() throws Exception {
    Run r = run(3600, "bash", "bench/deb-arm64.sh", "--offline", "--deb", DEB.toString());
    System.out.println(r.output());
    assumeTrue(r.code() != CANNOT_RUN_HERE, "skipped: " + r.output().lines()
        .filter(l -> l.startsWith("deb-arm64: cannot run here:")).findFirst().orElse(r.output()));
    assertEquals(0, r.code(), r.output());
    String out = r.output();
    assertTrue(out.contains("\ngemini-pi 0.1.0\n-- exit 0"), out);
    // What check prints today in a root without sound card or GPIO chip (its wording belongs to
    // the check command; this pins the facts): both absences named, exit status 1.
    assertTrue(out.contains("matches no capture device; capture devices: none"), out);
    assertTrue(out.contains("✗ GPIO: no /dev/gpiochip*"), out);
    assertTrue(out.contains("ok: the edited config and the key are unchanged by the upgrade"),
        out);
    assertTrue(out.contains("ok: purge removed the user gemini-pi"), out);
    assertTrue(out.contains("== deb-arm64: every step as expected"), out);
  }
}
