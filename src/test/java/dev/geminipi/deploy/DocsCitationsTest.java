package dev.geminipi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: code, docs, scripts and the unit cite only documents it contains,
 * and every "docs/NAME.md §N" names a section that is there.
 */
class DocsCitationsTest {
  private static final List<String> ROOTS = List.of("src", "docs", "systemd", "bench", "config",
      "README.md", "BENCHMARKS.md", "install.sh", "run-desktop.sh", "pom.xml");
  // Spelled in pieces, so that this file does not cite what it forbids.
  private static final Pattern OUTSIDE = Pattern.compile("hardware" + "-notes|live-" + "protocol"
      + "|\\.\\./" + "shared|/" + "work/");
  private static final Pattern CITATION = Pattern.compile(
      "(hardware|protocol|live-models|audio|camera|gpio|wakeword|logging)\\.md,? "
          + "§(\\d+(?:\\.\\d+)?)");

  private static List<Path> files() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String root : ROOTS) {
      Path p = Path.of(root);
      if (!Files.exists(p)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(p)) {
        walk.filter(Files::isRegularFile)
            // build output and npm packages (git ignores both) are not the repository's text
            .filter(f -> !f.toString().contains("/target/") && !f.startsWith("bench/target")
                && !f.toString().contains("/node_modules/"))
            .forEach(all::add);
      }
    }
    return all;
  }

  private static String text(Path f) {
    try {
      return Files.readString(f);
    } catch (MalformedInputException e) {
      return ""; // binary fixtures
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void nothingCitesDocumentsOutsideTheRepository() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : files()) {
      String[] lines = text(f).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (OUTSIDE.matcher(lines[i]).find()) {
          found.add(f + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void everySectionCitedExists() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path f : files()) {
      Matcher m = CITATION.matcher(text(f));
      while (m.find()) {
        Path doc = Path.of("docs", m.group(1) + ".md");
        String section = m.group(2);
        boolean there = Files.exists(doc) && text(doc).lines().anyMatch(l ->
            l.matches("#{2,3} " + Pattern.quote(section) + "[. ].*"));
        if (!there) {
          missing.add(f + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
