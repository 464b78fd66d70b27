package dev.rowan.desktop.grid;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a grid view remembers: sorts, filter, hidden fields, column order and widths, stored as JSON with field ids
 * (renames are safe). {@code order} lists the fields the user arranged; fields not in it follow in design order.
 */
public record ViewConfig(List<Sort> sorts, @Nullable Filter filter, Set<UUID> hidden, List<UUID> order,
                         Map<UUID, Double> widths) {

    public static final ViewConfig EMPTY = new ViewConfig(List.of(), null, Set.of());

    public ViewConfig {
        sorts = List.copyOf(sorts);
        hidden = Set.copyOf(hidden);
        order = List.copyOf(order);
        widths = Map.copyOf(widths);
    }

    public ViewConfig(List<Sort> sorts, @Nullable Filter filter, Set<UUID> hidden) {
        this(sorts, filter, hidden, List.of(), Map.of());
    }

    public ViewConfig withSorts(List<Sort> s) {
        return new ViewConfig(s, filter, hidden, order, widths);
    }

    public ViewConfig withFilter(@Nullable Filter f) {
        return new ViewConfig(sorts, f, hidden, order, widths);
    }

    public ViewConfig withHidden(Set<UUID> h) {
        return new ViewConfig(sorts, filter, h, order, widths);
    }

    public ViewConfig withOrder(List<UUID> o) {
        return new ViewConfig(sorts, filter, hidden, o, widths);
    }

    public ViewConfig withWidth(UUID field, double width) {
        Map<UUID, Double> w = new LinkedHashMap<>(widths);
        w.put(field, width);
        return new ViewConfig(sorts, filter, hidden, order, w);
    }

    /** The fields in the order the user arranged them. */
    public List<FieldDef> arrange(List<FieldDef> fields) {
        List<FieldDef> out = new ArrayList<>();
        for (UUID id : order) fields.stream().filter(f -> f.id().equals(id)).findFirst().ifPresent(out::add);
        for (FieldDef f : fields) if (!out.contains(f)) out.add(f);
        return out;
    }

    public String toJson(TableDef t) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> s = new ArrayList<>();
        for (Sort sort : sorts) {
            s.add(Map.of("field", ref(t, sort.field()), "direction", sort.descending() ? "desc" : "asc"));
        }
        m.put("sorts", s);
        if (filter != null) m.put("filter", tree(t, filter));
        m.put("hidden", hidden.stream().map(UUID::toString).sorted().toList());
        if (!order.isEmpty()) m.put("order", order.stream().map(UUID::toString).toList());
        if (!widths.isEmpty()) {
            Map<String, Object> w = new LinkedHashMap<>();
            widths.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> w.put(e.getKey().toString(), java.math.BigDecimal.valueOf(Math.round(e.getValue()))));
            m.put("widths", w);
        }
        return JsonText.write(m);
    }

    /** The JSON form QueryParser reads, with field references turned into ids. */
    public static Object tree(TableDef t, Filter f) {
        return switch (f) {
            case Filter.Group g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("operator", g.logic() == Filter.Logic.AND ? "and" : "or");
                m.put("conditions", g.conditions().stream().map(c -> tree(t, c)).toList());
                yield m;
            }
            case Filter.Condition c -> {
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                m.put("field", ref(t, c.field()));
                m.put("operator", c.operator().api());
                if (c.operator().takesValue()) m.put("value", c.value());
                yield m;
            }
        };
    }

    private static String ref(TableDef t, String field) {
        return t.field(field).map(fd -> fd.id().toString()).orElse(field);
    }

    public static ViewConfig parse(String json) {
        if (!(JsonText.parse(json) instanceof Map<?, ?> m)) return EMPTY;
        List<Sort> sorts = m.get("sorts") == null ? List.of() : QueryParser.parseSort(m.get("sorts"));
        Filter filter = m.get("filter") == null ? null : QueryParser.parseFilter(m.get("filter"));
        Set<UUID> hidden = new LinkedHashSet<>();
        if (m.get("hidden") instanceof List<?> l) for (Object o : l) hidden.add(UUID.fromString(o.toString()));
        List<UUID> order = new ArrayList<>();
        if (m.get("order") instanceof List<?> l) for (Object o : l) order.add(UUID.fromString(o.toString()));
        Map<UUID, Double> widths = new LinkedHashMap<>();
        if (m.get("widths") instanceof Map<?, ?> w) {
            w.forEach((k, v) -> {
                if (v instanceof Number n) widths.put(UUID.fromString(k.toString()), n.doubleValue());
            });
        }
        return new ViewConfig(sorts, filter, hidden, order, widths);
    }

    /** Drops references to fields that no longer exist, so a stale view never breaks the grid. */
    public ViewConfig validFor(TableDef t) {
        List<Sort> s = sorts.stream().filter(x -> x.field().equals("createdAt") || x.field().equals("updatedAt")
                || t.field(x.field()).isPresent()).toList();
        Filter f = filter;
        if (f != null) {
            try {
                new dev.rowan.model.sql.RecordSql(dev.rowan.model.sql.SqlDialect.H2).where(t, f);
            } catch (RuntimeException e) {
                f = null;
            }
        }
        List<UUID> o = order.stream().filter(id -> t.fieldById(id).isPresent()).toList();
        Map<UUID, Double> w = new LinkedHashMap<>(widths);
        w.keySet().removeIf(id -> t.fieldById(id).isEmpty());
        return new ViewConfig(s, f, hidden, o, w);
    }
}
