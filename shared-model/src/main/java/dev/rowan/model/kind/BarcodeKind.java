package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text a barcode encodes, with the barcode's format. The format decides what text is valid: EAN-13 and UPC-A are
 * digits with a correct check digit, Code 39 its own alphabet, Code 128 printable ASCII, QR any text up to what a
 * QR code holds. Stored and searched as text.
 */
public final class BarcodeKind extends TextualKind<FieldType.Barcode> {
    /** The formats in the order a picker lists them. */
    public static final List<String> FORMATS = List.of("code128", "ean13", "upc_a", "code39", "qr");
    static final String DEFAULT_FORMAT = "code128";

    BarcodeKind() {
        super("barcode", FieldType.Barcode.class, new FieldType.Barcode(DEFAULT_FORMAT), 2953);
    }

    @Override
    public FieldType.Barcode parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object f = config.get("format");
        if (f == null) return previous instanceof FieldType.Barcode b ? b : example();
        if (f instanceof String s && FORMATS.contains(s.strip().toLowerCase(Locale.ROOT))) {
            return new FieldType.Barcode(s.strip().toLowerCase(Locale.ROOT));
        }
        throw RowanException.invalid("config.format", "format must be one of " + String.join(", ", FORMATS));
    }

    @Override
    public Map<String, Object> config(FieldType.Barcode type) {
        return Map.of("format", type.format());
    }

    /** What a person calls a format ("EAN-13"). */
    public static String label(String format) {
        return switch (format) {
            case "code128" -> "Code 128";
            case "ean13" -> "EAN-13";
            case "upc_a" -> "UPC-A";
            case "code39" -> "Code 39";
            case "qr" -> "QR code";
            default -> format;
        };
    }

    @Override
    String check(FieldType.Barcode type, String s, String key) {
        String t = s.strip();
        boolean ok = switch (type.format()) {
            case "ean13" -> checkDigit(t, 13);
            case "upc_a" -> checkDigit(t, 12);
            case "code39" -> t.length() <= 80 && t.chars().allMatch(c -> "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%".indexOf(c) >= 0);
            case "code128" -> t.length() <= 80 && t.chars().allMatch(c -> c >= 32 && c < 127);
            default -> true; // qr: any text within the length limit
        };
        if (!ok) {
            throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a valid " + label(type.format())
                    + " code" + hint(type.format()));
        }
        return t;
    }

    private static String hint(String format) {
        return switch (format) {
            case "ean13" -> " (13 digits with a correct check digit)";
            case "upc_a" -> " (12 digits with a correct check digit)";
            case "code39" -> " (capital letters, digits and - . $ / + % space)";
            case "code128" -> " (at most 80 printable ASCII characters)";
            default -> "";
        };
    }

    /** GS1 check digit: weights 3 and 1 from the right, over the digits before the last. */
    static boolean checkDigit(String t, int length) {
        if (t.length() != length || !t.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        int sum = 0;
        for (int i = length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += (t.charAt(i) - '0') * w;
        return (10 - sum % 10) % 10 == t.charAt(length - 1) - '0';
    }

    /** Another format may make stored codes invalid (an EAN-13 is no UPC-A), so values are checked again. */
    @Override
    public boolean keepsValues(FieldType.Barcode from, FieldType.Barcode to) {
        return from.equals(to) || to.format().equals("qr"); // every code of every format is a valid QR text
    }

    public String sampleText() {
        return "ROWAN-0042";
    }
}
