package dev.rowan.desktop.grid;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
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
            Object value = value(f.type(), text);
            if (value == null) return null;
            differs.add(Filter.where(id, Operator.IS_NULL, null));
            differs.add(Filter.where(id, Operator.NE, value));
        }
        return new Filter.Group(Filter.Logic.OR, differs);
    }

    /** A key's text as a filter value of the field (select: the option's label); null when it cannot be one. */
    private static @Nullable Object value(FieldType type, String text) {
        try {
            return switch (type) {
                case FieldType.SingleSelect s -> s.byId(text).map(o -> (Object) o.label()).orElse(null);
                case FieldType.NumberType n -> new BigDecimal(text);
                case FieldType.Currency c -> new BigDecimal(text);
                case FieldType.Percent p -> new BigDecimal(text);
                case FieldType.BooleanType b -> Boolean.parseBoolean(text);
                case FieldType.Text x -> text;
                case FieldType.Url x -> text;
                case FieldType.Email x -> text;
                case FieldType.Phone x -> text;
                case FieldType.DateType d -> d.includeTime() ? null : text;
                // not grouped by (long text, JSON, multiple select) or not matched by its text (formula): shown
                case FieldType.LongText x -> null;
                case FieldType.Json x -> null;
                case FieldType.MultipleSelect x -> null;
                case FieldType.Formula x -> null;
                case FieldType.Attachment x -> null;
                case FieldType.Rating x -> new BigDecimal(text);
                case FieldType.Duration x -> new BigDecimal(text);
                case FieldType.TimeOfDay x -> text;
                case FieldType.Barcode x -> text;
                case FieldType.RichText x -> null;
                case FieldType.CreatedTime x -> null;
                case FieldType.LastModifiedTime x -> null;
                // the member's name, as the cell shows it
                case FieldType.CreatedBy x -> text;
                case FieldType.LastModifiedBy x -> text;
                case FieldType.Button x -> null;
                case FieldType.Link x -> null;
                case FieldType.Lookup x -> null;
                case FieldType.Rollup x -> null;
                // a set of members is not matched by "is not" one of them (as a multiple select); numbers are
                case FieldType.User x -> null;
                case FieldType.Autonumber x -> new BigDecimal(text);
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
