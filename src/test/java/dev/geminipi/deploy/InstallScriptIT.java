package dev.geminipi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh --prefix: the package unpacked into a scratch root, the key file, the class-data
 * archive, idempotence, uninstall and purge; keys that are shell syntax; --prefix / and --help.
 */
class InstallScriptIT {
  private static final long ONE_MB = 1024 * 1024;
  /** The package mvn package built; install.sh --prefix unpacks it. */
  private static final Path DEB = Path.of(System.getProperty("gemini-pi.deb",
      "target/gemini-pi_0.1.0_all.deb"));

  @TempDir
  Path root;

  /** install.sh's HOME and TMPDIR: whatever it or its warm-up leaves behind lands here. */
  @TempDir
  Path outside;

  record Run(int code, String output) {
  }

  private Run install(Map<String, String> env, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "install.sh", "--prefix", root.toString(),
        "--no-systemctl", "--force"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    pb.environment().put("HOME", Files.createDirectories(outside.resolve("home")).toString());
    pb.environment().put("TMPDIR", Files.createDirectories(outside.resolve("tmp")).toString());
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
        + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "install.sh did not finish");
    return new Run(p.exitValue(), out);
  }

  private static Run command(String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd[0] + " did not finish");
    return new Run(p.exitValue(), out);
  }

  /** Names of what is in {@code dir} and below, for a message; empty when it is empty. */
  private static List<String> contents(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> !f.equals(dir)).map(dir::relativize).map(Path::toString).toList();
    }
  }

  /** Processes whose command line names the scratch root: a warm-up JVM still running. */
  private List<String> processesInRoot() {
    return ProcessHandle.allProcesses()
        .map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(root.toString()))
        .toList();
  }

  private String mode(String path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path)));
  }

  @Test
  void install_thenAgain_thenUninstall_thenPurge() throws Exception {
    String key = "scratch-install-key-0123456789";
    Run first = install(Map.of("GEMINI_API_KEY", key));
    assertEquals(0, first.code(), first.output());
    assertFalse(first.output().contains(key), "the key was echoed:\n" + first.output());
    assertTrue(first.output().startsWith("gemini-pi: installing " + DEB.toAbsolutePath()
        + "\ngemini-pi: wrote the key to " + root + "/etc/gemini-pi/env (mode 0600)\n"),
        first.output());

    // The package's files, unpacked; the key file and the archive are install.sh's.
    assertTrue(Files.isRegularFile(root.resolve("usr/share/gemini-pi/gemini-pi.jar")));
    assertEquals("rwxr-xr-x", mode("usr/bin/gemini-pi"));
    assertTrue(Files.isRegularFile(root.resolve("usr/lib/systemd/system/gemini-pi.service")));
    assertEquals("rw-------", mode("etc/gemini-pi/env"));
    assertEquals("GEMINI_API_KEY=" + key + "\n",
        Files.readString(root.resolve("etc/gemini-pi/env")));
    assertEquals(Files.readString(Path.of("config/config.starter.json")),
        Files.readString(root.resolve("etc/gemini-pi/config.json")));
    Path archive = root.resolve("var/cache/gemini-pi/gemini-pi.jsa");
    assertTrue(first.output().contains(
        "gemini-pi: warming up: writing the class-data archive (a few seconds)\n"), first.output());
    assertFalse(first.output().contains("warm-up failed"), first.output());
    assertTrue(Files.isRegularFile(archive) && Files.size(archive) > ONE_MB,
        "no class-data archive over 1 MB: " + contents(root.resolve("var/cache")));
    assertEquals(List.of(), processesInRoot(), "java left running after install.sh");
    assertEquals(List.of(), contents(outside.resolve("tmp")), "left in TMPDIR");
    assertEquals(List.of(), contents(outside.resolve("home")), "left in HOME");

    // The unpacked launcher runs: it finds a Java >= 21 and the unit's JVM options.
    Run version = command(root.resolve("usr/bin/gemini-pi").toString(), "--version");
    assertEquals(new Run(0, "gemini-pi " + System.getProperty("gemini-pi.version", "0.1.0")
        + "\n"), version);

    // A user's edit survives a second run, which changes nothing else.
    Files.writeString(root.resolve("etc/gemini-pi/config.json"), "{\"gemini\":{}}");
    Run second = install(Map.of());
    assertEquals(0, second.code(), second.output());
    assertEquals("gemini-pi: installing " + DEB.toAbsolutePath() + "\ngemini-pi: installed into "
        + root + "; systemctl not run\n", second.output());
    assertEquals("{\"gemini\":{}}", Files.readString(root.resolve("etc/gemini-pi/config.json")));
    assertEquals("GEMINI_API_KEY=" + key + "\n",
        Files.readString(root.resolve("etc/gemini-pi/env")));

    Run uninstall = install(Map.of(), "--uninstall");
    assertEquals(0, uninstall.code(), uninstall.output());
    assertFalse(Files.exists(root.resolve("usr/share/gemini-pi")));
    assertFalse(Files.exists(root.resolve("usr/bin/gemini-pi")));
    assertFalse(Files.exists(root.resolve("usr/lib/systemd/system/gemini-pi.service")));
    assertFalse(Files.exists(root.resolve("var/cache/gemini-pi")));
    assertTrue(Files.exists(root.resolve("etc/gemini-pi/config.json")));

    Run purge = install(Map.of(), "--purge");
    assertEquals(0, purge.code(), purge.output());
    assertFalse(Files.exists(root.resolve("etc/gemini-pi")));
  }

  /** A key that is shell syntax is refused before anything is written, and never runs. */
  @Test
  void keyWithCommandSubstitution_isRefused_andNeverRuns() throws Exception {
    Path marker = outside.resolve("ran");
    Run r = install(Map.of("GEMINI_API_KEY", "$(touch " + marker + ")"));
    assertEquals(1, r.code(), r.output());
    assertEquals("gemini-pi: error: that key has characters an API key never has (only letters,"
        + " digits and - _ . / + = are allowed); nothing was written\n", r.output());
    assertFalse(Files.exists(marker), "the key ran");
    assertFalse(Files.exists(root.resolve("etc/gemini-pi/env")));
    assertFalse(Files.exists(root.resolve("usr")), "installed despite the refused key");
  }

  /** An env file that holds shell syntax (written by hand) is read as text, never sourced. */
  @Test
  void existingKeyFileWithCommandSubstitution_isNeverRun() throws Exception {
    Path marker = outside.resolve("ran");
    Files.createDirectories(root.resolve("etc/gemini-pi"));
    Files.writeString(root.resolve("etc/gemini-pi/env"), "GEMINI_API_KEY=$(touch " + marker
        + ")\n");
    Run r = install(Map.of());
    assertEquals(0, r.code(), r.output());
    assertFalse(Files.exists(marker), "the key file ran");
    assertEquals("GEMINI_API_KEY=$(touch " + marker + ")\n",
        Files.readString(root.resolve("etc/gemini-pi/env")));
  }

  /** A package named on the command line (one built on a PC) is installed as it is. */
  @Test
  void namedPackage_isUsed() throws Exception {
    Path copy = Files.copy(DEB, outside.resolve("gemini-pi_0.1.0_all.deb"));
    Run r = install(Map.of("GEMINI_API_KEY", "named-package-key-0123"), copy.toString());
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("gemini-pi: installing " + copy + "\n"), r.output());
    assertTrue(Files.isRegularFile(root.resolve("usr/share/gemini-pi/gemini-pi.jar")));
  }

  @Test
  void prefixRoot_isRefused() throws Exception {
    Run r = command("bash", "install.sh", "--prefix", "/", "--force");
    assertEquals(1, r.code(), r.output());
    assertEquals("gemini-pi: error: --prefix / would install into this machine itself; run"
        + " ./install.sh without --prefix for that\n", r.output());
  }

  @Test
  void help_isTheHeaderOnly() throws Exception {
    Run r = command("bash", "install.sh", "--help");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().startsWith("Installs gemini-pi on a Raspberry Pi"), r.output());
    assertFalse(r.output().contains("set -euo"), r.output());
    assertTrue(r.output().contains("--prefix DIR"), r.output());
  }

  @Test
  void notAPi_withoutForce_refusesPlainly() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "install.sh", "--prefix", root.toString(),
        "--no-systemctl").redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertTrue(out.startsWith("gemini-pi: error: this does not look like a Raspberry Pi"), out);
  }
}
