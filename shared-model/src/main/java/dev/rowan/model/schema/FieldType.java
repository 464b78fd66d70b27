package dev.rowan.model.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type of a field with its type-specific settings. The {@link #kind()} is the string the API
 * uses; {@link #config()} is what the API shows as the field's {@code config}.
 */
public sealed interface FieldType {

    String kind();

    default Map<String, Object> config() {
        return Map.of();
    }

    /** Whether values are text that {@code contains}/{@code startsWith} apply to. */
    default boolean textual() {
        return false;
    }

    default boolean numeric() {
        return false;
    }

    record Text() implements FieldType {
        public String kind() { return "text"; }
        public boolean textual() { return true; }
    }

    record LongText() implements FieldType {
        public String kind() { return "long_text"; }
        public boolean textual() { return true; }
    }

    record Url() implements FieldType {
        public String kind() { return "url"; }
        public boolean textual() { return true; }
    }

    record Email() implements FieldType {
        public String kind() { return "email"; }
        public boolean textual() { return true; }
    }

    record Phone() implements FieldType {
        public String kind() { return "phone"; }
        public boolean textual() { return true; }
    }

    /** A number shown and stored with {@code precision} decimal places (0..10). */
    record NumberType(int precision) implements FieldType {
        public String kind() { return "number"; }
        public boolean numeric() { return true; }
        public Map<String, Object> config() { return Map.of("precision", precision); }
    }

    record Currency(String currencyCode, int precision) implements FieldType {
        public String kind() { return "currency"; }
        public boolean numeric() { return true; }
        public Map<String, Object> config() {
            return Map.of("currencyCode", currencyCode, "precision", precision);
        }
    }

    /** A percentage stored as the number shown (50 means 50 %). */
    record Percent(int precision) implements FieldType {
        public String kind() { return "percent"; }
        public boolean numeric() { return true; }
        public Map<String, Object> config() { return Map.of("precision", precision); }
    }

    record DateType(boolean includeTime) implements FieldType {
        public String kind() { return "date"; }
        public Map<String, Object> config() { return Map.of("includeTime", includeTime); }
    }

    record BooleanType() implements FieldType {
        public String kind() { return "boolean"; }
    }

    record Json() implements FieldType {
        public String kind() { return "json"; }
    }

    /** Both select kinds: values travel by label, storage keeps the option id. */
    sealed interface Select extends FieldType permits SingleSelect, MultipleSelect {
        List<SelectOption> options();

        default Optional<SelectOption> byLabel(String label) {
            for (SelectOption o : options()) {
                if (o.label().equals(label)) return Optional.of(o);
            }
            for (SelectOption o : options()) {
                if (o.label().equalsIgnoreCase(label)) return Optional.of(o);
            }
            return Optional.empty();
        }

        default Optional<SelectOption> byId(String id) {
            for (SelectOption o : options()) {
                if (o.id().equals(id)) return Optional.of(o);
            }
            return Optional.empty();
        }

        default Map<String, Object> config() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("options", options().stream().map(SelectOption::toMap).toList());
            return m;
        }
    }

    record SingleSelect(List<SelectOption> options) implements Select {
        public SingleSelect {
            options = List.copyOf(options);
        }

        public String kind() { return "single_select"; }
    }

    record MultipleSelect(List<SelectOption> options) implements Select {
        public MultipleSelect {
            options = List.copyOf(options);
        }

        public String kind() { return "multiple_select"; }
    }
}
