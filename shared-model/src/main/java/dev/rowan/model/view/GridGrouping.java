package dev.rowan.model.view;

import dev.rowan.model.query.Filter;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The grouped grid's settings (issue 11): groups, the summary footer and row colours, as GridConfig carries them. */
public final class GridGrouping {
    /** Group levels at most. */
    public static final int MAX_GROUPS = 3;
    /** Colour rules at most. */
    public static final int MAX_RULES = 20;
    /** A colour: {@code #rrggbb}. */
    public static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private GridGrouping() {
    }

    /** One group level: records grouped by a field's value, groups in ascending or descending value order. */
    public record GroupBy(UUID fieldId, boolean descending) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fieldId", fieldId.toString());
            m.put("direction", descending ? "desc" : "asc");
            return m;
        }
    }

    /** What a column's footer shows, per group and for all records of the view. */
    public enum Summary {
        COUNT, EMPTY, FILLED, UNIQUE, SUM, AVG, MIN, MAX;

        /** Whether it needs a numeric field (sum and average). */
        public boolean numericOnly() {
            return this == SUM || this == AVG;
        }

        /**
         * Whether a field of this type can have it: sum and average need numbers; min and max need values that are
         * one scalar each (not a set of options, members, links or files, nor JSON: they have no order); the counts
         * apply to every field.
         */
        public boolean appliesTo(dev.rowan.model.schema.FieldType type) {
            if (numericOnly()) return dev.rowan.model.kind.FieldKinds.valueType(type).numeric();
            if (this == MIN || this == MAX) {
                dev.rowan.model.kind.StorageClass storage = dev.rowan.model.kind.FieldKinds.storage(
                        dev.rowan.model.kind.FieldKinds.valueType(type));
                while (storage instanceof dev.rowan.model.kind.StorageClass.Computed c) storage = c.value();
                return !(storage instanceof dev.rowan.model.kind.StorageClass.Json
                        || storage instanceof dev.rowan.model.kind.StorageClass.TextArray);
            }
            return true;
        }

        public String api() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Summary> fromApi(String s) {
            for (Summary x : values()) if (x.api().equals(s)) return Optional.of(x);
            return Optional.empty();
        }
    }

    /** Records matching {@code filter} are coloured {@code colour} (the first matching rule wins). */
    public record ColourRule(Filter filter, String colour) {
    }

    /**
     * Row colours: by a single-select field's option colours ({@code selectField}), or by rules (filter → colour);
     * the select field wins when both are set. {@link #NONE} colours nothing.
     */
    public record RowColours(@Nullable UUID selectField, List<ColourRule> rules) {
        public static final RowColours NONE = new RowColours(null, List.of());

        public RowColours {
            rules = List.copyOf(rules);
        }

        public boolean isNone() {
            return selectField == null && rules.isEmpty();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (selectField != null) m.put("selectField", selectField.toString());
            List<Object> r = new ArrayList<>();
            for (ColourRule rule : rules) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("filter", RecordQuery.filterTree(rule.filter()));
                e.put("colour", rule.colour().toLowerCase(Locale.ROOT));
                r.add(e);
            }
            m.put("rules", r);
            return m;
        }
    }
}
