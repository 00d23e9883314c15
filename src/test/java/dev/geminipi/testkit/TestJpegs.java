package dev.geminipi.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Real JPEGs for tests, made with ImageIO, plus byte-level surgery to add the segments cameras
 * write (EXIF with a thumbnail, comments). Pure static helpers; nothing is cached.
 */
public final class TestJpegs {
  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

  private TestJpegs() {
  }

  /** A smooth picture with a few shapes: compresses like a camera frame, not like noise. */
  public static BufferedImage picture(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int base = random.nextInt(0x1000000);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = ((base >> 16) + x * 255 / Math.max(1, width)) & 0xFF;
        int g = ((base >> 8) + y * 255 / Math.max(1, height)) & 0xFF;
        int b = (base + (x + y) / 4) & 0xFF;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Graphics2D g = image.createGraphics();
    for (int i = 0; i < 6; i++) {
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillOval(random.nextInt(width), random.nextInt(height), 1 + width / 4, 1 + height / 4);
    }
    g.dispose();
    return image;
  }

  /** Random pixels: the worst case for JPEG, so the biggest frames per pixel. */
  public static BufferedImage noise(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  /** Baseline JPEG, as rpicam-vid writes them. */
  public static byte[] baseline(BufferedImage image, int quality) {
    return encode(image, quality, false, 0);
  }

  /** Progressive JPEG: several SOS and DHT segments after the first scan. */
  public static byte[] progressive(BufferedImage image, int quality) {
    return encode(image, quality, true, 0);
  }

  /** Baseline JPEG with a DRI segment, so the scan data holds RST0-RST7 markers. */
  public static byte[] withRestartMarkers(BufferedImage image, int quality, int intervalMcus) {
    return encode(image, quality, false, intervalMcus);
  }

  private static byte[] encode(BufferedImage image, int quality, boolean progressive, int restartIntervalMcus) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      IIOMetadata metadata = null;
      if (restartIntervalMcus > 0) {
        metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_METADATA);
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(restartIntervalMcus));
        markers.insertBefore(dri, markers.getFirstChild());
        metadata.setFromTree(JPEG_METADATA, root);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** Decodes with ImageIO; null if ImageIO cannot read the bytes as an image. */
  public static BufferedImage decode(byte[] jpeg) {
    try {
      // ImageIO.read closes the stream itself. A memory cache avoids ImageIO's temp files.
      return ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** One marker segment: FF, code, big-endian length (payload + 2), payload. */
  public static byte[] segment(int code, byte[] payload) {
    if (payload.length > 0xFFFF - 2) {
      throw new IllegalArgumentException("segment payload too long: " + payload.length);
    }
    byte[] out = new byte[payload.length + 4];
    out[0] = (byte) 0xFF;
    out[1] = (byte) code;
    out[2] = (byte) ((payload.length + 2) >> 8);
    out[3] = (byte) (payload.length + 2);
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  /** A COM segment; ISO-8859-1 so any byte value, FF D9 included, can be put in it. */
  public static byte[] comment(String text) {
    return segment(0xFE, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * An EXIF APP1 segment whose IFD1 points at {@code thumbnail}, a whole JPEG (FFD8..FFD9) as
   * rpicam-still embeds by default (docs/hardware.md §3.2).
   */
  public static byte[] exifWithThumbnail(byte[] thumbnail) {
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    // Big-endian TIFF header, IFD0 at 8 with no entries and IFD1 at 14 with two entries:
    // JPEGInterchangeFormat (0x0201) and JPEGInterchangeFormatLength (0x0202).
    int thumbnailOffset = 8 + 6 + 2 + 2 * 12 + 4;
    writeBytes(tiff, 'M', 'M', 0, 42, 0, 0, 0, 8);
    writeBytes(tiff, 0, 0, 0, 0, 0, 14);
    writeBytes(tiff, 0, 2);
    writeBytes(tiff, 0x02, 0x01, 0, 4, 0, 0, 0, 1);
    writeInt(tiff, thumbnailOffset);
    writeBytes(tiff, 0x02, 0x02, 0, 4, 0, 0, 0, 1);
    writeInt(tiff, thumbnail.length);
    writeBytes(tiff, 0, 0, 0, 0);
    tiff.writeBytes(thumbnail);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    payload.writeBytes(tiff.toByteArray());
    return segment(0xE1, payload.toByteArray());
  }

  /** Inserts segments right after SOI and the JFIF APP0, where cameras put EXIF and comments. */
  public static byte[] insertSegments(byte[] jpeg, byte[]... segments) {
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
    out.write(jpeg, 0, at);
    for (byte[] segment : segments) {
      out.writeBytes(segment);
    }
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  /** Index of the first {@code FF code} pair at or after {@code from}, or -1. */
  public static int indexOfMarker(byte[] jpeg, int code, int from) {
    for (int i = Math.max(0, from); i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == code) {
        return i;
      }
    }
    return -1;
  }

  /** How many times {@code FF code} occurs anywhere in the bytes. */
  public static int countMarker(byte[] jpeg, int code) {
    int count = 0;
    for (int i = indexOfMarker(jpeg, code, 0); i >= 0; i = indexOfMarker(jpeg, code, i + 2)) {
      count++;
    }
    return count;
  }

  private static void writeBytes(ByteArrayOutputStream out, int... values) {
    for (int v : values) {
      out.write(v);
    }
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    writeBytes(out, v >>> 24, (v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF);
  }
}
