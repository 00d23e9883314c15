package dev.geminipi.camera;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

// Downscaling in steps of one half: a single bilinear or bicubic pass from far above the target
// reads only a few source pixels per output pixel and aliases. Halving with bilinear until within
// 2x, then one bicubic pass to the exact size, averages every source pixel at each step.
final class ImageResizer {
  private ImageResizer() {
  }

  static BufferedImage resize(BufferedImage source, int targetWidth, int targetHeight) {
    // JPEG has no alpha, and an RGB or grey target keeps the encoder on its fast paths.
    int type = source.getType() == BufferedImage.TYPE_BYTE_GRAY
        ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage image = source;
    int w = source.getWidth();
    int h = source.getHeight();
    do {
      w = w > targetWidth ? Math.max(w / 2, targetWidth) : targetWidth;
      h = h > targetHeight ? Math.max(h / 2, targetHeight) : targetHeight;
      boolean last = w == targetWidth && h == targetHeight;
      image = draw(image, w, h, type, last
          ? RenderingHints.VALUE_INTERPOLATION_BICUBIC
          : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    } while (w != targetWidth || h != targetHeight);
    return image;
  }

  private static BufferedImage draw(BufferedImage source, int w, int h, int type, Object interpolation) {
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
