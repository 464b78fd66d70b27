package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.IsoText;
import org.jspecify.annotations.Nullable;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** A date, or with {@code includeTime} an instant kept in UTC to the microsecond; years 1 to 9999. */
final class DateKind implements FieldKind<FieldType.DateType> {

    public String kind() {
        return "date";
    }

    public Class<FieldType.DateType> typeClass() {
        return FieldType.DateType.class;
    }

    public FieldType.DateType parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object t = config.get("includeTime");
        if (t == null) return new FieldType.DateType(previous instanceof FieldType.DateType d && d.includeTime());
        if (t instanceof Boolean b) return new FieldType.DateType(b);
        throw RowanException.invalid("config.includeTime", "includeTime must be true or false");
    }

    public Map<String, Object> config(FieldType.DateType type) {
        return Map.of("includeTime", type.includeTime());
    }

    public FieldType.DateType example() {
        return new FieldType.DateType(true);
    }

    public StorageClass storage(FieldType.DateType type) {
        return type.includeTime() ? StorageClass.TIMESTAMP : StorageClass.DATE;
    }

    public List<Operator> operators(FieldType.DateType type) {
        return NumericKind.ORDERED;
    }

    public @Nullable Object coerce(FieldType.DateType type, FieldDef field, Object raw, String key) {
        if (!(raw instanceof String s)) throw ValueRules.wrong(key, field, "a date as text, e.g. 2026-01-31");
        Object v = parseDate(s, type.includeTime(), key, field);
        if (!ValueRules.inRange(v)) {
            throw RowanException.invalid(key, "'" + ValueRules.shorten(s.strip()) + "' is out of range for "
                    + field.name() + ": dates go from " + ValueRules.MIN_DATE + " to " + ValueRules.MAX_DATE);
        }
        return v;
    }

    private static Object parseDate(String s, boolean includeTime, String key, FieldDef field) {
        String t = s.strip();
        try {
            if (!includeTime) {
                LocalDate quick = IsoText.date(t);
                if (quick != null) return quick;
                if (t.length() > 10 && t.charAt(10) == 'T') {
                    return OffsetDateTime.parse(t).toLocalDate();
                }
                return LocalDate.parse(t.replace('/', '-'));
            }
            if (t.length() == 10) {
                return LocalDate.parse(t.replace('/', '-')).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            OffsetDateTime odt = IsoText.offsetDateTime(t);
            if (odt != null) return odt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            try {
                odt = OffsetDateTime.parse(t.replace(' ', 'T'));
            } catch (DateTimeParseException e) {
                odt = LocalDateTime.parse(t.replace(' ', 'T')).atOffset(ZoneOffset.UTC);
            }
            return odt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a valid " + (includeTime
                    ? "date and time (use ISO 8601, e.g. 2026-01-31T14:30:00Z)" : "date (use ISO 8601, e.g. 2026-01-31)")
                    + " for " + field.name());
        }
    }

    public Object toApi(FieldType.DateType type, Object value) {
        return type.includeTime() ? ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) : value.toString();
    }

    public String canonicalText(FieldType.DateType type, Object value) {
        return type.includeTime()
                ? ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toString() : value.toString();
    }

    public Object fromCanonicalText(FieldType.DateType type, String text) {
        Object v = type.includeTime() ? OffsetDateTime.parse(text) : LocalDate.parse(text);
        if (!ValueRules.inRange(v)) throw new IllegalArgumentException("date out of range");
        return v;
    }

    public String sampleText() {
        return "2026-01-31 14:30:15.123456+02:00";
    }

    /** With and without time are stored differently: switching converts (midnight UTC, or the UTC date). */
    public boolean keepsValues(FieldType.DateType from, FieldType.DateType to) {
        return from.includeTime() == to.includeTime();
    }

    /** A day is matched by its text; a date-time is not (its groups are not folded out of the list). */
    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.DateType type, String text) {
        return type.includeTime() ? java.util.Optional.empty() : java.util.Optional.of(text);
    }
}
