package dev.rowan.model.schema;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Builds a {@link FieldType} from its API kind string and config map. */
public final class FieldTypes {
    public static final List<String> KINDS = List.of("text", "long_text", "number", "currency", "percent", "date",
            "single_select", "multiple_select", "boolean", "url", "email", "phone", "json");
    public static final List<String> COLORS = List.of("gray", "red", "orange", "yellow", "green", "teal", "blue",
            "purple", "pink", "brown");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COLOR = Pattern.compile("[a-z]{3,12}|#[0-9a-fA-F]{6}");

    private FieldTypes() {
    }

    /**
     * @param previous the type before a change, so select options keep their ids when the kind stays a select
     */
    public static FieldType parse(String kind, Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        String k = kind.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "text", "single_line_text" -> new FieldType.Text();
            case "long_text" -> new FieldType.LongText();
            case "number" -> new FieldType.NumberType(precision(config, previous, 0));
            case "currency" -> new FieldType.Currency(currency(config, previous), precision(config, previous, 2));
            case "percent" -> new FieldType.Percent(precision(config, previous, 0));
            case "date" -> new FieldType.DateType(includeTime(config, previous));
            case "single_select" -> new FieldType.SingleSelect(options(config, previous));
            case "multiple_select" -> new FieldType.MultipleSelect(options(config, previous));
            case "boolean", "switch", "checkbox" -> new FieldType.BooleanType();
            case "url" -> new FieldType.Url();
            case "email" -> new FieldType.Email();
            case "phone" -> new FieldType.Phone();
            case "json" -> new FieldType.Json();
            default -> throw RowanException.invalid("type", "Unknown field type '" + shorten(kind) + "'; use one of "
                    + KINDS);
        };
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static int precision(Map<String, @Nullable Object> config, @Nullable FieldType previous, int dflt) {
        Object p = config.get("precision");
        if (p == null) {
            return switch (previous) {
                case FieldType.NumberType n -> n.precision();
                case FieldType.Currency c -> c.precision();
                case FieldType.Percent pc -> pc.precision();
                case null, default -> dflt;
            };
        }
        // range-check the double: intValue() of 4294967297 wraps around to 1
        if (p instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() <= 10) {
            return n.intValue();
        }
        throw RowanException.invalid("config.precision", "precision must be a whole number from 0 to 10");
    }

    private static String currency(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object c = config.get("currencyCode");
        if (c == null) {
            return previous instanceof FieldType.Currency cur ? cur.currencyCode() : "USD";
        }
        if (c instanceof String s && CURRENCY.matcher(s.toUpperCase(Locale.ROOT)).matches()) {
            return s.toUpperCase(Locale.ROOT);
        }
        throw RowanException.invalid("config.currencyCode", "currencyCode must be a three-letter ISO 4217 code such as EUR");
    }

    private static boolean includeTime(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object t = config.get("includeTime");
        if (t == null) {
            return previous instanceof FieldType.DateType d && d.includeTime();
        }
        if (t instanceof Boolean b) return b;
        throw RowanException.invalid("config.includeTime", "includeTime must be true or false");
    }

    private static List<SelectOption> options(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object raw = config.get("options");
        List<SelectOption> prior = previous instanceof FieldType.Select s ? s.options() : List.of();
        if (raw == null) return prior;
        if (!(raw instanceof List<?> list)) {
            throw RowanException.invalid("config.options", "options must be a list");
        }
        if (list.size() > FieldSpec.MAX_OPTIONS) {
            throw RowanException.invalid("config.options", "at most " + FieldSpec.MAX_OPTIONS + " options");
        }
        List<SelectOption> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (Object o : list) {
            String id = null;
            String label;
            String color = null;
            if (o instanceof String s) {
                label = s;
            } else if (o instanceof Map<?, ?> m) {
                if (!(m.get("label") instanceof String l)) {
                    throw RowanException.invalid("config.options[" + i + "].label", "each option needs a text label");
                }
                label = l;
                if (m.get("id") != null) {
                    if (!(m.get("id") instanceof String s) || s.isBlank() || s.length() > 64) {
                        throw RowanException.invalid("config.options[" + i + "].id", "option id must be text");
                    }
                    id = s;
                }
                if (m.get("color") != null) {
                    if (!(m.get("color") instanceof String c) || !COLOR.matcher(c).matches()) {
                        throw RowanException.invalid("config.options[" + i + "].color",
                                "color must be a name like 'blue' or a hex color like #3366ff");
                    }
                    color = c;
                }
            } else {
                throw RowanException.invalid("config.options[" + i + "]", "an option is a label or {id,label,color}");
            }
            label = label.strip();
            String why = dev.rowan.model.json.TextRules.problem(label);
            if (why != null) throw RowanException.invalid("config.options[" + i + "].label", "option label " + why);
            if (label.isEmpty() || label.length() > 200) {
                throw RowanException.invalid("config.options[" + i + "].label", "option labels must be 1 to 200 characters");
            }
            if (!labels.add(label.toLowerCase(Locale.ROOT))) {
                throw RowanException.invalid("config.options[" + i + "].label", "option label '" + label
                        + "' appears twice");
            }
            if (id == null) {
                // keep the id of an existing option with this label so a resent list does not orphan values
                for (SelectOption p : prior) {
                    if (p.label().equalsIgnoreCase(label) && !ids.contains(p.id())) {
                        id = p.id();
                        break;
                    }
                }
            }
            if (id == null) {
                id = "opt" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            }
            if (!ids.add(id)) {
                throw RowanException.invalid("config.options[" + i + "].id", "option id '" + id + "' appears twice");
            }
            if (color == null) color = COLORS.get(i % COLORS.size());
            out.add(new SelectOption(id, label, color));
            i++;
        }
        return out;
    }
}
