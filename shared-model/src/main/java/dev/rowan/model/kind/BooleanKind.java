package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Yes or no. Typed text accepts the usual words and marks ("yes", "off", "x", "✓"). */
final class BooleanKind implements FieldKind<FieldType.BooleanType> {
    private static final FieldType.BooleanType TYPE = new FieldType.BooleanType();

    public String kind() {
        return "boolean";
    }

    public List<String> aliases() {
        return List.of("switch", "checkbox");
    }

    public Class<FieldType.BooleanType> typeClass() {
        return FieldType.BooleanType.class;
    }

    public FieldType.BooleanType parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return TYPE;
    }

    public FieldType.BooleanType example() {
        return TYPE;
    }

    public StorageClass storage(FieldType.BooleanType type) {
        return StorageClass.BOOL;
    }

    public List<Operator> operators(FieldType.BooleanType type) {
        return List.of(Operator.EQ);
    }

    public boolean ordered() {
        return false;
    }

    public @Nullable Object coerce(FieldType.BooleanType type, FieldDef field, Object raw, String key) {
        if (raw instanceof Boolean b) return b;
        throw ValueRules.wrong(key, field, "true or false");
    }

    public Object parseInput(FieldType.BooleanType type, String text, String stripped, String key) {
        return switch (stripped.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "checked", "on", "x", "✓" -> Boolean.TRUE;
            case "false", "no", "n", "0", "unchecked", "off" -> Boolean.FALSE;
            default -> throw RowanException.invalid(key, "'" + ValueRules.shorten(stripped) + "' is not yes or no");
        };
    }

    public Object fromCanonicalText(FieldType.BooleanType type, String text) {
        return Boolean.valueOf(text);
    }

    public String sampleText() {
        return "yes";
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.BooleanType type, String text) {
        return java.util.Optional.of(Boolean.parseBoolean(text));
    }
}
