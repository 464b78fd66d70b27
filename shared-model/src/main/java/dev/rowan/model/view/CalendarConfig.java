package dev.rowan.model.view;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A calendar: records sit on {@code dateField} (a date field; without time they are all-day), or span from it to
 * {@code endField} when that is set; {@code titleField} names them (else the table's first field) and
 * {@code colorField} (a single select) colours them by option. A null date field means "the table's first date
 * field", so a new calendar shows something before the user chooses.
 */
public record CalendarConfig(RecordQuery query, @Nullable UUID dateField, @Nullable UUID endField,
                             @Nullable UUID titleField, @Nullable UUID colorField) implements ViewConfig {

    public CalendarConfig(RecordQuery query) {
        this(query, null, null, null, null);
    }

    @Override
    public ViewKind kind() {
        return ViewKind.CALENDAR;
    }

    public CalendarConfig withQuery(RecordQuery q) {
        return new CalendarConfig(q, dateField, endField, titleField, colorField);
    }

    public CalendarConfig withDateField(@Nullable UUID f) {
        return new CalendarConfig(query, f, endField, titleField, colorField);
    }

    public CalendarConfig withEndField(@Nullable UUID f) {
        return new CalendarConfig(query, dateField, f, titleField, colorField);
    }

    public CalendarConfig withTitleField(@Nullable UUID f) {
        return new CalendarConfig(query, dateField, endField, f, colorField);
    }

    public CalendarConfig withColorField(@Nullable UUID f) {
        return new CalendarConfig(query, dateField, endField, titleField, f);
    }

    /** The date field records sit on: the chosen one, else the table's first date field. */
    public Optional<FieldDef> dateFieldIn(TableDef t) {
        if (dateField != null) return t.fieldById(dateField).filter(f -> !f.hidden());
        return t.activeFields().stream().filter(f -> f.type() instanceof FieldType.DateType).findFirst();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        if (dateField != null) m.put("dateField", dateField.toString());
        if (endField != null) m.put("endField", endField.toString());
        if (titleField != null) m.put("titleField", titleField.toString());
        if (colorField != null) m.put("colorField", colorField.toString());
        return m;
    }
}
