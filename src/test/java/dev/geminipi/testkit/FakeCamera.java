package dev.geminipi.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for {@code rpicam-vid --codec mjpeg --flush -o -}: a separate process that writes
 * real JPEGs to stdout at a fixed rate and flushes after each one. Every frame carries a COM
 * segment {@code fakecam frame=<n> t=<epoch ms>} (see {@link #stampOf}) so tests can check order
 * and freshness, and its frame number as 16 bit cells in the top row of the picture.
 *
 * <pre>
 * --fps F            frames per second (default 5)
 * --width W --height H   picture size (default 640 x 480)
 * --frames N         write N frames then exit 0 (default 0 = forever)
 * --quality Q        JPEG quality 1-100 (default 80)
 * --tricky           mix in the frames that break naive splitters, by frame number n:
 *                      n % 5 == 1  EXIF APP1 holding a whole thumbnail JPEG (FFD8..FFD9 inside)
 *                      n % 5 == 2  junk bytes (FF, FF D9, FF 00, FF FF, no FF D8) before the frame
 *                      n % 5 == 3  a COM segment containing FF D9 and FF D8 bytes
 *                      n % 5 == 4  a very large frame: 2048 x 1536 noise at quality 95 (about 3.7 MB)
 * --die-after N      after N frames, exit with --exit-code (default 3)
 * --exit-code C
 * --stall-after N    after N frames, stop writing but stay alive until stdin closes or it is killed
 * </pre>
 * Bad arguments print usage to stderr and exit 2.
 */
public final class FakeCamera {
  /** The COM text prefix: a test interface, FakeCameraProcess tests parse it. */
  public static final String STAMP_PREFIX = "fakecam frame=";
  public static final int EXIT_USAGE = 2;
  public static final int LARGE_WIDTH = 2048;
  public static final int LARGE_HEIGHT = 1536;

  /** What a frame's COM segment says: its number (from 0) and its capture time. */
  public record Stamp(long frame, long timeMillis) {
  }

  private record Options(double fps, int width, int height, long frames, int quality, boolean tricky,
              long dieAfter, int exitCode, long stallAfter) {
  }

  private final Options options;
  private final OutputStream out;

  private FakeCamera(Options options, OutputStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fakecam: " + e.getMessage());
      System.err.println("usage: FakeCamera [--fps F] [--width W] [--height H] [--frames N] [--quality Q]"
          + " [--tricky] [--die-after N] [--exit-code C] [--stall-after N]");
      System.exit(EXIT_USAGE);
      return;
    }
    OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    try {
      System.exit(new FakeCamera(options, stdout).run());
    } catch (IOException e) {
      // The reader went away (broken pipe), as when rpicam's consumer exits.
      System.err.println("fakecam: stdout closed: " + e.getMessage());
      System.exit(1);
    }
  }

  private int run() throws IOException, InterruptedException {
    long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / options.fps());
    long startNanos = System.nanoTime();
    for (long n = 0; ; n++) {
      if (n == options.dieAfter()) {
        return options.exitCode();
      }
      if (n == options.stallAfter()) {
        stall();
        return 0;
      }
      if (options.frames() > 0 && n == options.frames()) {
        return 0;
      }
      long dueNanos = startNanos + n * periodNanos;
      long waitNanos = dueNanos - System.nanoTime();
      if (waitNanos > 0) {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      }
      out.write(frame(n, System.currentTimeMillis()));
      out.flush();
    }
  }

  // Stays alive, writing nothing, until the parent closes our stdin or kills us; reading stdin
  // also means a stalled fake never outlives a test JVM that died.
  private static void stall() throws IOException {
    while (System.in.read() >= 0) {
      // discard
    }
  }

  private byte[] frame(long n, long timeMillis) {
    byte[] stamp = TestJpegs.comment(STAMP_PREFIX + n + " t=" + timeMillis);
    if (!options.tricky()) {
      return TestJpegs.insertSegments(picture(n, options.width(), options.height()), stamp);
    }
    return switch ((int) (n % 5)) {
      case 1 -> TestJpegs.insertSegments(picture(n, options.width(), options.height()),
          TestJpegs.exifWithThumbnail(TestJpegs.baseline(TestJpegs.picture(160, 120, n), 70)), stamp);
      case 2 -> concat(junk(n), TestJpegs.insertSegments(picture(n, options.width(), options.height()), stamp));
      case 3 -> TestJpegs.insertSegments(picture(n, options.width(), options.height()), stamp,
          TestJpegs.comment("tricky \u00FF\u00D9 end? \u00FF\u00D8 start? \u00FF\u00D9"));
      case 4 -> TestJpegs.insertSegments(
          TestJpegs.baseline(withFrameNumber(TestJpegs.noise(LARGE_WIDTH, LARGE_HEIGHT, n), n), 95), stamp);
      default -> TestJpegs.insertSegments(picture(n, options.width(), options.height()), stamp);
    };
  }

  private byte[] picture(long n, int width, int height) {
    return TestJpegs.baseline(withFrameNumber(TestJpegs.picture(width, height, n), n), options.quality());
  }

  // 16 black/white cells across the top: the frame number is visible in the picture itself.
  private static BufferedImage withFrameNumber(BufferedImage image, long n) {
    Graphics2D g = image.createGraphics();
    int cell = Math.max(1, image.getWidth() / 16);
    for (int bit = 0; bit < 16; bit++) {
      g.setColor((n >> (15 - bit) & 1) == 1 ? Color.WHITE : Color.BLACK);
      g.fillRect(bit * cell, 0, cell, Math.max(1, cell / 2));
    }
    g.dispose();
    return image;
  }

  // Bytes a naive splitter trips on; never FF D8, so no frame can start inside the junk. The
  // trailing FF makes the SOI that follows arrive as FF FF D8.
  private static byte[] junk(long n) {
    Random random = new Random(n);
    byte[] junk = new byte[64 + random.nextInt(64)];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) random.nextInt(0xD8);
    }
    byte[] traps = {(byte) 0xFF, (byte) 0xD9, 0x12, (byte) 0xFF, 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xD9};
    System.arraycopy(traps, 0, junk, 8, traps.length);
    junk[junk.length - 1] = (byte) 0xFF;
    return junk;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The stamp in a frame's first {@code fakecam} COM segment; throws if there is none. */
  public static Stamp stampOf(byte[] jpeg) {
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int code = jpeg[i + 1] & 0xFF;
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (code == 0xDA) {
        break;
      }
      if (code == 0xFE && i + 2 + length <= jpeg.length) {
        String text = new String(jpeg, i + 4, length - 2, StandardCharsets.ISO_8859_1);
        if (text.startsWith(STAMP_PREFIX)) {
          String[] parts = text.substring(STAMP_PREFIX.length()).split(" t=");
          return new Stamp(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("no '" + STAMP_PREFIX + "' COM segment before the first scan ("
        + jpeg.length + " bytes)");
  }

  private static Options parse(String[] args) {
    double fps = 5;
    int width = 640;
    int height = 480;
    long frames = 0;
    int quality = 80;
    boolean tricky = false;
    long dieAfter = -1;
    int exitCode = 3;
    long stallAfter = -1;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--tricky")) {
        tricky = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      try {
        switch (flag) {
          case "--fps" -> fps = Double.parseDouble(value);
          case "--width" -> width = Integer.parseInt(value);
          case "--height" -> height = Integer.parseInt(value);
          case "--frames" -> frames = Long.parseLong(value);
          case "--quality" -> quality = Integer.parseInt(value);
          case "--die-after" -> dieAfter = Long.parseLong(value);
          case "--exit-code" -> exitCode = Integer.parseInt(value);
          case "--stall-after" -> stallAfter = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown flag " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + ": not a number: " + value);
      }
    }
    if (!(fps > 0) || width < 1 || height < 1 || frames < 0 || quality < 1 || quality > 100) {
      throw new IllegalArgumentException("need fps > 0, width and height >= 1, frames >= 0, quality 1-100");
    }
    return new Options(fps, width, height, frames, quality, tricky, dieAfter, exitCode, stallAfter);
  }
}
