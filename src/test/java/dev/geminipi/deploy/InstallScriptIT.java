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
 * install.sh into a scratch root: files, modes, the class-data archive, idempotence, uninstall
 * and purge.
 */
class InstallScriptIT {
  private static final long ONE_MB = 1024 * 1024;

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

    assertTrue(Files.isRegularFile(root.resolve("opt/gemini-pi/gemini-pi.jar")));
    assertEquals("rwxr-xr-x", mode("usr/local/bin/gemini-pi"));
    assertEquals("rw-------", mode("etc/gemini-pi/env"));
    assertEquals("GEMINI_API_KEY=" + key + "\n",
        Files.readString(root.resolve("etc/gemini-pi/env")));
    assertEquals(Files.readString(Path.of("config/config.starter.json")),
        Files.readString(root.resolve("etc/gemini-pi/config.json")));
    String unit = Files.readString(root.resolve("etc/systemd/system/gemini-pi.service"));
    assertTrue(unit.contains("ExecStart=" + Path.of(System.getProperty("java.home"))
        .toRealPath().resolve("bin/java") + " "), unit.lines().filter(l -> l.startsWith("Exec"))
        .toList().toString());
    assertTrue(Files.isDirectory(root.resolve("var/lib/gemini-pi")));
    Path archive = root.resolve("var/cache/gemini-pi/gemini-pi.jsa");
    assertTrue(first.output().contains(
        "gemini-pi: warming up: writing the class-data archive (a few seconds)\n"), first.output());
    assertFalse(first.output().contains("warm-up failed"), first.output());
    assertTrue(Files.isRegularFile(archive) && Files.size(archive) > ONE_MB,
        "no class-data archive over 1 MB: " + contents(root.resolve("var/cache")));
    assertEquals(List.of(), processesInRoot(), "java left running after install.sh");
    assertEquals(List.of(), contents(outside.resolve("tmp")), "left in TMPDIR");
    assertEquals(List.of(), contents(outside.resolve("home")), "left in HOME");

    // A user's edit survives a second run, which changes nothing.
    Files.writeString(root.resolve("etc/gemini-pi/config.json"), "{\"gemini\":{}}");
    Run second = install(Map.of());
    assertEquals(0, second.code(), second.output());
    assertEquals("gemini-pi: Java: " + Path.of(System.getProperty("java.home")).toRealPath()
        .resolve("bin/java") + "\ngemini-pi: installed into " + root + "; systemctl not run\n",
        second.output());
    assertEquals("{\"gemini\":{}}", Files.readString(root.resolve("etc/gemini-pi/config.json")));
    assertEquals("GEMINI_API_KEY=" + key + "\n",
        Files.readString(root.resolve("etc/gemini-pi/env")));

    Run uninstall = install(Map.of(), "--uninstall");
    assertEquals(0, uninstall.code(), uninstall.output());
    assertFalse(Files.exists(root.resolve("opt/gemini-pi")));
    assertFalse(Files.exists(root.resolve("usr/local/bin/gemini-pi")));
    assertFalse(Files.exists(root.resolve("etc/systemd/system/gemini-pi.service")));
    assertFalse(Files.exists(root.resolve("var/cache/gemini-pi")));
    assertTrue(Files.exists(root.resolve("etc/gemini-pi/config.json")));

    Run purge = install(Map.of(), "--purge");
    assertEquals(0, purge.code(), purge.output());
    assertFalse(Files.exists(root.resolve("etc/gemini-pi")));
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
