package dev.rowan.desktop.workspace;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text form of a grouped result's figures ({@link GroupSummaries.Acc}) for {@link SavedResults}: every value as
 * its field's canonical text, written only when it reads back equal ({@link #exact}), so a restored result holds the
 * very values the table scan gave. Anything else (a value with no exact text, a malformed payload) makes the result
 * unsavable or unrestorable: it is then read again, never guessed.
 */
final class KeptText {
    private KeptText() {
    }

    /** One group's figures; {@code levels} are the group fields, in level order. */
    static Map<String, Object> write(GroupSummaries.Acc a, List<FieldDef> levels) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<@Nullable Object> key = new ArrayList<>(a.key.size());
        for (int i = 0; i < a.key.size(); i++) key.add(exact(levels.get(i).type(), a.key.get(i)));
        m.put("k", key);
        m.put("n", Long.toString(a.count));
        m.put("l", a.light);
        m.put("f", byId(a.filled, (f, n) -> Long.toString(n)));
        m.put("s", byId(a.sum, (f, d) -> d.toString()));
        m.put("x", byId(a.extreme, (f, v) -> exact(f.type(), v)));
        m.put("u", byId(a.unique, (f, n) -> Long.toString(n)));
        return m;
    }

    /** Reverses {@link #write}; IllegalArgumentException (or a ClassCastException) for anything else. */
    static GroupSummaries.Acc read(Object json, List<FieldDef> levels, Map<FieldDef, Summary> summaries) {
        Map<?, ?> m = (Map<?, ?>) json;
        List<?> keyText = (List<?>) m.get("k");
        if (keyText.size() > levels.size()) throw new IllegalArgumentException("key deeper than the grouping");
        List<@Nullable Object> key = new ArrayList<>(keyText.size());
        for (int i = 0; i < keyText.size(); i++) {
            key.add(FieldValues.fromCanonicalText(levels.get(i).type(), (String) keyText.get(i)));
        }
        GroupSummaries.Acc a = new GroupSummaries.Acc(Collections.unmodifiableList(key), summaries);
        a.count = Long.parseLong((String) m.get("n"));
        a.light = (Boolean) m.get("l");
        Map<String, FieldDef> fields = new HashMap<>();
        for (FieldDef f : summaries.keySet()) fields.put(f.id().toString(), f);
        readInto((Map<?, ?>) m.get("f"), fields, a.filled, (f, v) -> Long.parseLong((String) v));
        readInto((Map<?, ?>) m.get("s"), fields, a.sum, (f, v) -> new BigDecimal((String) v));
        readInto((Map<?, ?>) m.get("x"), fields, a.extreme,
                (f, v) -> v == null ? null : FieldValues.fromCanonicalText(f.type(), (String) v));
        readInto((Map<?, ?>) m.get("u"), fields, a.unique, (f, v) -> Long.parseLong((String) v));
        return a;
    }

    static String json(Object value) {
        return JsonText.write(value);
    }

    static @Nullable Object parse(String text) {
        return JsonText.parse(text);
    }

    /** The value's canonical text when it reads back equal, else IllegalArgumentException. */
    private static @Nullable String exact(FieldType type, @Nullable Object v) {
        if (v == null) return null;
        String s = FieldValues.toCanonicalText(type, v);
        if (!Objects.equals(FieldValues.fromCanonicalText(type, s), v)) {
            throw new IllegalArgumentException("no exact text for a value of " + type.getClass().getSimpleName());
        }
        return s;
    }

    private interface Text<V> {
        @Nullable Object of(FieldDef f, V v);
    }

    private static <V> Map<String, @Nullable Object> byId(Map<FieldDef, V> values, Text<V> text) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        values.forEach((f, v) -> out.put(f.id().toString(), v == null ? null : text.of(f, v)));
        return out;
    }

    private interface Value<V> {
        V of(FieldDef f, @Nullable Object text);
    }

    private static <V> void readInto(Map<?, ?> in, Map<String, FieldDef> fields, Map<FieldDef, V> out, Value<V> value) {
        for (Map.Entry<?, ?> e : in.entrySet()) {
            FieldDef f = fields.get((String) e.getKey());
            if (f == null) throw new IllegalArgumentException("a figure of a field the result does not sum up");
            out.put(f, value.of(f, e.getValue()));
        }
    }
}
