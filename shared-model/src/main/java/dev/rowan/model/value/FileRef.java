package dev.rowan.model.value;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.json.TextRules;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One file on a record, as an attachment cell holds it: the file's id (what a write must name), and the metadata the
 * server recorded when the bytes were uploaded (name, size, MIME type sniffed from the bytes, image size). A cell's
 * canonical value is a {@link JsonValue} of a list of these in {@link #toMap()} form; {@link #list} reads it back.
 */
public record FileRef(UUID id, String name, long size, String mime, @Nullable Integer width,
                      @Nullable Integer height) {
    /** Files per cell. */
    public static final int MAX_PER_CELL = 100;
    public static final int MAX_NAME = 255;
    private static final Pattern MIME = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    public static final String UNKNOWN_MIME = "application/octet-stream";

    public FileRef {
        if (mime.isEmpty()) mime = UNKNOWN_MIME;
    }

    /** A reference by id only: the server fills in the metadata it has for that file. */
    public static FileRef byId(UUID id) {
        return new FileRef(id, "", 0, UNKNOWN_MIME, null, null);
    }

    public boolean image() {
        return width != null && height != null;
    }

    /** The one JSON form: id, name, size, mime, and width/height for images. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("name", name);
        m.put("size", size);
        m.put("mime", mime);
        if (width != null) m.put("width", width);
        if (height != null) m.put("height", height);
        return m;
    }

    /** The canonical cell value of these files (null for none). */
    public static @Nullable JsonValue value(List<FileRef> files) {
        if (files.isEmpty()) return null;
        return new JsonValue(JsonText.write(files.stream().map(FileRef::toMap).toList()));
    }

    /** The files of a canonical cell value (a {@link JsonValue} or its parsed list); empty for null. */
    public static List<FileRef> list(@Nullable Object value) {
        if (value == null) return List.of();
        Object raw = value instanceof JsonValue j ? JsonText.parse(j.text()) : value;
        return parse(raw, "value", "Attachments");
    }

    /**
     * Strict reading of an API value: a list of {@code {"id", ...}} objects or of file id strings. Duplicate ids
     * are kept once. Metadata given by a client is checked for shape only; the server replaces it with its own.
     */
    public static List<FileRef> parse(@Nullable Object raw, String key, String fieldName) {
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> items)) {
            throw RowanException.invalid(key, fieldName + " (attachment) expects a list of files {\"id\": ...}");
        }
        if (items.size() > MAX_PER_CELL) {
            throw RowanException.invalid(key, fieldName + " holds at most " + MAX_PER_CELL + " files");
        }
        List<FieldError> errors = new ArrayList<>();
        List<FileRef> out = new ArrayList<>();
        Set<UUID> seen = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = key + "[" + i + "]";
            try {
                FileRef f = one(items.get(i), at);
                if (seen.add(f.id())) out.add(f);
            } catch (RowanException e) {
                errors.addAll(e.errors().isEmpty() ? List.of(new FieldError(at, e.getMessage())) : e.errors());
            }
        }
        if (!errors.isEmpty()) throw RowanException.invalid(fieldName + " has invalid files", errors);
        return List.copyOf(out);
    }

    private static FileRef one(@Nullable Object item, String at) {
        if (item instanceof String s) return byId(uuid(s, at + ".id"));
        if (!(item instanceof Map<?, ?> m)) {
            throw RowanException.invalid(at, "A file is an object {\"id\": ...} or a file id");
        }
        for (Object k : m.keySet()) {
            if (!Set.of("id", "name", "size", "mime", "width", "height").contains(String.valueOf(k))) {
                throw RowanException.invalid(at + "." + k, "Unknown property; a file has id, name, size, mime, "
                        + "width, height");
            }
        }
        if (!(m.get("id") instanceof String id)) throw RowanException.invalid(at + ".id", "id (a file id) is required");
        String name = m.get("name") == null ? "" : text(m.get("name"), at + ".name");
        long size = m.get("size") == null ? 0 : number(m.get("size"), at + ".size", Long.MAX_VALUE);
        String mime = m.get("mime") == null ? UNKNOWN_MIME : text(m.get("mime"), at + ".mime");
        if (!MIME.matcher(mime.toLowerCase(Locale.ROOT)).matches()) {
            throw RowanException.invalid(at + ".mime", "mime must be a media type such as image/png");
        }
        Integer w = m.get("width") == null ? null : (int) number(m.get("width"), at + ".width", Integer.MAX_VALUE);
        Integer h = m.get("height") == null ? null : (int) number(m.get("height"), at + ".height", Integer.MAX_VALUE);
        return new FileRef(uuid(id, at + ".id"), name, size, mime.toLowerCase(Locale.ROOT), w, h);
    }

    private static UUID uuid(String s, String at) {
        if (s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw RowanException.invalid(at, "A file id is a UUID");
    }

    private static String text(Object v, String at) {
        if (!(v instanceof String s)) throw RowanException.invalid(at, "must be text");
        if (s.length() > MAX_NAME) throw RowanException.invalid(at, "must be at most " + MAX_NAME + " characters");
        String why = TextRules.problem(s);
        if (why != null) throw RowanException.invalid(at, why);
        return s;
    }

    private static long number(Object v, String at, long max) {
        long n;
        if (v instanceof Integer i) n = i;
        else if (v instanceof Long l) n = l;
        else if (v instanceof BigDecimal d && d.scale() <= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0
                && d.signum() >= 0) n = d.longValueExact();
        else if (v instanceof java.math.BigInteger b && b.bitLength() < 63) n = b.longValue();
        else throw RowanException.invalid(at, "must be a whole number from 0");
        if (n < 0 || n > max) throw RowanException.invalid(at, "must be a whole number from 0");
        return n;
    }
}
