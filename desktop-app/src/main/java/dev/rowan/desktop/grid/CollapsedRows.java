package dev.rowan.desktop.grid;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The records a grouped grid lists: the view's filter, less the records of its collapsed groups (their headers stay
 * with their counts). A collapsed group's key becomes "some level differs from the key" on the group fields, so the
 * workspace leaves those rows out of counts and pages and the grid's positions stay one query's offsets.
 */
final class CollapsedRows {
    private CollapsedRows() {
    }

    /** The filter of the rows shown: the view's own when nothing is collapsed. */
    static @Nullable Filter filter(TableDef t, GridConfig cfg) {
        Filter own = cfg.filter();
        if (cfg.collapsed().isEmpty() || cfg.groups().isEmpty()) return own;
        List<Filter> outside = new ArrayList<>();
        for (List<@Nullable String> key : cfg.collapsed()) {
            Filter f = outside(t, cfg.groups(), key);
            if (f != null) outside.add(f);
        }
        if (outside.isEmpty()) return own;
        if (own != null) outside.addFirst(own);
        return new Filter.Group(Filter.Logic.AND, outside);
    }

    /**
     * Whether the records of the group {@code key} (as {@code GroupedGrid.keyText} writes it) are left out of the
     * list: it is collapsed in the view and its key can be matched by a filter. The header rows count records the
     * same way, so the list's positions and the filter's offsets agree.
     */
    static boolean folds(TableDef t, GridConfig cfg, List<@Nullable String> key) {
        return cfg.collapsed().contains(key) && outside(t, cfg.groups(), key) != null;
    }

    /** Records not in the group {@code key} (null when the key no longer fits the grouping: nothing is hidden). */
    private static @Nullable Filter outside(TableDef t, List<GroupBy> groups, List<@Nullable String> key) {
        if (key.size() > groups.size()) return null;
        List<Filter> differs = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            FieldDef f = t.fieldById(groups.get(i).fieldId()).filter(x -> !x.hidden()).orElse(null);
            if (f == null) return null;
            String id = f.id().toString();
            String text = key.get(i);
            if (text == null) {
                differs.add(Filter.where(id, Operator.IS_NOT_NULL, null));
                continue;
            }
            // the kind says how its key text reads as a filter value (FieldKind.groupKeyValue)
            Object value = FieldKinds.of(f.type()).groupKeyValue(f.type(), text).orElse(null);
            if (value == null) return null;
            differs.add(Filter.where(id, Operator.IS_NULL, null));
            differs.add(Filter.where(id, Operator.NE, value));
        }
        return new Filter.Group(Filter.Logic.OR, differs);
    }
}
