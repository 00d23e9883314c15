package dev.geminipi.camera;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

// Finds programs the way a shell does, on a PATH given as a string, so tests can point it at a
// directory of fake programs and processes are started by absolute path.
final class Programs {
  private Programs() {
  }

  /** The executable {@code program} names: a path if it holds a '/', else the first hit on PATH. */
  static Optional<Path> find(String program, String searchPath) {
    if (program.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (program.contains("/")) {
        return executable(Path.of(program));
      }
      for (String dir : searchPath.split(":", -1)) {
        Optional<Path> hit = executable(Path.of(dir.isEmpty() ? "." : dir, program));
        if (hit.isPresent()) {
          return hit;
        }
      }
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
  }

  /** The last path element, as log lines name a program. */
  static String name(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }
}
