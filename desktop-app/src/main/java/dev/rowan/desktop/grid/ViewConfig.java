package dev.rowan.desktop.grid;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What a grid view remembers: sorts, filter and hidden fields, stored as JSON with field ids (renames are safe). */
public record ViewConfig(List<Sort> sorts, @Nullable Filter filter, Set<UUID> hidden) {

    public static final ViewConfig EMPTY = new ViewConfig(List.of(), null, Set.of());

    public ViewConfig {
        sorts = List.copyOf(sorts);
        hidden = Set.copyOf(hidden);
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
        return new ViewConfig(sorts, filter, hidden);
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
        return new ViewConfig(s, f, hidden);
    }
}
