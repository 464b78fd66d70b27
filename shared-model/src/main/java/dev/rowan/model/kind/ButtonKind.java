package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A button: a label, and a formula that builds the URL it opens. Computed (no column, writes refused): its value is
 * the URL, a formula of text result compiled by {@code formula.FormulaFields} (which resolves field names to ids when
 * the field is saved, as for a formula field). Filters and sorts see the URL as text. The desktop opens only
 * http, https and mailto URLs ({@link #opens}).
 */
public final class ButtonKind implements FieldKind<FieldType.Button> {
    static final int MAX_LABEL = 60;
    private static final FieldType.Text TEXT = new FieldType.Text();

    public String kind() {
        return "button";
    }

    public Class<FieldType.Button> typeClass() {
        return FieldType.Button.class;
    }

    public FieldType.Button parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        FieldType.Button before = previous instanceof FieldType.Button b ? b : null;
        Object l = config.get("label");
        String label;
        if (l == null) {
            label = before == null ? "Open" : before.label();
        } else if (l instanceof String s && !s.isBlank() && s.strip().length() <= MAX_LABEL && TextRules.ok(s)
                && s.chars().noneMatch(Character::isISOControl)) {
            label = s.strip();
        } else {
            throw RowanException.invalid("config.label", "A button's label is text of 1 to " + MAX_LABEL
                    + " characters on one line");
        }
        Object f = config.get("formula");
        if (f == null && before != null) return new FieldType.Button(label, before.formula());
        if (!(f instanceof String text) || text.isBlank()) {
            throw RowanException.invalid("config.formula",
                    "A button needs the formula of its URL, e.g. \"https://example.com/search?q=\" & {Name}");
        }
        if (text.length() > FormulaKind.MAX_FORMULA) {
            throw RowanException.invalid("config.formula", "A formula has at most " + FormulaKind.MAX_FORMULA
                    + " characters");
        }
        return new FieldType.Button(label, text);
    }

    public Map<String, Object> config(FieldType.Button type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", type.label());
        m.put("formula", type.formula());
        return m;
    }

    public FieldType.Button example() {
        return new FieldType.Button("Open", "\"https://example.com\"");
    }

    public StorageClass storage(FieldType.Button type) {
        return new StorageClass.Computed(StorageClass.TEXT);
    }

    public List<Operator> operators(FieldType.Button type) {
        return TextualKind.OPERATORS;
    }

    public boolean textual() {
        return true;
    }

    public boolean computed() {
        return true;
    }

    public boolean indexable() {
        return false;
    }

    public FieldType valueType(FieldType.Button type) {
        return TEXT;
    }

    public String refusal(FieldDef field) {
        return field.name() + " is computed: a button's URL comes from its formula and cannot be written";
    }

    public @Nullable Object coerce(FieldType.Button type, FieldDef field, Object raw, String key) {
        throw RowanException.invalid(key, refusal(field));
    }

    public @Nullable Object parseInput(FieldType.Button type, String text, String stripped, String key) {
        throw RowanException.invalid(key, "A button is computed and cannot be written");
    }

    public String sampleText() {
        return "https://example.com/search?q=rowan";
    }

    /**
     * Whether a URL a button computed may be opened: http, https or mailto with something after the scheme (never
     * file:, javascript: or an application's own scheme, whatever a formula builds from record values).
     */
    public static boolean opens(@Nullable String url) {
        if (url == null) return false;
        String u = url.strip().toLowerCase(Locale.ROOT);
        return (u.startsWith("https://") && u.length() > 8) || (u.startsWith("http://") && u.length() > 7)
                || (u.startsWith("mailto:") && u.length() > 7);
    }
}
