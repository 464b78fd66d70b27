package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.value.FileRef;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * Attachments: the cell shows one chip per file (its name; images marked with their size). The value's text form is
 * the JSON list of file references, which is what the grid editor and the form's text start from and parse back.
 */
final class AttachmentUi extends KindUi<FieldType.Attachment> {
    AttachmentUi() {
        super(FieldType.Attachment.class, "Attachment", new FieldType.Attachment());
    }

    /** Room for two chips with their thumbnails. */
    @Override
    double widthOf(FieldType.Attachment t) {
        return 280;
    }

    @Override
    public boolean sortable() {
        return false;
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    /** One chip per file: its name (and w×h for images), coloured by what the file is. */
    static List<SelectOption> chips(@Nullable Object value) {
        return FileRef.list(value).stream().map(f -> new SelectOption(f.id().toString(), label(f),
                f.image() ? "teal" : f.mime().equals("application/pdf") ? "red" : "gray")).toList();
    }

    static String label(FileRef f) {
        String name = f.name().isEmpty() ? f.id().toString().substring(0, 8) : f.name();
        return f.image() ? name + " (" + f.width() + "×" + f.height() + ")" : name;
    }

    /** The file names, as a person reads the cell. */
    @Override
    String textOf(FieldType.Attachment t, Object value, DateTimeFormatter dates) {
        return String.join(", ", FileRef.list(value).stream().map(AttachmentUi::label).toList());
    }

    @Override
    CellLook lookOf(FieldType.Attachment t, @Nullable Object value, DateTimeFormatter dates) {
        return new CellLook.Chips(chips(value), FileRef.list(value));
    }

    @Override
    String editTextOf(FieldType.Attachment t, Object value, DateTimeFormatter dates) {
        return FieldValues.formatText(t, value);
    }

    GridEditor gridEditorOf(FieldType.Attachment t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.Attachment t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return formEditorOf(t, text, dates, FormContext.NONE);
    }

    @Override
    Node formEditorOf(FieldType.Attachment t, StringProperty text, Supplier<DateTimeFormatter> dates, FormContext ctx) {
        return new AttachmentEditor(text, ctx).root();
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
