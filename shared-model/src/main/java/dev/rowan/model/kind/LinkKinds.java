package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.view.RecordQuery;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The kinds that read other tables: link (records of another table, kept in a junction table), lookup (a field of
 * the linked records) and rollup (an aggregate of one). None has a column; their values are selected by
 * {@code sql.RecordSql.source} from the junction. Whether the other table exists and may be read is known only
 * where the table is loaded ({@code TableDef.linked}); these descriptors see types, never tables.
 */
final class LinkKinds {
    private static final FieldType TITLE_TYPE = new FieldType.Text();
    private static final FieldType TEXT = new FieldType.Text();
    /** Link values as selected: "<record id> <title>" per linked record, in link order. */
    static final int ID_LENGTH = 36;

    private LinkKinds() {
    }

    static UUID uuid(Map<String, @Nullable Object> config, String key, @Nullable UUID previous) {
        Object raw = config.get(key);
        if (raw == null) {
            if (previous != null) return previous;
            throw RowanException.invalid("config." + key, "A " + key + " is needed");
        }
        return parseUuid(raw, key);
    }

    static @Nullable UUID optionalUuid(Map<String, @Nullable Object> config, String key, @Nullable UUID previous) {
        if (!config.containsKey(key)) return previous;
        Object raw = config.get(key);
        return raw == null ? null : parseUuid(raw, key);
    }

    private static UUID parseUuid(Object raw, String key) {
        if (raw instanceof String s) {
            try {
                return UUID.fromString(s.strip());
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw RowanException.invalid("config." + key, key + " must be an id");
    }

    /** A nested type ({@code {"type": kind, "config": {...}}}) in a config. */
    @SuppressWarnings("unchecked")
    static @Nullable FieldType nestedType(Map<String, @Nullable Object> config, String key) {
        Object raw = config.get(key);
        if (raw == null) return null;
        if (!(raw instanceof Map<?, ?> m) || !(m.get("type") instanceof String kind)) {
            throw RowanException.invalid("config." + key, key + " is {\"type\": …, \"config\": {…}}");
        }
        if (kind.equals("link") || kind.equals("lookup") || kind.equals("rollup")) {
            throw RowanException.invalid("config." + key, key + " cannot be a " + kind);
        }
        Object c = m.get("config");
        Map<String, @Nullable Object> inner = c instanceof Map<?, ?> cm ? (Map<String, @Nullable Object>) cm : Map.of();
        return FieldTypes.parse(kind, new LinkedHashMap<>(inner), null);
    }

    static Map<String, Object> nested(FieldType type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.kind());
        m.put("config", type.config());
        return m;
    }

    /** The title of one selected link value ({@code dev.rowan.model.link.LinkValues} reads the same form). */
    static String linkedTitle(String value) {
        return value.length() > ID_LENGTH ? value.substring(ID_LENGTH + 1) : "";
    }

    // ================================================================ link

    static final class Link implements FieldKind<FieldType.Link> {
        public String kind() {
            return "link";
        }

        /** Sorted by its first linked title, grouped by its whole list. */
        @Override
        public boolean sortsInGroupOrder(FieldType.Link type) {
            return false;
        }

        public List<String> aliases() {
            return List.of("linked_record", "link_to_another_record");
        }

        public Class<FieldType.Link> typeClass() {
            return FieldType.Link.class;
        }

        public FieldType.Link parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            FieldType.Link p = previous instanceof FieldType.Link l ? l : null;
            UUID target = uuid(config, "tableId", p == null ? null : p.targetTable());
            Object one = config.get("limitOne");
            boolean limitOne = one == null ? p != null && p.limitOne() : bool(one, "limitOne");
            UUID inverse = optionalUuid(config, "inverseFieldId", p == null ? null : p.inverseField());
            UUID junction = optionalUuid(config, "junctionId", p == null ? null : p.junction());
            Object fwd = config.get("forward");
            boolean forward = fwd == null ? p == null || p.forward() : bool(fwd, "forward");
            if (p != null && p.junction() != null && (!target.equals(p.targetTable())
                    || !p.junction().equals(junction) || p.forward() != forward)) {
                throw RowanException.invalid("config.tableId", "A link field keeps the table it links to; "
                        + "make a new link field for another table");
            }
            return new FieldType.Link(target, inverse, limitOne, junction, forward);
        }

        private static boolean bool(Object raw, String key) {
            if (raw instanceof Boolean b) return b;
            throw RowanException.invalid("config." + key, key + " is true or false");
        }

        public Map<String, Object> config(FieldType.Link type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tableId", type.targetTable().toString());
            m.put("limitOne", type.limitOne());
            if (type.inverseField() != null) m.put("inverseFieldId", type.inverseField().toString());
            if (type.junction() != null) m.put("junctionId", type.junction().toString());
            m.put("forward", type.forward());
            return m;
        }

        public FieldType.Link example() {
            return new FieldType.Link(UUID.fromString("00000000-0000-4000-8000-00000000a001"), null, false, null,
                    true);
        }

        public StorageClass storage(FieldType.Link type) {
            return new StorageClass.Computed(StorageClass.TEXT_ARRAY);
        }

        public List<Operator> operators(FieldType.Link type) {
            return List.of(Operator.HAS_ANY_OF, Operator.HAS_NONE_OF, Operator.IS_NULL, Operator.IS_NOT_NULL,
                    Operator.CONTAINS);
        }

        public boolean computed() {
            return true;
        }

        /** A link sorts by its first linked title. */
        public FieldType valueType(FieldType.Link type) {
            return TITLE_TYPE;
        }

        public String refusal(FieldDef field) {
            return field.name() + " is computed from its links: write it as a list of record ids";
        }

        public boolean indexable() {
            return false;
        }

        public boolean ordered() {
            return false;
        }

        public @Nullable Object coerce(FieldType.Link type, FieldDef field, Object raw, String key) {
            throw RowanException.invalid(key, field.name() + " is computed from its links: write it as a list of record ids");
        }

        /** {@code [{id, title}]}. */
        public @Nullable Object toApi(FieldType.Link type, Object value) {
            if (!(value instanceof List<?> l)) return value;
            List<Map<String, Object>> out = new ArrayList<>(l.size());
            for (Object o : l) {
                String s = String.valueOf(o);
                if (s.length() < ID_LENGTH) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.substring(0, ID_LENGTH));
                m.put("title", linkedTitle(s));
                out.add(m);
            }
            return out;
        }

