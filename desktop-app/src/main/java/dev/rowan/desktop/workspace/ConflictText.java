package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A conflict's value (API JSON) as a person reads it on the conflicts screen, for every kind: attachments as their
 * file names, links as the linked records' titles (from the server's {@code {id, title}} or, for ids this desktop
 * sent, the titles of its own copies), a link change as what it adds and removes, a list of members or other
 * objects by name; everything else as its kind formats it (a duration as 1:30). Never raw JSON for these kinds.
 */
final class ConflictText {
    private static final List<String> NAME_KEYS = List.of("title", "name", "email", "id");

    private ConflictText() {
    }

    static String of(@Nullable FieldDef field, @Nullable Object apiValue, Map<UUID, String> titles) {
        if (apiValue == null || "".equals(apiValue)) return "(empty)";
        if (apiValue instanceof List<?> l && l.isEmpty()) return "(empty)";
        if (field != null && field.type() instanceof FieldType.Link) return link(apiValue, titles);
        if (field != null && field.type() instanceof FieldType.Attachment) return files(apiValue);
        if (!(field != null && field.type() instanceof FieldType.Json) && apiValue instanceof List<?> l
                && l.stream().anyMatch(x -> x instanceof Map<?, ?>)) {
            return named(l, titles); // members and other objects of kinds without a text of their own
        }
        if (field != null) {
            try {
                Object v = FieldValues.fromApi(field, apiValue);
                if (v != null) return FieldValues.formatText(field.type(), v);
            } catch (RuntimeException e) {
                // not a value of the field's kind: shown as it is
            }
        }
        return Conflicts.Conflict.text(apiValue);
    }

    /** The ids a link value names (strings or {@code {id}} objects, also inside {@code {add, remove}}). */
    static void linkIds(@Nullable Object apiValue, Set<UUID> out) {
        if (apiValue instanceof Map<?, ?> m) {
            Object id = m.get("id");
            if (id != null) uuid(id).ifPresent(out::add);
            for (String k : List.of("add", "remove")) if (m.get(k) instanceof Collection<?> c) for (Object o : c) linkIds(o, out);
        } else if (apiValue instanceof Collection<?> c) {
            for (Object o : c) linkIds(o, out);
        } else if (apiValue != null) {
            uuid(apiValue).ifPresent(out::add);
        }
    }

    /** The titles the server's {@code {id, title}} objects in a link value carry. */
    static void serverTitles(@Nullable Object apiValue, Map<UUID, String> out) {
        if (apiValue instanceof Map<?, ?> m) {
            if (m.get("id") != null && m.get("title") instanceof String t && !t.isBlank()) {
                uuid(m.get("id")).ifPresent(id -> out.put(id, t));
            }
            for (String k : List.of("add", "remove")) if (m.get(k) instanceof Collection<?> c) for (Object o : c) serverTitles(o, out);
        } else if (apiValue instanceof Collection<?> c) {
            for (Object o : c) serverTitles(o, out);
        }
    }

    private static String link(Object apiValue, Map<UUID, String> titles) {
        if (apiValue instanceof Map<?, ?> m && (m.containsKey("add") || m.containsKey("remove"))) {
            List<String> parts = new ArrayList<>();
            if (m.get("add") instanceof Collection<?> add && !add.isEmpty()) parts.add("+ " + titles(add, titles));
            if (m.get("remove") instanceof Collection<?> rm && !rm.isEmpty()) parts.add("− " + titles(rm, titles));
            return parts.isEmpty() ? "(no change)" : String.join("; ", parts);
        }
        return apiValue instanceof Collection<?> c ? titles(c, titles) : title(apiValue, titles);
    }

    private static String titles(Collection<?> items, Map<UUID, String> titles) {
        List<String> out = new ArrayList<>();
        for (Object o : items) out.add(title(o, titles));
        return String.join(", ", out);
    }

    private static String title(@Nullable Object o, Map<UUID, String> titles) {
        if (o instanceof Map<?, ?> m) {
            if (m.get("title") instanceof String t && !t.isBlank()) return t;
            o = m.get("id");
        }
        if (o == null) return "?";
        var id = uuid(o);
        if (id.isPresent() && titles.containsKey(id.get())) return titles.get(id.get());
        String s = String.valueOf(o);
        return "record " + (s.length() > 8 ? s.substring(0, 8) + "…" : s);
    }

    private static String files(Object apiValue) {
        List<String> out = new ArrayList<>();
        Collection<?> items = apiValue instanceof Collection<?> c ? c : List.of(apiValue);
        for (Object o : items) {
            if (o instanceof Map<?, ?> m && m.get("name") instanceof String n && !n.isBlank()) out.add(n);
            else if (o instanceof Map<?, ?> m && m.get("id") != null) out.add("file " + shortId(m.get("id")));
            else if (o instanceof String s && s.strip().startsWith("[")) return files(JsonText.parse(s));
            else out.add("file " + shortId(o));
        }
        return String.join(", ", out);
    }

    private static String named(List<?> items, Map<UUID, String> titles) {
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof Map<?, ?> m) {
                String name = null;
                for (String k : NAME_KEYS) {
                    if (m.get(k) instanceof String s && !s.isBlank()) {
                        name = s;
                        break;
                    }
                }
                out.add(name == null ? "?" : name);
            } else {
                out.add(title(o, titles));
            }
        }
        return String.join(", ", out);
    }

    private static String shortId(@Nullable Object id) {
        String s = String.valueOf(id);
        return s.length() > 8 ? s.substring(0, 8) + "…" : s;
    }

    private static java.util.Optional<UUID> uuid(Object o) {
        try {
            return java.util.Optional.of(UUID.fromString(String.valueOf(o)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
