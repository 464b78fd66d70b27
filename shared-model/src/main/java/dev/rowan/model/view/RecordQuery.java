package dev.rowan.model.view;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What records a view reads, the same shape for every kind: a filter (the shared filter AST, field references as
 * ids), sorts (a field id or {@code createdAt}/{@code updatedAt}), a search term ({@code ""} for none) and the
 * fields it reads (empty: all of them).
 */
public record RecordQuery(@Nullable Filter filter, List<Sort> sorts, String search, List<UUID> fields) {
    public static final RecordQuery ALL = new RecordQuery(null, List.of(), "", List.of());
    public static final int MAX_SEARCH = 200;

    public RecordQuery {
        sorts = List.copyOf(sorts);
        fields = List.copyOf(fields);
    }

    public RecordQuery withFilter(@Nullable Filter f) {
        return new RecordQuery(f, sorts, search, fields);
    }

    public RecordQuery withSorts(List<Sort> s) {
        return new RecordQuery(filter, s, search, fields);
    }

    public RecordQuery withSearch(String s) {
        return new RecordQuery(filter, sorts, s, fields);
    }

    public RecordQuery withFields(List<UUID> f) {
        return new RecordQuery(filter, sorts, search, f);
    }

    /**
     * The query with every field reference given by name (as typed filters and code may have them) turned into the
     * field's id, which is what the JSON form holds; references that match no field stay for validation to refuse.
     */
    public RecordQuery byIds(TableDef t) {
        List<Sort> s = sorts.stream().map(x -> new Sort(ref(t, x.field()), x.descending())).toList();
        return new RecordQuery(filter == null ? null : byId(t, filter), s, search, fields);
    }

    /** The JSON form: only what is set, field references as id strings. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (filter != null) m.put("filter", filterTree(filter));
        List<Object> s = new ArrayList<>();
        for (Sort sort : sorts) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fieldId", sort.field());
            e.put("direction", sort.descending() ? "desc" : "asc");
            s.add(e);
        }
        m.put("sorts", s);
        if (!search.isEmpty()) m.put("search", search);
        if (!fields.isEmpty()) m.put("fields", fields.stream().map(UUID::toString).toList());
        return m;
    }

    /** A filter in the JSON form {@code QueryParser} reads, its field references as they are. */
    public static Object filterTree(Filter f) {
        return switch (f) {
            case Filter.Group g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("operator", g.logic() == Filter.Logic.AND ? "and" : "or");
                m.put("conditions", g.conditions().stream().map(RecordQuery::filterTree).toList());
                yield m;
            }
            case Filter.Condition c -> {
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                m.put("field", c.field());
                m.put("operator", c.operator().api());
                if (c.operator().takesValue()) m.put("value", c.value());
                yield m;
            }
        };
    }

    /** A filter in its JSON form with every field reference (name or id) turned into the field's id. */
    public static Object filterTree(TableDef t, Filter f) {
        return filterTree(byId(t, f));
    }

    /** The filter with field names replaced by ids (references that match no field stay as they are). */
    public static Filter byId(TableDef t, Filter f) {
        return switch (f) {
            case Filter.Group g -> new Filter.Group(g.logic(), g.conditions().stream().map(c -> byId(t, c)).toList());
            case Filter.Condition c -> new Filter.Condition(ref(t, c.field()), c.operator(), c.value());
        };
    }

    /** A field reference as an id; the system columns {@code createdAt}/{@code updatedAt} stay as they are. */
    private static String ref(TableDef t, String field) {
        if (field.equals("createdAt") || field.equals("updatedAt")) return field;
        return t.field(field).map(d -> d.id().toString()).orElse(field);
    }
}
