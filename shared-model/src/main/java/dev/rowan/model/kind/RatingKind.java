package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A rating of 1 to {@code max} icons (max 1..10, default 5). Values are whole numbers stored as decimals of scale 0;
 * 0 means "not rated" (empty), as a person clearing the stars expects. Typed text is the number or the stars
 * themselves ("★★★"), so a copied cell pastes back.
 */
public final class RatingKind implements FieldKind<FieldType.Rating> {
    /** The icon a rating shows per point; the desktop draws the same character. */
    public static final char STAR = '★';
    public static final char EMPTY_STAR = '☆';
    static final int DEFAULT_MAX = 5;

    public String kind() {
        return "rating";
    }

    public Class<FieldType.Rating> typeClass() {
        return FieldType.Rating.class;
    }

    public FieldType.Rating parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object m = config.get("max");
        if (m == null) return new FieldType.Rating(previous instanceof FieldType.Rating r ? r.max() : DEFAULT_MAX);
        if (m instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                && n.doubleValue() <= 10) {
            return new FieldType.Rating(n.intValue());
        }
        throw RowanException.invalid("config.max", "max must be a whole number from 1 to 10");
    }

    public Map<String, Object> config(FieldType.Rating type) {
        return Map.of("max", type.max());
    }

    public FieldType.Rating example() {
        return new FieldType.Rating(DEFAULT_MAX);
    }

    public StorageClass storage(FieldType.Rating type) {
        return StorageClass.decimal(0);
    }

    public List<Operator> operators(FieldType.Rating type) {
        return NumericKind.ORDERED;
    }

    public @Nullable Object coerce(FieldType.Rating type, FieldDef field, Object raw, String key) {
        BigDecimal d = switch (raw) {
            case BigDecimal b -> b;
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Double db when !db.isNaN() && !db.isInfinite() -> BigDecimal.valueOf(db);
            case Float f when !f.isNaN() && !f.isInfinite() -> BigDecimal.valueOf(f);
            default -> throw ValueRules.wrong(key, field, "a whole number from 0 to " + type.max());
        };
        if (d.signum() == 0) return null;
        if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(type.max())) > 0 || d.stripTrailingZeros().scale() > 0) {
            throw RowanException.invalid(key, field.name() + " is rated with a whole number from 1 to " + type.max());
        }
        return d.setScale(0);
    }

    public Object parseInput(FieldType.Rating type, String text, String stripped, String key) {
        if (!stripped.isEmpty() && stripped.chars().allMatch(c -> c == STAR || c == EMPTY_STAR)) {
            return BigDecimal.valueOf(stripped.chars().filter(c -> c == STAR).count());
        }
        return ValueRules.parseNumber(stripped, stripped, key);
    }

    public String formatText(FieldType.Rating type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public Object fromCanonicalText(FieldType.Rating type, String text) {
        return ValueRules.canonicalNumber(text).setScale(0);
    }

    public String sampleText() {
        return "4";
    }

    /** More icons keep every rating; fewer may leave some above the new maximum, so values are checked. */
    public boolean keepsValues(FieldType.Rating from, FieldType.Rating to) {
        return to.max() >= from.max();
    }

    /** The stars a value shows: {@code value} full ones, then empty ones up to the maximum. */
    public static String stars(FieldType.Rating type, int value) {
        int v = Math.max(0, Math.min(value, type.max()));
        return String.valueOf(STAR).repeat(v) + String.valueOf(EMPTY_STAR).repeat(type.max() - v);
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.Rating type, String text) {
        try {
            return java.util.Optional.of(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
