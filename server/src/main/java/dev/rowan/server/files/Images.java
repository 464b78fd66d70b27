package dev.rowan.server.files;

import org.jspecify.annotations.Nullable;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Image size and thumbnails with javax.imageio, for hostile input: the size comes from the header alone; a thumbnail
 * is decoded only when the header's pixel count is within a bound, and then with subsampling so the decoded raster
 * stays near the thumbnail's size whatever the image claims. Any failure means "no size" / "no thumbnail".
 */
final class Images {
    static final int THUMB = 256;

    record Size(int width, int height) {
    }

    private Images() {
    }

    static boolean image(String mime) {
        return switch (mime) {
            case "image/png", "image/jpeg", "image/gif", "image/bmp" -> true;
            default -> false;
        };
    }

    static Optional<Size> size(InputStream in) {
        try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            ImageReader r = reader(iis);
            if (r == null) return Optional.empty();
            try {
                r.setInput(iis, true, true);
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                return w > 0 && h > 0 ? Optional.of(new Size(w, h)) : Optional.empty();
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A PNG of at most {@link #THUMB} pixels on its long side, or empty for images too large or broken. */
    static Optional<byte[]> thumbnail(Supplier<InputStream> bytes, Size size, long maxPixels) {
        if ((long) size.width() * size.height() > maxPixels) return Optional.empty();
        try (InputStream in = bytes.get(); ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            ImageReader r = reader(iis);
            if (r == null) return Optional.empty();
            try {
                r.setInput(iis, true, true);
                ImageReadParam p = r.getDefaultReadParam();
                int step = Math.max(1, Math.max(size.width(), size.height()) / (THUMB * 2));
                p.setSourceSubsampling(step, step, 0, 0);
                BufferedImage src = r.read(0, p);
                double scale = Math.min(1.0, (double) THUMB / Math.max(src.getWidth(), src.getHeight()));
                int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = out.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(src, 0, 0, w, h, null);
                } finally {
                    g.dispose();
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(out, "png", png);
                return Optional.of(png.toByteArray());
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return Optional.empty();
        }
    }

    private static @Nullable ImageReader reader(ImageInputStream iis) {
        Iterator<ImageReader> it = ImageIO.getImageReaders(iis);
        return it.hasNext() ? it.next() : null;
    }
}
