package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time of day without a date. Stored as text in ISO form, {@code HH:mm} or {@code HH:mm:ss} (what
 * {@link LocalTime#toString()} writes for whole seconds), so text order is time order on both engines and no
 * time zone is involved. Typed text also takes {@code 9:05}, {@code 2:30 pm}, {@code 1430}.
 */
public final class TimeKind implements FieldKind<FieldType.TimeOfDay> {
    private static final FieldType.TimeOfDay TYPE = new FieldType.TimeOfDay();
    private static final Pattern TYPED =
            Pattern.compile("(\\d{1,2})(?::?(\\d{2}))(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?|(\\d{1,2})\\s*(am|pm)");

    public String kind() {
        return "time";
    }

    public Class<FieldType.TimeOfDay> typeClass() {
        return FieldType.TimeOfDay.class;
    }

    public FieldType.TimeOfDay parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return TYPE;
    }

    public FieldType.TimeOfDay example() {
        return TYPE;
    }

    public StorageClass storage(FieldType.TimeOfDay type) {
        return StorageClass.TEXT;
    }

    public List<Operator> operators(FieldType.TimeOfDay type) {
        return DurationKind.OPERATORS;
    }

    /** The API value is the ISO text; anything a person could type is accepted too and stored in ISO form. */
    public @Nullable Object coerce(FieldType.TimeOfDay type, FieldDef field, Object raw, String key) {
        if (!(raw instanceof String s)) throw ValueRules.wrong(key, field, "a time of day such as 14:30");
        if (s.isBlank()) return null;
        return time(s.strip(), key);
    }

    static String time(String t, String key) {
        if (t.length() <= 20) {
            Matcher m = TYPED.matcher(t.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                int h;
                int min = 0;
                int sec = 0;
                String half;
                if (m.group(5) != null) {
                    h = Integer.parseInt(m.group(5));
                    half = m.group(6);
                } else {
                    h = Integer.parseInt(m.group(1));
                    min = Integer.parseInt(m.group(2));
                    sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                    half = m.group(4);
                }
                if (half != null) {
                    if (h < 1 || h > 12) throw notATime(t, key);
                    h = h % 12 + (half.startsWith("p") ? 12 : 0);
                }
                if (h <= 23 && min <= 59 && sec <= 59) return LocalTime.of(h, min, sec).toString();
            }
        }
        throw notATime(t, key);
    }

    private static RowanException notATime(String t, String key) {
        return RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a time of day (type 14:30)");
    }

    public String sampleText() {
        return "2:30 pm";
    }

    public Object fromCanonicalText(FieldType.TimeOfDay type, String text) {
        try {
            String iso = LocalTime.parse(text).toString();
            if (!iso.equals(text)) throw new IllegalArgumentException("not a stored time");
            return iso;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time", e);
        }
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.TimeOfDay type, String text) {
        return java.util.Optional.of(text);
    }
}
