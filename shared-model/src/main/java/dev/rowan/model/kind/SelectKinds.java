package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.rowan.model.query.Operator.CONTAINS;
import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.IN;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.NE;
import static dev.rowan.model.query.Operator.NOT_CONTAINS;
import static dev.rowan.model.query.Operator.NOT_IN;

/** Single and multiple select: values travel by option label, storage keeps option ids. */
public final class SelectKinds {
    public static final List<String> COLORS = List.of("gray", "red", "orange", "yellow", "green", "teal", "blue",
            "purple", "pink", "brown");
    private static final Pattern COLOR = Pattern.compile("[a-z]{3,12}|#[0-9a-fA-F]{6}");
    private static final List<SelectOption> EXAMPLE_OPTIONS = List.of(new SelectOption("optTodo", "To do", "gray"),
            new SelectOption("optDoing", "Doing", "blue"), new SelectOption("optDone", "Done", "green"));

    private SelectKinds() {
    }

    static Map<String, Object> config(FieldType.Select type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("options", type.options().stream().map(SelectOption::toMap).toList());
        return m;
    }

    static SelectOption option(@Nullable SelectOption o, String label, FieldType.Select s, String key, FieldDef field) {
        if (o != null) return o;
        String shown = label.length() > 60 ? label.substring(0, 60) + "…" : label;
        throw RowanException.invalid(key, "'" + shown + "' is not an option of " + field.name() + "; options are "
                + s.options().stream().map(SelectOption::label).toList());
    }

    static final class Single implements FieldKind<FieldType.SingleSelect> {
        public String kind() {
            return "single_select";
        }

        /** A group key holds the option's id; the filter matches the option's label. */
        @Override
        public java.util.Optional<Object> groupKeyValue(FieldType.SingleSelect type, String text) {
            return type.byId(text).map(o -> (Object) o.label());
        }

        public Class<FieldType.SingleSelect> typeClass() {
            return FieldType.SingleSelect.class;
        }

        public FieldType.SingleSelect parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            return new FieldType.SingleSelect(options(config, previous));
        }

        public Map<String, Object> config(FieldType.SingleSelect type) {
            return SelectKinds.config(type);
        }

        public FieldType.SingleSelect example() {
            return new FieldType.SingleSelect(EXAMPLE_OPTIONS);
        }

        public StorageClass storage(FieldType.SingleSelect type) {
            return StorageClass.TEXT;
        }

        public List<Operator> operators(FieldType.SingleSelect type) {
            return List.of(EQ, NE, IN, NOT_IN, IS_NULL, IS_NOT_NULL);
        }

        /** Sorting follows the options' order, but gt/lt compare nothing a person sees. */
        public boolean ordered() {
            return false;
        }

        public @Nullable Object coerce(FieldType.SingleSelect type, FieldDef field, Object raw, String key) {
            if (!(raw instanceof String label)) throw ValueRules.wrong(key, field, "an option label as text");
            if (label.isEmpty()) return null;
            return option(type.byLabel(label).orElse(null), label, type, key, field).id();
        }

        public @Nullable Object toApi(FieldType.SingleSelect type, Object value) {
            return type.byId((String) value).map(SelectOption::label).orElse(null);
        }

        public String sampleText() {
            return "doing";
        }
    }

    static final class Multiple implements FieldKind<FieldType.MultipleSelect> {
        /** A record with several options is listed under each of them. */
        public boolean groupsByEachValue(FieldType.MultipleSelect type) {
            return true;
        }

        public String kind() {
            return "multiple_select";
        }

        public Class<FieldType.MultipleSelect> typeClass() {
            return FieldType.MultipleSelect.class;
        }

        public FieldType.MultipleSelect parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            return new FieldType.MultipleSelect(options(config, previous));
        }

        public Map<String, Object> config(FieldType.MultipleSelect type) {
            return SelectKinds.config(type);
        }

        public FieldType.MultipleSelect example() {
            return new FieldType.MultipleSelect(EXAMPLE_OPTIONS);
        }

        public StorageClass storage(FieldType.MultipleSelect type) {
            return StorageClass.TEXT_ARRAY;
        }

        public List<Operator> operators(FieldType.MultipleSelect type) {
            return List.of(CONTAINS, NOT_CONTAINS, IN, NOT_IN, IS_NULL, IS_NOT_NULL);
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

        public @Nullable Object coerce(FieldType.MultipleSelect type, FieldDef field, Object raw, String key) {
            if (!(raw instanceof List<?> list)) throw ValueRules.wrong(key, field, "a list of option labels");
            LinkedHashSet<String> ids = new LinkedHashSet<>();
            for (Object o : list) {
                if (!(o instanceof String label)) throw ValueRules.wrong(key, field, "a list of option labels");
                ids.add(option(type.byLabel(label).orElse(null), label, type, key, field).id());
            }
            return ids.isEmpty() ? null : List.copyOf(ids);
        }

        public Object toApi(FieldType.MultipleSelect type, Object value) {
            List<String> labels = new ArrayList<>();
            for (Object id : (List<?>) value) {
                type.byId((String) id).ifPresent(o -> labels.add(o.label()));
            }
            return labels;
        }

        @SuppressWarnings("unchecked")
        public String formatText(FieldType.MultipleSelect type, Object value) {
            return String.join(", ", (List<String>) toApi(type, value));
        }

        /** "a, b" picks two options. */
        public Object parseInput(FieldType.MultipleSelect type, String text, String stripped, String key) {
            List<String> labels = new ArrayList<>();
            for (String part : stripped.split(",")) {
                if (!part.isBlank()) labels.add(part.strip());
            }
            return labels;
        }

        public String canonicalText(FieldType.MultipleSelect type, Object value) {
            return JsonText.write(value);
        }

        public Object fromCanonicalText(FieldType.MultipleSelect type, String text) {
            Object v = JsonText.parse(text);
            if (v == null) throw new IllegalArgumentException("not a list");
            return v;
        }

        public String sampleText() {
            return "Done, to do";
        }
    }

    /** The options of a select config, keeping the ids of {@code previous}'s options with the same labels. */
    static List<SelectOption> options(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
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
            String why = TextRules.problem(label);
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
