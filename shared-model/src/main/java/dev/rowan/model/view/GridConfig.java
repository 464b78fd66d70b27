package dev.rowan.model.view;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.RowColours;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A grid: its record query, the fields it hides, the order the user arranged (fields not in it follow in design
 * order), column widths the user set (others take the kind's default width) and how many columns stay frozen at
 * the left; and, for the grouped grid, up to three group levels, a summary per column for the footer and row
 * colours ({@link GridGrouping}).
 */
public record GridConfig(RecordQuery query, Set<UUID> hidden, List<UUID> order, Map<UUID, Double> widths,
                         int frozenColumns, List<GroupBy> groups, Map<UUID, Summary> summaries,
                         RowColours colours, List<List<@Nullable String>> collapsed) implements ViewConfig {
    /** Collapsed groups a view remembers at most; a key's values are at most this long. */
    public static final int MAX_COLLAPSED = 1000;
    public static final int MAX_KEY_TEXT = 1000;
    public static final int MAX_FROZEN = 10;
    public static final double MIN_WIDTH = 20;
    public static final double MAX_WIDTH = 4000;
    public static final GridConfig EMPTY = new GridConfig(RecordQuery.ALL, Set.of(), List.of(), Map.of(), 1);

    public GridConfig {
        hidden = Set.copyOf(hidden);
        order = List.copyOf(order);
        widths = Map.copyOf(widths);
        groups = List.copyOf(groups);
        summaries = Map.copyOf(summaries);
        List<List<@Nullable String>> keys = new ArrayList<>();
        for (List<@Nullable String> k : collapsed) keys.add(java.util.Collections.unmodifiableList(new ArrayList<>(k)));
        collapsed = java.util.Collections.unmodifiableList(keys);
    }

    /** A grouped grid with every group expanded. */
    public GridConfig(RecordQuery query, Set<UUID> hidden, List<UUID> order, Map<UUID, Double> widths,
                      int frozenColumns, List<GroupBy> groups, Map<UUID, Summary> summaries, RowColours colours) {
        this(query, hidden, order, widths, frozenColumns, groups, summaries, colours, List.of());
    }

    /** A grid without groups, footer summaries or row colours. */
    public GridConfig(RecordQuery query, Set<UUID> hidden, List<UUID> order, Map<UUID, Double> widths,
                      int frozenColumns) {
        this(query, hidden, order, widths, frozenColumns, List.of(), Map.of(), RowColours.NONE);
    }

    @Override
    public ViewKind kind() {
        return ViewKind.GRID;
    }

    public List<Sort> sorts() {
        return query.sorts();
    }

    public @Nullable Filter filter() {
        return query.filter();
    }

    public GridConfig withQuery(RecordQuery q) {
        return new GridConfig(q, hidden, order, widths, frozenColumns, groups, summaries, colours, collapsed);
    }

    /** Grouped by these levels (at most {@link GridGrouping#MAX_GROUPS}); empty: not grouped. */
    public GridConfig withGroups(List<GroupBy> g) {
        return new GridConfig(query, hidden, order, widths, frozenColumns, g, summaries, colours, List.of());
    }

    /** A column's footer summary; null removes it. */
    public GridConfig withSummary(UUID field, @Nullable Summary s) {
        Map<UUID, Summary> m = new LinkedHashMap<>(summaries);
        if (s == null) m.remove(field);
        else m.put(field, s);
        return new GridConfig(query, hidden, order, widths, frozenColumns, groups, m, colours, collapsed);
    }

    /**
     * The collapsed groups, each by its key (the group values from the top level down, as text; null for "no
     * value"); a grid opens with them collapsed.
     */
    public GridConfig withCollapsed(List<List<@Nullable String>> keys) {
        return new GridConfig(query, hidden, order, widths, frozenColumns, groups, summaries, colours, keys);
    }

    public GridConfig withColours(RowColours c) {
        return new GridConfig(query, hidden, order, widths, frozenColumns, groups, summaries, c, collapsed);
    }

    public GridConfig withSorts(List<Sort> s) {
        return withQuery(query.withSorts(s));
    }

    public GridConfig withFilter(@Nullable Filter f) {
        return withQuery(query.withFilter(f));
    }

    public GridConfig withHidden(Set<UUID> h) {
        return new GridConfig(query, h, order, widths, frozenColumns, groups, summaries, colours, collapsed);
    }

    public GridConfig withOrder(List<UUID> o) {
        return new GridConfig(query, hidden, o, widths, frozenColumns, groups, summaries, colours, collapsed);
    }

    public GridConfig withWidth(UUID field, double width) {
        Map<UUID, Double> w = new LinkedHashMap<>(widths);
        w.put(field, Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)));
        return new GridConfig(query, hidden, order, w, frozenColumns, groups, summaries, colours, collapsed);
    }

    /** This configuration read again for the table as it is now (after a designer change): what is gone is dropped. */
    public GridConfig validFor(dev.rowan.model.schema.TableDef t) {
        return (GridConfig) ViewConfig.read(kind().api(), withQuery(query.byIds(t)).toMap(), t).config();
    }

    /** The fields in the order the user arranged them. */
    public List<FieldDef> arrange(List<FieldDef> fields) {
        List<FieldDef> out = new ArrayList<>();
        for (UUID id : order) fields.stream().filter(f -> f.id().equals(id)).findFirst().ifPresent(out::add);
        for (FieldDef f : fields) if (!out.contains(f)) out.add(f);
        return out;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        m.put("hidden", hidden.stream().map(UUID::toString).sorted().toList());
        m.put("order", order.stream().map(UUID::toString).toList());
        Map<String, Object> w = new LinkedHashMap<>();
        widths.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> w.put(e.getKey().toString(), Math.round(e.getValue())));
        m.put("widths", w);
        m.put("frozenColumns", frozenColumns);
        // the grouped grid's settings are written only when set, so a grid without them keeps its old JSON form
        if (!groups.isEmpty()) m.put("groups", groups.stream().map(GroupBy::toMap).toList());
        if (!summaries.isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>();
            summaries.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> s.put(e.getKey().toString(), e.getValue().api()));
            m.put("summaries", s);
        }
        if (!colours.isNone()) m.put("colours", colours.toMap());
        if (!collapsed.isEmpty()) m.put("collapsed", new ArrayList<Object>(collapsed.stream().map(k -> (Object) new ArrayList<>(k)).toList()));
        return m;
    }

    /** Grouped reads order by the groups first, then the view's sorts. */
    @Override
    public RecordQuery readShape(dev.rowan.model.schema.TableDef table) {
        List<dev.rowan.model.query.Sort> sorts = new java.util.ArrayList<>();
        for (var group : groups()) sorts.add(new dev.rowan.model.query.Sort(group.fieldId().toString(), group.descending()));
        sorts.addAll(query().sorts());
        return query().withSorts(sorts);
    }
}
