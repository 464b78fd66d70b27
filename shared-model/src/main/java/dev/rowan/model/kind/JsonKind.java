package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Any JSON document, stored as JSON text; searched as text. */
final class JsonKind implements FieldKind<FieldType.Json> {
    private static final FieldType.Json TYPE = new FieldType.Json();
    /** JSON numbers in json fields: what PostgreSQL's numeric (and jsonb) holds with room to spare. */
    private static final int MAX_JSON_EXPONENT = 1000;

    public String kind() {
        return "json";
    }

    public Class<FieldType.Json> typeClass() {
        return FieldType.Json.class;
    }

    public FieldType.Json parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return TYPE;
    }

    public FieldType.Json example() {
        return TYPE;
    }

    public StorageClass storage(FieldType.Json type) {
        return StorageClass.JSON;
    }

    public List<Operator> operators(FieldType.Json type) {
        return List.of(Operator.CONTAINS, Operator.NOT_CONTAINS, Operator.IS_NULL, Operator.IS_NOT_NULL);
    }

    public boolean sortable() {
        return false;
    }

    public boolean ordered() {
        return false;
    }

    public boolean indexable() {
        return false;
    }

    public @Nullable Object coerce(FieldType.Json type, FieldDef field, Object raw, String key) {
        checkJson(raw, key, field, 0);
        String text = JsonText.write(raw);
        if (text.length() > ValueRules.MAX_TEXT) throw RowanException.invalid(key, "JSON value is too large");
        return new JsonValue(text);
    }

    /**
     * A json field's value: strings and keys valid text, numbers within PostgreSQL's numeric (1e999999999 is
     * valid JSON but no database stores it).
     */
    private static void checkJson(@Nullable Object v, String key, FieldDef field, int depth) {
        if (depth > 64) throw RowanException.invalid(key, field.name() + " is nested too deeply");
        switch (v) {
            case null -> {
            }
            case String s -> {
                String why = TextRules.problem(s);
                if (why != null) throw RowanException.invalid(key, field.name() + ": a string " + why);
            }
            case BigDecimal d -> {
                if (Math.abs((long) d.precision() - d.scale()) > MAX_JSON_EXPONENT
                        || Math.abs(d.scale()) > MAX_JSON_EXPONENT) {
                    throw RowanException.invalid(key, field.name() + ": the number " + ValueRules.shorten(d.toString())
                            + " is out of range (at most 1000 digits before or after the point)");
                }
            }
            case BigInteger b -> {
                if (b.bitLength() > 3000) {
                    throw RowanException.invalid(key, field.name() + ": a number is out of range");
                }
            }
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    checkJson(String.valueOf(e.getKey()), key, field, depth + 1);
                    checkJson(e.getValue(), key, field, depth + 1);
                }
            }
            case List<?> l -> {
                for (Object o : l) checkJson(o, key, field, depth + 1);
            }
            default -> {
            }
        }
    }

    public String formatText(FieldType.Json type, Object value) {
        return ((JsonValue) value).text();
    }

    /** Typed text that is JSON is that document; other text becomes a JSON string. */
    public @Nullable Object parseInput(FieldType.Json type, String text, String stripped, String key) {
        try {
            return JsonText.parse(stripped);
        } catch (IllegalArgumentException e) {
            return stripped;
        }
    }

    public String canonicalText(FieldType.Json type, Object value) {
        return ((JsonValue) value).text();
    }

    public Object fromCanonicalText(FieldType.Json type, String text) {
        return new JsonValue(text);
    }

    public String sampleText() {
        return "{\"a\":[1,2.5,\"x\"],\"b\":null}";
    }
}
