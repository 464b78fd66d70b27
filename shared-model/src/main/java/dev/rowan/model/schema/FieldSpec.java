package dev.rowan.model.schema;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.PatternCache;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a field definition from the API's JSON shape
 * ({@code {"name","type","required","unique","indexed","defaultValue","validation","description","config"}})
 * with the same rules on client and server.
 */
public final class FieldSpec {
    public static final int MAX_NAME = 100;
    public static final int MAX_OPTIONS = 1000;
    private static final Set<String> KNOWN_KEYS = Set.of("id", "name", "type", "required", "unique", "indexed",
            "defaultValue", "validation", "description", "config", "options", "precision", "currencyCode",
            "includeTime", "position");

    private FieldSpec() {
    }

    /** Checks a display name of a table, field, app or folder; returns it trimmed. */
    public static String checkName(String what, @Nullable Object raw) {
        if (!(raw instanceof String s)) {
            throw RowanException.invalid("name", what + " name is required and must be text");
        }
        String name = s.strip();
        if (name.isEmpty()) {
            throw RowanException.invalid("name", what + " name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw RowanException.invalid("name", what + " name must be at most " + MAX_NAME + " characters");
        }
        String why = TextRules.problem(name);
        if (why != null) throw RowanException.invalid("name", what + " name " + why);
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw RowanException.invalid("name", what + " name must not contain control characters");
            }
        }
        return name;
    }

    /** Parses a new field. {@code id} is taken from the spec when given (clients make ids offline). */
    public static FieldDef parseNew(Map<String, @Nullable Object> spec, int position) {
        rejectUnknownKeys(spec);
        UUID id = spec.get("id") == null ? UUID.randomUUID() : uuid("id", spec.get("id"));
        String name = checkName("Field", spec.get("name"));
        Object typeRaw = spec.get("type");
        if (!(typeRaw instanceof String kind)) {
            throw RowanException.invalid("type", "Field type is required, one of " + FieldTypes.KINDS);
        }
        FieldType type = FieldTypes.parse(kind, config(spec), null);
        return finish(id, name, type, spec, position, null);
    }

    /**
     * Applies a PATCH to an existing field: any of name, type, config and options. Returns the new definition;
     * the caller decides how data follows a type change.
     */
    public static FieldDef parsePatch(FieldDef current, Map<String, @Nullable Object> patch) {
        rejectUnknownKeys(patch);
        String name = patch.containsKey("name") ? checkName("Field", patch.get("name")) : current.name();
        FieldType type = current.type();
        Map<String, @Nullable Object> config = config(patch);
        if (patch.containsKey("type") || !config.isEmpty()) {
            Object kindRaw = patch.getOrDefault("type", current.type().kind());
            if (!(kindRaw instanceof String kind)) {
                throw RowanException.invalid("type", "Field type must be one of " + FieldTypes.KINDS);
            }
            type = FieldTypes.parse(kind, config, current.type());
        }
        return finish(current.id(), name, type, patch, current.position(), current);
    }

    private static FieldDef finish(UUID id, String name, FieldType type, Map<String, @Nullable Object> spec,
                                   int position, @Nullable FieldDef current) {
        boolean required = bool(spec, "required", current != null && current.required());
        boolean unique = bool(spec, "unique", current != null && current.unique());
        boolean indexed = bool(spec, "indexed", current != null && current.indexed());
        if (unique && !FieldKinds.of(type).indexable()) {
            throw RowanException.invalid("unique", "A " + type.kind() + " field cannot be unique");
        }
        Validation validation = spec.containsKey("validation")
                ? validation(spec.get("validation"))
                : current != null ? current.validation() : Validation.NONE;
        String description = current == null ? null : current.description();
        if (spec.containsKey("description")) {
            Object d = spec.get("description");
            if (d != null && !(d instanceof String)) {
                throw RowanException.invalid("description", "Description must be text");
            }
            description = (String) d;
            if (description != null && !TextRules.ok(description)) {
                throw RowanException.invalid("description", "Description " + TextRules.problem(description));
            }
            if (description != null && description.length() > 10_000) {
                throw RowanException.invalid("description", "Description must be at most 10000 characters");
            }
        }
        FieldDef def = new FieldDef(id, name, type, required, unique, indexed, null, validation, description, false,
                position);
        Object defaultValue = null;
        if (spec.containsKey("defaultValue")) {
            Object raw = spec.get("defaultValue");
            defaultValue = raw == null ? null : FieldValues.coerce(def, raw, "defaultValue");
        } else if (current != null && current.type().equals(type)) {
            defaultValue = current.defaultValue();
        }
        // a patch (e.g. a rename offline) must not bring a removed field back
        boolean hidden = current != null && current.hidden();
        return new FieldDef(id, name, type, required, unique, indexed, defaultValue, validation, description, hidden,
                position);
    }

    private static void rejectUnknownKeys(Map<String, @Nullable Object> spec) {
        List<FieldError> errors = new ArrayList<>();
        for (String k : spec.keySet()) {
            if (!KNOWN_KEYS.contains(k)) {
                errors.add(new FieldError(k, "Unknown property '" + k + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw RowanException.invalid("Unknown properties in the field definition", errors);
        }
    }

    /** Type settings may sit in {@code config} or at the top level; {@code config} wins. */
    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> config(Map<String, @Nullable Object> spec) {
        Map<String, @Nullable Object> c = new java.util.LinkedHashMap<>();
        for (String k : List.of("options", "precision", "currencyCode", "includeTime")) {
            if (spec.containsKey(k)) c.put(k, spec.get(k));
        }
        Object config = spec.get("config");
        if (config instanceof Map<?, ?> m) {
            c.putAll((Map<String, @Nullable Object>) m);
        } else if (config != null) {
            throw RowanException.invalid("config", "config must be an object");
        }
        return c;
    }

    private static boolean bool(Map<String, @Nullable Object> spec, String key, boolean dflt) {
        if (!spec.containsKey(key) || spec.get(key) == null) return dflt;
        if (spec.get(key) instanceof Boolean b) return b;
        throw RowanException.invalid(key, key + " must be true or false");
    }

    private static UUID uuid(String key, @Nullable Object raw) {
        if (raw instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw RowanException.invalid(key, key + " must be a UUID");
    }

    @SuppressWarnings("unchecked")
    private static Validation validation(@Nullable Object raw) {
        if (raw == null) return Validation.NONE;
        if (!(raw instanceof Map<?, ?> m)) {
            throw RowanException.invalid("validation", "validation must be an object");
        }
        Map<String, Object> v = (Map<String, Object>) m;
        for (String k : v.keySet()) {
            if (!Set.of("min", "max", "minLength", "maxLength", "pattern").contains(k)) {
                throw RowanException.invalid("validation." + k, "Unknown validation rule '" + k + "'");
            }
        }
        BigDecimal min = decimal(v, "min");
        BigDecimal max = decimal(v, "max");
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw RowanException.invalid("validation", "validation.min must not be greater than validation.max");
        }
        Integer minLength = length(v, "minLength");
        Integer maxLength = length(v, "maxLength");
        if (minLength != null && maxLength != null && minLength > maxLength) {
            throw RowanException.invalid("validation", "minLength must not be greater than maxLength");
        }
        String pattern = null;
        if (v.get("pattern") != null) {
            if (!(v.get("pattern") instanceof String p) || p.length() > 500) {
                throw RowanException.invalid("validation.pattern", "pattern must be a regular expression of at most 500 characters");
            }
            String why = TextRules.problem(p);
            if (why != null) throw RowanException.invalid("validation.pattern", "pattern " + why);
            try {
                // RE2 syntax, run in linear time: what it cannot express (backreferences, lookaround) is refused
                // here rather than accepted and run by a backtracking engine
                PatternCache.get(p);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw RowanException.invalid("validation.pattern", "pattern is not a regular expression Rowan can "
                        + "check (RE2 syntax: no backreferences, lookahead or lookbehind): " + e.getDescription());
            }
            pattern = p;
        }
        return new Validation(min, max, minLength, maxLength, pattern);
    }

    private static @Nullable BigDecimal decimal(Map<String, Object> v, String k) {
        Object o = v.get(k);
        if (o == null) return null;
        if (o instanceof Number n) return new BigDecimal(n.toString());
        throw RowanException.invalid("validation." + k, k + " must be a number");
    }

    private static @Nullable Integer length(Map<String, Object> v, String k) {
        Object o = v.get(k);
        if (o == null) return null;
        if (o instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1_000_000
                && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw RowanException.invalid("validation." + k, k + " must be a whole number from 0 to 1000000");
    }

    /** Field names are unique within a table, ignoring case. */
    public static void checkUniqueNames(List<FieldDef> fields) {
        Set<String> seen = new HashSet<>();
        for (FieldDef f : fields) {
            if (f.hidden()) continue;
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                throw RowanException.duplicateName("A field named '" + f.name()
                        + "' already exists in this table; field names are unique ignoring case",
                        List.of(new FieldError("name", "already used")));
            }
        }
    }
}
