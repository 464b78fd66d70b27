package dev.rowan.desktop.kinds;

import dev.rowan.model.kind.ButtonKind;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Button: the cell shows its label (with ↗) where the formula gave a URL that may be opened; a click, Enter or Space
 * opens it with the system browser ({@link KindUi#link}). Nothing is typed into it; the form shows the URL read-only.
 */
final class ButtonUi extends KindUi<FieldType.Button> {
    ButtonUi() {
        super(FieldType.Button.class, "Button", new FieldType.Button("Open", "\"https://example.com\""));
    }

    @Override
    double widthOf(FieldType.Button t) {
        return 120;
    }

    @Override
    String textOf(FieldType.Button t, Object value, DateTimeFormatter dates) {
        return ButtonKind.opens((String) value) ? t.label() + " ↗" : t.label() + " (no link)";
    }

    @Override
    String editTextOf(FieldType.Button t, Object value, DateTimeFormatter dates) {
        return (String) value;
    }

    @Override
    Optional<String> linkOf(FieldType.Button t, @Nullable Object value) {
        return value instanceof String url && ButtonKind.opens(url) ? Optional.of(url.strip()) : Optional.empty();
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(FieldType.Button t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.Button t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return readOnlyField(text, "computed URL");
    }

    public KindSettings settings(FieldType from) {
        return new ButtonSettings(from);
    }

    @Override
    public boolean needsSettingsFirst() {
        return true;
    }
}