        public String formatText(FieldType.Link type, Object value) {
            if (!(value instanceof List<?> l)) return String.valueOf(value);
            return String.join(", ", l.stream().map(String::valueOf).filter(o -> o.length() >= ID_LENGTH)
                    .map(LinkKinds::linkedTitle).toList());
        }

        public @Nullable Object parseInput(FieldType.Link type, String text, String stripped, String key) {
            throw RowanException.invalid(key, "A link field is computed from its links; pick records to link");
        }

        /** Sorting by a link sorts by the title of its first linked record: that is its cursor text. */
        public String canonicalText(FieldType.Link type, Object value) {
            if (value instanceof List<?> l) return l.isEmpty() ? "" : linkedTitle(String.valueOf(l.getFirst()));
            return value.toString();
        }

        public String sampleText() {
            return "Acme";
        }

        public boolean keepsValues(FieldType.Link from, FieldType.Link to) {
            return true;
        }
    }

    // ================================================================ lookup

    static final class Lookup implements FieldKind<FieldType.Lookup> {
        public String kind() {
            return "lookup";
        }

        public Class<FieldType.Lookup> typeClass() {
            return FieldType.Lookup.class;
        }

        public FieldType.Lookup parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            FieldType.Lookup p = previous instanceof FieldType.Lookup l ? l : null;
            UUID link = uuid(config, "linkFieldId", p == null ? null : p.linkField());
            UUID target = uuid(config, "targetFieldId", p == null ? null : p.targetField());
            FieldType value = nestedType(config, "valueType");
            if (value == null) value = p == null ? TEXT : p.valueType();
            return new FieldType.Lookup(link, target, value);
        }

        public Map<String, Object> config(FieldType.Lookup type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("linkFieldId", type.linkField().toString());
            m.put("targetFieldId", type.targetField().toString());
            m.put("valueType", nested(type.valueType()));
            return m;
        }

        public FieldType.Lookup example() {
            return new FieldType.Lookup(UUID.fromString("00000000-0000-4000-8000-00000000a002"),
                    UUID.fromString("00000000-0000-4000-8000-00000000a003"), TEXT);
        }

        public StorageClass storage(FieldType.Lookup type) {
            return new StorageClass.Computed(StorageClass.TEXT_ARRAY);
        }

        public List<Operator> operators(FieldType.Lookup type) {
            return List.of(Operator.IS_NULL, Operator.IS_NOT_NULL);
        }

        public boolean computed() {
            return true;
        }

        /** A lookup compares as text, only for emptiness. */
        public FieldType valueType(FieldType.Lookup type) {
            return TITLE_TYPE;
        }

        /** A lookup shows the looked-up field's values in that field's format. */
        public FieldType shownType(FieldType.Lookup type) {
            return type.valueType();
        }

        public String refusal(FieldDef field) {
            return field.name() + " is computed from linked records and cannot be written";
        }

        public boolean sortable() {
            return false;
        }

        public boolean indexable() {
            return false;
        }

        public boolean ordered() {
            return false;
        }

        public @Nullable Object coerce(FieldType.Lookup type, FieldDef field, Object raw, String key) {
            throw RowanException.invalid(key, field.name() + " is computed from linked records and cannot be written");
        }

        /** A lookup's value as values of the looked-up field's type (elements that do not read are left out). */
        static List<Object> elements(FieldType.Lookup type, @Nullable Object value) {
            if (!(value instanceof List<?> l)) return List.of();
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                Object v = element(type.valueType(), String.valueOf(o));
                if (v != null) out.add(v);
            }
            return out;
        }

        /** One element as selected (the target's canonical text) as a value of the target's type. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        static @Nullable Object element(FieldType valueType, String text) {
            FieldKind k = FieldKinds.of(valueType);
            try {
                if (valueType instanceof FieldType.BooleanType) return Boolean.parseBoolean(text);
                if (valueType.numeric()) return new BigDecimal(text);
                return k.fromCanonicalText(valueType, text);
            } catch (RuntimeException e) {
                return text;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public @Nullable Object toApi(FieldType.Lookup type, Object value) {
            if (!(value instanceof List<?> l)) return value;
            FieldKind k = FieldKinds.of(type.valueType());
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                Object v = element(type.valueType(), String.valueOf(o));
                if (v instanceof BigDecimal d) out.add(d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
                else if (v != null) out.add(k.toApi(type.valueType(), v));
            }
            return out;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public String formatText(FieldType.Lookup type, Object value) {
            if (!(value instanceof List<?> l)) return String.valueOf(value);
            FieldKind k = FieldKinds.of(type.valueType());
            List<String> out = new ArrayList<>(l.size());
            for (Object o : l) {
                Object v = element(type.valueType(), String.valueOf(o));
                if (v != null) out.add(k.formatText(type.valueType(), v));
            }
            return String.join(", ", out);
        }

        public @Nullable Object parseInput(FieldType.Lookup type, String text, String stripped, String key) {
            throw RowanException.invalid(key, "A lookup is computed from linked records and cannot be written");
        }

        public String sampleText() {
            return "Acme";
        }

        public boolean keepsValues(FieldType.Lookup from, FieldType.Lookup to) {
            return true;
        }
    }

    // ================================================================ rollup

    static final class Rollup implements FieldKind<FieldType.Rollup> {
        public String kind() {
            return "rollup";
        }

        public Class<FieldType.Rollup> typeClass() {
            return FieldType.Rollup.class;
        }

        public FieldType.Rollup parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            FieldType.Rollup p = previous instanceof FieldType.Rollup r ? r : null;
            UUID link = uuid(config, "linkFieldId", p == null ? null : p.linkField());
            UUID target = uuid(config, "targetFieldId", p == null ? null : p.targetField());
            RollupFunction fn;
            Object rawFn = config.get("function");
            if (rawFn == null) {
                fn = p == null ? RollupFunction.COUNT_ALL : p.function();
            } else if (rawFn instanceof String s) {
                fn = RollupFunction.fromApi(s).orElseThrow(() -> RowanException.invalid("config.function",
                        "Unknown rollup function; use one of " + java.util.Arrays.stream(RollupFunction.values())
                                .map(RollupFunction::api).toList()));
            } else {
                throw RowanException.invalid("config.function", "function is a name such as sum");
            }
            Filter filter = p == null ? null : p.filter();
            if (config.containsKey("filter")) {
                Object f = config.get("filter");
                try {
                    filter = f == null ? null : QueryParser.parseFilter(f);
                } catch (RowanException e) {
                    throw RowanException.invalid("config.filter", e.getMessage());
                }
            }
            FieldType result = nestedType(config, "resultType");
            if (result == null) result = p == null || p.function() != fn ? defaultResult(fn) : p.resultType();
            return new FieldType.Rollup(link, target, fn, filter, result);
        }

        /** The result type of a function when the target's type is not known (yet). */
        static FieldType defaultResult(RollupFunction fn) {
            return switch (fn) {
                case COUNT, COUNT_ALL, COUNT_EMPTY, UNIQUE_COUNT -> new FieldType.NumberType(0);
                case SUM, AVG, MIN, MAX -> new FieldType.NumberType(10);
                case EARLIEST, LATEST -> new FieldType.DateType(true);
                case CONCAT -> TEXT;
                case AND, OR -> new FieldType.BooleanType();
            };
        }

        public Map<String, Object> config(FieldType.Rollup type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("linkFieldId", type.linkField().toString());
            m.put("targetFieldId", type.targetField().toString());
            m.put("function", type.function().api());
            if (type.filter() != null) m.put("filter", RecordQuery.filterTree(type.filter()));
            m.put("resultType", nested(type.resultType()));
            return m;
        }

        public FieldType.Rollup example() {
            return new FieldType.Rollup(UUID.fromString("00000000-0000-4000-8000-00000000a002"),
                    UUID.fromString("00000000-0000-4000-8000-00000000a004"), RollupFunction.SUM, null,
                    new FieldType.NumberType(10));
        }

        public StorageClass storage(FieldType.Rollup type) {
            return new StorageClass.Computed(FieldKinds.storage(type.resultType()));
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public List<Operator> operators(FieldType.Rollup type) {
            return ((FieldKind) FieldKinds.of(type.resultType())).operators(type.resultType());
        }

        public boolean computed() {
            return true;
        }

        public FieldType valueType(FieldType.Rollup type) {
            return type.resultType();
        }

        public String refusal(FieldDef field) {
            return field.name() + " is computed from linked records and cannot be written";
        }

        public boolean indexable() {
            return false;
        }

        public @Nullable Object coerce(FieldType.Rollup type, FieldDef field, Object raw, String key) {
            throw RowanException.invalid(key, field.name() + " is computed from linked records and cannot be written");
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public @Nullable Object toApi(FieldType.Rollup type, Object value) {
            if (value instanceof BigDecimal d) return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            return ((FieldKind) FieldKinds.of(type.resultType())).toApi(type.resultType(), value);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public String formatText(FieldType.Rollup type, Object value) {
            if (value instanceof BigDecimal d) {
                return (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()).toPlainString();
            }
            return ((FieldKind) FieldKinds.of(type.resultType())).formatText(type.resultType(), value);
        }

        public @Nullable Object parseInput(FieldType.Rollup type, String text, String stripped, String key) {
            throw RowanException.invalid(key, "A rollup is computed from linked records and cannot be written");
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public String canonicalText(FieldType.Rollup type, Object value) {
            return ((FieldKind) FieldKinds.of(type.resultType())).canonicalText(type.resultType(), value);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object fromCanonicalText(FieldType.Rollup type, String text) {
            return ((FieldKind) FieldKinds.of(type.resultType())).fromCanonicalText(type.resultType(), text);
        }

        public String sampleText() {
            return "3";
        }

        public boolean keepsValues(FieldType.Rollup from, FieldType.Rollup to) {
            return true;
        }
    }
}
