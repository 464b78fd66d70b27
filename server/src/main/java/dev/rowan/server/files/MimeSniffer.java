package dev.rowan.server.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The MIME type of a file from its first bytes (magic numbers), never from its name: a name says what the uploader
 * claims, the bytes what a browser or viewer would make of it. Unknown binary is {@code application/octet-stream};
 * text is {@code text/plain} (markup such as HTML or SVG stays plain text, so a download never becomes a page).
 */
final class MimeSniffer {
    /** How many leading bytes are looked at. */
    static final int HEAD = 4096;

    private MimeSniffer() {
    }

    static String sniff(byte[] head, int length) {
        byte[] b = length == head.length ? head : Arrays.copyOf(head, length);
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (starts(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsText(b, "GIF87a") || startsText(b, "GIF89a")) return "image/gif";
        if (startsText(b, "RIFF") && at(b, 8, "WEBP")) return "image/webp";
        if (startsText(b, "RIFF") && at(b, 8, "WAVE")) return "audio/wav";
        if (startsText(b, "BM") && b.length >= 14) return "image/bmp";
        if (starts(b, 'I', 'I', 0x2A, 0x00) || starts(b, 'M', 'M', 0x00, 0x2A)) return "image/tiff";
        if (startsText(b, "%PDF-")) return "application/pdf";
        if (starts(b, 'P', 'K', 0x03, 0x04)) return zipKind(b);
        if (starts(b, 0x1F, 0x8B)) return "application/gzip";
        if (starts(b, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C)) return "application/x-7z-compressed";
        if (startsText(b, "OggS")) return "audio/ogg";
        if (startsText(b, "ID3") || starts(b, 0xFF, 0xFB)) return "audio/mpeg";
        if (at(b, 4, "ftyp")) return "video/mp4";
        if (starts(b, 0x1A, 0x45, 0xDF, 0xA3)) return "video/webm";
        if (starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) return "application/x-ole-storage";
        if (text(b)) return "text/plain";
        return "application/octet-stream";
    }

    /** Office documents are zip files whose first entry names them. */
    private static String zipKind(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, HEAD), StandardCharsets.ISO_8859_1);
        if (head.contains("word/")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (head.contains("xl/")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (head.contains("ppt/")) return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        return "application/zip";
    }

    /** UTF-8 without NUL or other control characters than tab, CR, LF, FF (a cut-off last character is allowed). */
    private static boolean text(byte[] b) {
        if (b.length == 0) return false;
        int end = b.length;
        // a multi-byte character cut by the head's end is not a reason to call the file binary
        for (int i = Math.max(0, end - 3); i < end; i++) {
            if ((b[i] & 0xC0) == 0xC0) {
                int need = (b[i] & 0xE0) == 0xC0 ? 2 : (b[i] & 0xF0) == 0xE0 ? 3 : 4;
                if (i + need > end) end = i;
                break;
            }
        }
        for (int i = 0; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xFF) != magic[i]) return false;
        return true;
    }

    private static boolean startsText(byte[] b, String magic) {
        return at(b, 0, magic);
    }

    private static boolean at(byte[] b, int offset, String magic) {
        if (b.length < offset + magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (b[offset + i] != magic.charAt(i)) return false;
        return true;
    }
}
