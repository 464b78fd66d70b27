package dev.rowan.server.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of uploaded files, made safe once when they arrive: what a client sends is a display name only (the bytes
 * are found by id), but it comes back in download headers and desktop save dialogs, so path parts, control and
 * bidi-override characters, reserved Windows names and overlong names are removed here.
 */
final class FileNames {
    static final int MAX = 200;
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}<>:\"/\\\\|?*]");
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
            "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
            "lpt9");

    private FileNames() {
    }

    static String sanitize(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
        // only the last path part: "../../etc/passwd" is "passwd", "C:\\x\\y.txt" is "y.txt"
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        if (cut >= 0) s = s.substring(cut + 1);
        s = UNSAFE.matcher(s).replaceAll("_").strip();
        while (s.startsWith(".")) s = s.substring(1);
        while (s.endsWith(".") || s.endsWith(" ")) s = s.substring(0, s.length() - 1);
        if (s.codePointCount(0, s.length()) > MAX) s = s.substring(0, s.offsetByCodePoints(0, MAX));
        String base = (s.contains(".") ? s.substring(0, s.indexOf('.')) : s).toLowerCase(Locale.ROOT);
        if (RESERVED.contains(base)) s = "_" + s;
        return s.isBlank() ? "file" : s;
    }

    /**
     * A {@code Content-Disposition} value that no name can break: an ASCII fallback in quotes with nothing that
     * ends the quoted string, and the exact name percent-encoded (RFC 6266/5987).
     */
    static String contentDisposition(String name, boolean inline) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? c : '_');
        StringBuilder enc = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                enc.append((char) c);
            } else {
                enc.append('%').append(String.format("%02X", c));
            }
        }
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + enc;
    }
}
