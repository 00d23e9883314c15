package dev.geminipi.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

// Stand-ins for rpicam-vid, libcamera-vid and ffmpeg: shell scripts in a directory that a test
// puts on the PATH it hands to Cameras.
final class FakePrograms {
  private FakePrograms() {
  }

  static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** A shell word that stands for {@code s} exactly. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String quoteAll(List<String> argv) {
    return argv.stream().map(FakePrograms::quote).collect(Collectors.joining(" "));
  }

  /** What `rpicam-vid --list-cameras` prints on a Pi 5 with a Camera Module 3. */
  static final String LISTING = """
          Available cameras
          -----------------
          0 : imx708_wide [4608x2592 10-bit RGGB] (/base/axi/pcie@120000/rp1/i2c@88000/imx708@1a)
              Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]
                                       2304x1296 [56.03 fps - (0, 0)/4608x2592 crop]
          """;

  /**
   * A fake rpicam-vid: lists {@code listing} for --list-cameras, else records its argv (one per
   * line) in {@code argsFile} and becomes {@code exec}.
   */
  static String rpicamBody(String listing, Path argsFile, List<String> exec) {
    return "if [ \"$1\" = --list-cameras ]; then\n"
        + "  printf '%s' " + quote(listing) + "\n"
        + "  exit 0\n"
        + "fi\n"
        + "printf '%s\\n' \"$@\" > " + quote(argsFile.toString()) + "\n"
        + "exec " + quoteAll(exec);
  }
}
