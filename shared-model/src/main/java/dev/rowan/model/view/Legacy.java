package dev.rowan.model.view;

import dev.rowan.model.schema.TableDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The view configurations stored before issue 9, turned into today's JSON form (which is then read as usual):
 * <ul>
 * <li>the server's grid {@code {type, fields:[{fieldId, width, hidden}], sorts, filter, frozenColumns}};</li>
 * <li>the desktop's grid {@code {sorts:[{field, direction}], filter, hidden, order, widths}};</li>
 * <li>the server's form {@code {type, fields:[{fieldId, type, label, required, validation}], layout}} — the input
 * type and the copied value rules are left out (the form takes both from the field), as is a label that only
 * repeats the field's name;</li>
 * <li>the server's {@code card} {@code {type, titleField, subtitleField, fields, layout}}, now a gallery.</li>
 * </ul>
 * Keys none of these had are passed on, so they are reported like any unknown property.
 */
final class Legacy {
    private Legacy() {
    }

    static Map<String, Object> migrate(ViewKind kind, Map<String, Object> old, TableDef table) {
        Map<String, Object> rest = new LinkedHashMap<>(old);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        Object type = rest.remove("type");
        if (type != null) out.put("type", "card".equals(type) ? ViewKind.GALLERY.api() : type);
        Object filter = rest.remove("filter");
        if (filter != null && !emptyGroup(filter)) query.put("filter", filter);
        Object sorts = rest.remove("sorts");
        if (sorts instanceof List<?> l) {
            query.put("sorts", l.stream().map(s -> s instanceof Map<?, ?> m && !m.containsKey("fieldId")
                    && m.containsKey("field") ? rename(m, "field", "fieldId") : s).toList());
        } else if (sorts != null) {
            query.put("sorts", sorts);
        }
        switch (kind) {
            case GRID -> {
                if (rest.get("fields") instanceof List<?> l && l.stream().allMatch(x -> x instanceof Map<?, ?>)) {
                    rest.remove("fields");
                    List<Object> order = new ArrayList<>();
                    List<Object> hidden = new ArrayList<>();
                    Map<String, Object> widths = new LinkedHashMap<>();
                    for (Object o : l) {
                        Map<?, ?> c = (Map<?, ?>) o;
                        Object id = c.get("fieldId");
                        if (id == null) continue;
                        order.add(id);
                        if (Boolean.TRUE.equals(c.get("hidden"))) hidden.add(id);
                        // the old server grid wrote 180 for every column: the desktop never read it, and reading it
                        // now would turn every kind's own default width into 180
                        if (c.get("width") instanceof Number n && n.intValue() != 180) widths.put(String.valueOf(id), n);
                    }
                    out.put("order", order);
                    out.put("hidden", hidden);
                    out.put("widths", widths);
                }
                move(rest, out, "hidden", "order", "widths", "frozenColumns");
            }
            case FORM -> {
                if (rest.remove("fields") instanceof List<?> l) {
                    List<Object> fields = new ArrayList<>();
                    for (Object o : l) {
                        if (!(o instanceof Map<?, ?> e)) {
                            fields.add(o);
                            continue;
                        }
                        Map<String, Object> entry = new LinkedHashMap<>();
                        e.forEach((k, v) -> {
                            if (v != null && !"type".equals(k) && !"validation".equals(k)) entry.put(String.valueOf(k), v);
                        });
                        if (entry.get("fieldId") instanceof String id && entry.get("label") instanceof String label
                                && table.field(id).map(f -> f.name().equals(label)).orElse(false)) {
                            entry.remove("label");
                        }
                        fields.add(entry);
                    }
                    out.put("fields", fields);
                }
                move(rest, out, "layout");
            }
            case GALLERY -> {
                Object fields = rest.remove("fields");
                if (fields != null) query.put("fields", fields);
                rest.remove("layout");
                move(rest, out, "titleField", "subtitleField");
            }
            case KANBAN, CALENDAR -> {
            }
        }
        out.put("query", query);
        out.putAll(rest);
        return out;
    }

    private static boolean emptyGroup(Object filter) {
        return filter instanceof Map<?, ?> m && m.get("conditions") instanceof List<?> l && l.isEmpty();
    }

    private static Map<String, Object> rename(Map<?, ?> m, String from, String to) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(from.equals(k) ? to : String.valueOf(k), v));
        return out;
    }

    private static void move(Map<String, Object> from, Map<String, Object> to, String... keys) {
        for (String k : keys) if (from.containsKey(k)) to.put(k, from.remove(k));
    }
}
