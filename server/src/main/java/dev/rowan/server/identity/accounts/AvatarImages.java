package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.RowanException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an uploaded avatar: the declared type must be PNG, JPEG or GIF, the bytes must start like that type, and
 * the image's header must read as one of at most {@value #MAX_SIDE} pixels a side (read without decoding the
 * pixels, so a small file claiming a huge image costs nothing).
 */
final class AvatarImages {
    static final int MAX_SIDE = 2048;
    private static final Map<String, byte[]> MAGIC = Map.of(
            "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
            "image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            "image/gif", new byte[]{'G', 'I', 'F', '8'});

    private AvatarImages() {
    }

    /** The media type to store, or 415/422 for anything else. */
    static String check(String contentType, byte[] bytes) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        byte[] magic = MAGIC.get(type);
        if (magic == null) {
            throw RowanException.refused(dev.rowan.model.error.Refused.Reason.UNSUPPORTED_MEDIA_TYPE,
                    "An avatar must be sent as image/png, image/jpeg or image/gif");
        }
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            throw RowanException.invalid("avatar", "The image is not a " + type.substring(6).toUpperCase(Locale.ROOT)
                    + " file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw RowanException.invalid("avatar", "The image cannot be read");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw RowanException.invalid("avatar", "The image must be at most " + MAX_SIDE + " × " + MAX_SIDE
                            + " pixels");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RowanException r) throw r;
            throw RowanException.invalid("avatar", "The image cannot be read");
        }
        return type;
    }
}
