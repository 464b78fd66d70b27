package dev.rowan.desktop.kinds;

import dev.rowan.desktop.editors.DateTimeInput;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Date, with or without a time of day: shown in the preferred pattern (and this computer's time zone), edited as
 * typed text with a calendar on Alt+Down; the form has a date picker and a time field for date-times.
 */
final class DateUi extends KindUi<FieldType.DateType> {
    DateUi() {
        super(FieldType.DateType.class, "Date", new FieldType.DateType(false));
    }

    @Override
    double widthOf(FieldType.DateType t) {
        return t.includeTime() ? 170 : 120;
    }

    @Override
    String textOf(FieldType.DateType t, Object value, DateTimeFormatter dates) {
        return t.includeTime() ? Formats.dateTime((OffsetDateTime) value, dates) : Formats.date((LocalDate) value, dates);
    }

    @Override
    String editTextOf(FieldType.DateType t, Object value, DateTimeFormatter dates) {
        return t.includeTime() ? Formats.typedDateTime((OffsetDateTime) value, dates) : Formats.date((LocalDate) value, dates);
    }

    public FilterInput filterInput() {
        return FilterInput.DATE;
    }

    GridEditor gridEditorOf(FieldType.DateType t, EditorHost host) {
        return new DateEditor(host, t.includeTime());
    }

    Node formEditorOf(FieldType.DateType t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return t.includeTime() ? DateTimeInput.of(text, dates) : textField(text, "2026-01-31");
    }

    public KindSettings settings(FieldType from) {
        return new DateSettings(from);
    }
}
