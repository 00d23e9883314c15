import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The generated files of the Debian package, run by the build before jdeb packs it:
 * gemini-pi.1.gz, the man page, made from what {@code gemini-pi --help} prints, and changelog.gz.
 * Both are gzip at maximum compression without a timestamp, as Debian wants them.
 *
 * <pre>java packaging/deb/DebFiles.java JAR VERSION MAINTAINER OUTDIR</pre>
 */
public final class DebFiles {
  private DebFiles() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: DebFiles JAR VERSION MAINTAINER OUTDIR");
    }
    Path jar = Path.of(args[0]);
    String version = args[1];
    String maintainer = args[2];
    Path out = Files.createDirectories(Path.of(args[3]));
    Instant when = buildTime();
    Files.write(out.resolve("gemini-pi.1.gz"), gzip(manPage(help(jar), version)));
    Files.write(out.resolve("changelog.gz"), gzip(changelog(version, maintainer, when)));
  }

  /** What the jar prints for --help, run on the JVM that runs this. */
  static String help(Path jar) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--help")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !text.startsWith("usage:")) {
      throw new IOException(jar + " --help did not print its usage (exit "
          + (p.isAlive() ? "none" : p.exitValue()) + "):\n" + text);
    }
    return text;
  }

  /** gemini-pi(1): the usage line as SYNOPSIS, the rest of --help verbatim. */
  static String manPage(String help, String version) {
    List<String> lines = help.strip().lines().toList();
    String usage = lines.get(0).substring("usage:".length()).strip();
    StringBuilder m = new StringBuilder();
    m.append(".\\\" Generated at build time from the output of gemini-pi --help.\n");
    m.append(".TH GEMINI-PI 1 \"\" \"gemini-pi ").append(version).append("\" \"User Commands\"\n");
    m.append(".SH NAME\n");
    m.append("gemini-pi \\- voice assistant for the Raspberry Pi on the Gemini Live API\n");
    m.append(".SH SYNOPSIS\n");
    m.append(roff(usage)).append('\n');
    m.append(".SH DESCRIPTION\n");
    m.append("The daemon runs as the systemd service gemini-pi; the other commands check the\n");
    m.append("setup or talk to the running daemon.\n");
    m.append(".PP\n.nf\n");
    for (String line : lines.subList(1, lines.size())) {
      m.append(line.isBlank() ? "" : roff(line)).append('\n');
    }
    m.append(".fi\n");
    m.append(".SH FILES\n");
    m.append(".TP\n/etc/gemini-pi/config.json\nthe configuration; ")
        .append("sudo systemctl reload gemini-pi re\\-reads it\n");
    m.append(".TP\n/etc/gemini-pi/env\nGEMINI_API_KEY=..., readable by root only (mode 0600)\n");
    m.append(".SH SEE ALSO\n");
    m.append(".BR journalctl (1);\n/usr/share/doc/gemini-pi/README.md\n");
    return m.toString();
  }

  /** A line of text that roff prints as it is. */
  static String roff(String text) {
    String t = text.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }

  static String changelog(String version, String maintainer, Instant when) {
    String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
        .format(when.atOffset(ZoneOffset.UTC));
    return "gemini-pi (" + version + ") unstable; urgency=medium\n\n"
        + "  * Built from the gemini-pi sources; what changed is in their git history.\n\n"
        + " -- " + maintainer + "  " + date + "\n";
  }

  /** SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
  static Instant buildTime() {
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    return epoch == null || epoch.isBlank() ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        : Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
  }

  /** gzip -9n: maximum compression, no name and no time in the header. */
  static byte[] gzip(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // magic, deflate, no flags, mtime 0, XFL 2 (maximum compression), OS 3 (Unix)
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt((int) crc.getValue()).putInt(data.length);
    out.writeBytes(trailer.array());
    return out.toByteArray();
  }
}
