package dev.rowan.model.view;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A timeline (Gantt): bars from {@code startField} to {@code endField} (date fields; a record without an end is one
 * day long) on a time axis shown at {@code zoom}, in lanes by {@code groupField} (none: one lane), named by
 * {@code titleField}. A null start field means "the table's first date field".
 */
public record TimelineConfig(RecordQuery query, @Nullable UUID startField, @Nullable UUID endField,
                             @Nullable UUID groupField, @Nullable UUID titleField, String zoom) implements ViewConfig {
    public static final String DAY = "day";
    public static final String WEEK = "week";
    public static final String MONTH = "month";
    public static final String QUARTER = "quarter";
    public static final List<String> ZOOMS = List.of(DAY, WEEK, MONTH, QUARTER);

    public TimelineConfig {
        if (!ZOOMS.contains(zoom)) zoom = WEEK;
    }

    public TimelineConfig(RecordQuery query) {
        this(query, null, null, null, null, WEEK);
    }

    @Override
    public ViewKind kind() {
        return ViewKind.TIMELINE;
    }

    public TimelineConfig withQuery(RecordQuery q) {
        return new TimelineConfig(q, startField, endField, groupField, titleField, zoom);
    }

    public TimelineConfig withFields(@Nullable UUID start, @Nullable UUID end) {
        return new TimelineConfig(query, start, end, groupField, titleField, zoom);
    }

    public TimelineConfig withGroupField(@Nullable UUID f) {
        return new TimelineConfig(query, startField, endField, f, titleField, zoom);
    }

    public TimelineConfig withZoom(String z) {
        return new TimelineConfig(query, startField, endField, groupField, titleField, z);
    }

    /** The field bars start on: the chosen one, else the table's first date field. */
    public Optional<FieldDef> startFieldIn(TableDef t) {
        if (startField != null) return t.fieldById(startField).filter(f -> !f.hidden());
        return t.activeFields().stream().filter(f -> f.type() instanceof FieldType.DateType).findFirst();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        if (startField != null) m.put("startField", startField.toString());
        if (endField != null) m.put("endField", endField.toString());
        if (groupField != null) m.put("groupField", groupField.toString());
        if (titleField != null) m.put("titleField", titleField.toString());
        m.put("zoom", zoom);
        return m;
    }
}
