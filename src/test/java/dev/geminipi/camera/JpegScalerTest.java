package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.TestJpegs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JpegScalerTest {
  private final JpegScaler scaler = new JpegScaler();

  private static BufferedImage halves(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    return image;
  }

  @Test
  void fit_withinBound_returnsSameArray() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(640, 480, 1), 80);

    assertSame(jpeg, scaler.fit(jpeg));
  }

  @Test
  void fit_exactlyAtBound_returnsSameArray() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(1024, 1024, 1), 80);

    assertSame(jpeg, scaler.fit(jpeg));
  }

  @Test
  void fit_4000x3000_scaledTo1024x768AndDecodable() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(4000, 3000, 1), 80);

    byte[] scaled = scaler.fit(jpeg);

    assertEquals(new JpegScaler.Size(1024, 768), JpegScaler.dimensions(scaled));
    BufferedImage decoded = TestJpegs.decode(scaled);
    assertNotNull(decoded);
    assertEquals(1024, decoded.getWidth());
    assertEquals(768, decoded.getHeight());
  }

  @Test
  void fit_tallImage_boundedByHeight() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(1000, 3000, 1), 80);

    byte[] scaled = scaler.fit(jpeg);

    assertEquals(new JpegScaler.Size(341, 1024), JpegScaler.dimensions(scaled));
  }

  @Test
  void fit_customBound_keepsAspect() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(1280, 960, 1), 80);

    byte[] scaled = new JpegScaler(640, 640, 80).fit(jpeg);

    assertEquals(new JpegScaler.Size(640, 480), JpegScaler.dimensions(scaled));
  }

  @Test
  void fit_scaledImage_keepsContent() throws IOException {
    byte[] jpeg = TestJpegs.baseline(halves(3000, 2000), 90);

    BufferedImage scaled = TestJpegs.decode(scaler.fit(jpeg));

    assertNotNull(scaled);
    Color left = new Color(scaled.getRGB(scaled.getWidth() / 4, scaled.getHeight() / 2));
    Color right = new Color(scaled.getRGB(scaled.getWidth() * 3 / 4, scaled.getHeight() / 2));
    assertTrue(left.getRed() > 200 && left.getBlue() < 60, "left is red: " + left);
    assertTrue(right.getBlue() > 200 && right.getRed() < 60, "right is blue: " + right);
  }

  @Test
  void fit_lowerQuality_smallerOutput() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(2048, 1536, 1), 95);

    byte[] low = new JpegScaler(1024, 1024, 20).fit(jpeg);
    byte[] high = new JpegScaler(1024, 1024, 95).fit(jpeg);

    assertTrue(low.length * 2 < high.length, "q20 " + low.length + " bytes, q95 " + high.length + " bytes");
  }

  @Test
  void fit_progressiveInput_baselineOutput() throws IOException {
    byte[] jpeg = TestJpegs.progressive(TestJpegs.picture(2000, 1500, 1), 80);
    assertTrue(TestJpegs.indexOfMarker(jpeg, 0xC2, 0) > 0, "input is progressive (SOF2)");

    byte[] scaled = scaler.fit(jpeg);

    assertTrue(TestJpegs.indexOfMarker(scaled, 0xC0, 0) > 0, "SOF0");
    assertEquals(-1, TestJpegs.indexOfMarker(scaled, 0xC2, 0), "no SOF2");
    assertEquals(1, TestJpegs.countMarker(scaled, 0xDA), "one scan");
  }

  @Test
  void fit_grayInput_scaledAndDecodable() throws IOException {
    BufferedImage gray = new BufferedImage(2000, 1000, BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(TestJpegs.picture(2000, 1000, 1), 0, 0, null);
    byte[] jpeg = TestJpegs.baseline(gray, 80);

    byte[] scaled = scaler.fit(jpeg);

    assertEquals(new JpegScaler.Size(1024, 512), JpegScaler.dimensions(scaled));
    assertNotNull(TestJpegs.decode(scaled));
  }

  @Test
  void fit_notAJpeg_throwsIOException() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    IOException e = assertThrows(IOException.class, () -> scaler.fit(png));

    assertEquals("not a JPEG: expected SOI (FF D8) at offset 0 of 8 bytes", e.getMessage());
  }

  @Test
  void fit_headersWithoutScan_throwsIOException() throws IOException {
    byte[] jpeg = TestJpegs.baseline(TestJpegs.picture(2000, 1500, 1), 80);
    byte[] headerOnly = Frames.range(jpeg, 0, TestJpegs.indexOfMarker(jpeg, 0xDA, 0));

    assertThrows(IOException.class, () -> scaler.fit(headerOnly));
  }

  @Test
  void dimensions_exifThumbnailFirst_readsImageNotThumbnail() throws IOException {
    byte[] thumbnail = TestJpegs.baseline(TestJpegs.picture(160, 120, 2), 70);
    byte[] jpeg = TestJpegs.insertSegments(TestJpegs.baseline(TestJpegs.picture(640, 480, 1), 80),
        TestJpegs.exifWithThumbnail(thumbnail));

    assertEquals(new JpegScaler.Size(640, 480), JpegScaler.dimensions(jpeg));
    assertEquals(new JpegScaler.Size(160, 120), JpegScaler.dimensions(thumbnail));
  }

  @Test
  void dimensions_progressive_readsSof2() throws IOException {
    byte[] jpeg = TestJpegs.progressive(TestJpegs.picture(333, 222, 1), 80);

    assertEquals(new JpegScaler.Size(333, 222), JpegScaler.dimensions(jpeg));
  }

  @Test
  void dimensions_noSofBeforeScan_throwsWithSize() {
    byte[] noSof = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0, 3, 'x', (byte) 0xFF, (byte) 0xD9};

    IOException e = assertThrows(IOException.class, () -> JpegScaler.dimensions(noSof));

    assertEquals("not a JPEG: no SOF marker before the first scan in 9 bytes", e.getMessage());
  }

  @Test
  void constructor_qualityOutOfRange_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JpegScaler(1024, 1024, 101));

    assertEquals("quality must be 0..100, was 101", e.getMessage());
  }

  @Test
  void constructor_emptyBound_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JpegScaler(0, 768, 80));

    assertEquals("bound must be at least 1x1, was 0x768", e.getMessage());
  }
}
