package dev.rowan.desktop.syncui;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first page of a PDF as an image (PDFBox), at most {@link #MAX_SIDE} pixels on its long side whatever size the
 * page claims, with PDFBox's scratch data on disk rather than in the heap. Any failure (not a PDF, encrypted, broken)
 * is "no preview": the file then opens in the system's application.
 */
final class PdfPreview {
    static final int MAX_SIDE = 1400;

    private PdfPreview() {
    }

    static Optional<WritableImage> firstPage(Path pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile(), MemoryUsageSetting.setupTempFileOnly().streamCache)) {
            if (doc.getNumberOfPages() == 0) return Optional.empty();
            PDRectangle box = doc.getPage(0).getMediaBox();
            float longest = Math.max(box.getWidth(), box.getHeight());
            if (longest <= 0) return Optional.empty();
            // points are 1/72 inch: the scale that makes the long side MAX_SIDE pixels, never above 2x
            float scale = Math.min(2f, MAX_SIDE / longest);
            BufferedImage page = new PDFRenderer(doc).renderImage(0, scale, ImageType.RGB);
            return Optional.of(fx(page));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static WritableImage fx(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return out;
    }
}
