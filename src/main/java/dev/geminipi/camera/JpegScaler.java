package dev.geminipi.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Shrinks a JPEG to fit a width × height bound, keeping its aspect ratio, and re-encodes it as a
 * baseline JPEG at a fixed quality. A JPEG already within the bound is returned untouched (the
 * same array), so frames the camera already sizes correctly cost one header walk and no decode.
 *
 * <p>Uses {@code javax.imageio} and {@code java.awt} on off-screen images only; the process should
 * run with {@code -Djava.awt.headless=true}. Immutable and safe to share between threads.
 */
public final class JpegScaler {
  /** Default bound: 1024 × 1024. */
  public static final int DEFAULT_MAX_WIDTH = 1024;
  public static final int DEFAULT_MAX_HEIGHT = 1024;
  /** Default JPEG quality, 0-100. */
  public static final int DEFAULT_QUALITY = 80;

  /** Pixel dimensions of a JPEG, as its frame header (SOF) states them. */
  public record Size(int width, int height) {
  }

  private final int maxWidth;
  private final int maxHeight;
  private final int quality;

  /** A scaler with the default 1024 × 1024 bound and quality 80. */
  public JpegScaler() {
    this(DEFAULT_MAX_WIDTH, DEFAULT_MAX_HEIGHT, DEFAULT_QUALITY);
  }

  /**
   * @param maxWidth widest output, in pixels
   * @param maxHeight tallest output, in pixels
   * @param quality JPEG quality of re-encoded frames, 0 (smallest) to 100 (best)
   */
  public JpegScaler(int maxWidth, int maxHeight, int quality) {
    if (maxWidth < 1 || maxHeight < 1) {
      throw new IllegalArgumentException("bound must be at least 1x1, was " + maxWidth + "x" + maxHeight);
    }
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be 0..100, was " + quality);
    }
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
    this.quality = quality;
  }

  /**
   * Returns {@code jpeg} itself if it fits the bound, else a new, scaled-down baseline JPEG.
   *
   * @throws IOException if the bytes are not a JPEG that ImageIO can decode
   */
  public byte[] fit(byte[] jpeg) throws IOException {
    Size size = dimensions(jpeg);
    if (size.width() <= maxWidth && size.height() <= maxHeight) {
      return jpeg;
    }
    BufferedImage image = decode(jpeg);
    Size target = target(image.getWidth(), image.getHeight());
    return encode(ImageResizer.resize(image, target.width(), target.height()));
  }

  /**
   * Reads the width and height from the first SOF marker without decoding the image. Segments
   * are skipped by their length, so an EXIF thumbnail's own SOF is never mistaken for the image's.
   *
   * @throws IOException if the bytes do not start with SOI or have no SOF before the first scan
   */
  public static Size dimensions(byte[] jpeg) throws IOException {
    int n = jpeg.length;
    if (n < 4 || (jpeg[0] & 0xFF) != JpegMarkers.FILL || (jpeg[1] & 0xFF) != JpegMarkers.SOI) {
      throw new IOException("not a JPEG: expected SOI (FF D8) at offset 0 of " + n + " bytes");
    }
    int i = 2;
    while (i < n) {
      if ((jpeg[i] & 0xFF) != JpegMarkers.FILL) {
        throw new IOException(String.format(
            "not a JPEG: expected a marker at offset %d, found 0x%02X", i, jpeg[i] & 0xFF));
      }
      while (i < n && (jpeg[i] & 0xFF) == JpegMarkers.FILL) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int code = jpeg[i++] & 0xFF;
      if (JpegMarkers.isStandalone(code)) {
        continue;
      }
      if (code == JpegMarkers.SOS || code == JpegMarkers.EOI || code == JpegMarkers.SOI || i + 2 > n) {
        break;
      }
      if (JpegMarkers.isStartOfFrame(code)) {
        // SOF payload after the length: precision (1 byte), height (2), width (2)
        if (i + 7 > n) {
          break;
        }
        int height = JpegMarkers.u16(jpeg, i + 3);
        int width = JpegMarkers.u16(jpeg, i + 5);
        if (width == 0 || height == 0) {
          throw new IOException("unsupported JPEG: SOF at offset " + (i - 2) + " says "
              + width + "x" + height + " (a height of 0 means it is set later by DNL)");
        }
        return new Size(width, height);
      }
      int segmentLength = JpegMarkers.u16(jpeg, i);
      if (segmentLength < 2) {
        throw new IOException("not a JPEG: segment length " + segmentLength + " at offset " + i);
      }
      i += segmentLength;
    }
    throw new IOException("not a JPEG: no SOF marker before the first scan in " + n + " bytes");
  }

  Size target(int width, int height) {
    double scale = Math.min((double) maxWidth / width, (double) maxHeight / height);
    int w = (int) Math.max(1, Math.min(maxWidth, Math.round(width * scale)));
    int h = (int) Math.max(1, Math.min(maxHeight, Math.round(height * scale)));
    return new Size(w, h);
  }

  private static BufferedImage decode(byte[] jpeg) throws IOException {
    ImageReader reader = first(ImageIO.getImageReadersByFormatName("jpeg"), "reader");
    // A memory cache, because ImageIO's default stream cache writes temporary files.
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      return reader.read(0);
    } finally {
      reader.dispose();
    }
  }

  private byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = first(ImageIO.getImageWritersByFormatName("jpeg"), "writer");
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality / 100f);
    param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
    // A quarter byte per pixel is about what quality 80 gives, so this rarely regrows.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static <T> T first(Iterator<T> it, String what) throws IOException {
    if (!it.hasNext()) {
      throw new IOException("this JRE has no ImageIO JPEG " + what);
    }
    return it.next();
  }
}
