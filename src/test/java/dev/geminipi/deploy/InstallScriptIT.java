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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install.sh into a scratch root: files, modes, idempotence, uninstall and purge. */
class InstallScriptIT {
  @TempDir
  Path root;

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
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
        + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "install.sh did not finish");
    return new Run(p.exitValue(), out);
  }

  private String mode(String path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path)));
  }

  @Test
  void install_thenAgain_thenUninstall_thenPurge() throws Exception {
    String key = "AIzaScratchInstallKey0123456789";
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
