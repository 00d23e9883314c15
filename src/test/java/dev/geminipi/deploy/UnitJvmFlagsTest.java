package dev.geminipi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/unit-jvm-flags.sh, which hands the unit's JVM options to install.sh's warm-up and to
 * bench/start-time.sh.
 */
class UnitJvmFlagsTest {
  private static final Path SCRIPT = Path.of("scripts/unit-jvm-flags.sh");

  private static SystemdUnitTest.Run flags(Path unit, String... archive) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), unit.toString()));
    cmd.addAll(Arrays.asList(archive));
    return SystemdUnitTest.run(cmd);
  }

  /** The words of the unit's ExecStart between the java binary and -jar, read independently. */
  private static List<String> unitOptions() throws Exception {
    String execStart = Files.readString(SystemdUnitTest.UNIT).replace("\\\n", " ").lines()
        .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> words = List.of(execStart.substring("ExecStart=".length()).trim().split("\\s+"));
    return words.subList(1, words.indexOf("-jar"));
  }

  @Test
  void unit_printsItsJvmOptions_oneALine() throws Exception {
    SystemdUnitTest.Run r = flags(SystemdUnitTest.UNIT);
    assertEquals(0, r.code(), r.output());
    assertEquals(unitOptions(), r.output().lines().toList());
  }

  @Test
  void archive_replacesTheSharedArchiveFilePath() throws Exception {
    SystemdUnitTest.Run r = flags(SystemdUnitTest.UNIT, "/scratch/x.jsa");
    assertEquals(0, r.code(), r.output());
    assertEquals(unitOptions().stream().map(w -> w.startsWith("-XX:SharedArchiveFile=")
        ? "-XX:SharedArchiveFile=/scratch/x.jsa" : w).toList(), r.output().lines().toList());
  }

  @Test
  void none_dropsTheArchiveFlags() throws Exception {
    SystemdUnitTest.Run r = flags(SystemdUnitTest.UNIT, "none");
    assertEquals(0, r.code(), r.output());
    assertEquals(unitOptions().stream().filter(w -> !w.startsWith("-XX:SharedArchiveFile=")
        && !w.equals("-XX:+AutoCreateSharedArchive")).toList(), r.output().lines().toList());
  }

  @Test
  void quotedExecStart_isRefusedPlainly(@TempDir Path dir) throws Exception {
    Path unit = dir.resolve("x.service");
    Files.writeString(unit, "[Service]\nExecStart=/usr/bin/java \"-Dx=a b\" -jar x.jar\n");
    SystemdUnitTest.Run r = flags(unit);
    assertEquals(1, r.code());
    assertEquals("unit-jvm-flags.sh: " + unit + ": ExecStart has quotes, $ or %, which this parser"
        + " does not handle: /usr/bin/java \"-Dx=a b\" -jar x.jar \n", r.output());
  }

  @Test
  void noJar_isRefusedPlainly(@TempDir Path dir) throws Exception {
    Path unit = dir.resolve("x.service");
    Files.writeString(unit, "[Service]\nExecStart=/usr/bin/java -Xmx64m Main\n");
    SystemdUnitTest.Run r = flags(unit);
    assertEquals(1, r.code());
    assertEquals("unit-jvm-flags.sh: " + unit + ": ExecStart has no -jar\n", r.output());
  }
}
