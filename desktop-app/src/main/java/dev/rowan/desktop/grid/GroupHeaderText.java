package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The texts of the grouped grid: a group header's title and a column's summary, in a header row and the footer. */
final class GroupHeaderText {
    private GroupHeaderText() {
    }

    /** "▾ East (20)": the header's title, short enough for a column (▸ when collapsed). */
    static String title(@Nullable TableDef t, GridConfig cfg, GroupedGrid.Header h, DateTimeFormatter dates) {
        Group g = h.group();
        return (h.collapsed() ? "▸ " : "▾ ") + value(t, cfg, g, dates) + " ("
                + String.format(Locale.ROOT, "%,d", g.count()) + ")";
    }

    /** "Region: East · 20 records": the header in full (its tooltip). */
    static String describe(@Nullable TableDef t, GridConfig cfg, Group g, DateTimeFormatter dates) {
        FieldDef f = field(t, cfg, g);
        return (f == null ? "" : f.name() + ": ") + value(t, cfg, g, dates) + "  ·  "
                + String.format(Locale.ROOT, "%,d", g.count()) + (g.count() == 1 ? " record" : " records");
    }

    private static String value(@Nullable TableDef t, GridConfig cfg, Group g, DateTimeFormatter dates) {
        FieldDef f = field(t, cfg, g);
        Object key = g.key().get(g.level() - 1);
        return key == null ? "(empty)" : f == null ? String.valueOf(key) : CellText.display(f.type(), key, dates);
    }

    private static @Nullable FieldDef field(@Nullable TableDef t, GridConfig cfg, Group g) {
        GroupBy by = cfg.groups().size() >= g.level() ? cfg.groups().get(g.level() - 1) : null;
        return by == null || t == null ? null : t.fieldById(by.fieldId()).orElse(null);
    }

    static String label(Summary s) {
        return switch (s) {
            case COUNT -> "Count";
            case EMPTY -> "Empty";
            case FILLED -> "Filled";
            case UNIQUE -> "Unique";
            case SUM -> "Sum";
            case AVG -> "Average";
            case MIN -> "Min";
            case MAX -> "Max";
        };
    }

    /** "Sum 1,234.50": a summary's value of a group (the total for the footer); its label alone when unknown (a group
     * listed with its count only). */
    static String summary(FieldDef f, Summary s, @Nullable Group g, DateTimeFormatter dates) {
        if (g == null || !g.summarised()) return label(s); // past GroupSummaries.MAX_GROUPS: counts only
        Object v = g.values().get(f.id());
        String text = switch (s) {
            case COUNT, EMPTY, FILLED, UNIQUE -> v == null ? "0" : String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
            case AVG -> v == null ? "–" : new java.math.BigDecimal(v.toString()).setScale(2, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
            case SUM, MIN, MAX -> v == null ? "–" : CellText.display(f.type(), v, dates);
        };
        return label(s) + " " + text;
    }
}
