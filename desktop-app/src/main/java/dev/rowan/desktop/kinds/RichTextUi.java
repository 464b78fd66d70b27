package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Rich text (Markdown): the cell shows the text without its markup; the grid edits the source like long text; the
 * form has the source above a rendered preview that follows every keystroke.
 */
final class RichTextUi extends KindUi<FieldType.RichText> {
    RichTextUi() {
        super(FieldType.RichText.class, "Rich text", new FieldType.RichText());
    }

    @Override
    double widthOf(FieldType.RichText t) {
        return 260;
    }

    @Override
    String textOf(FieldType.RichText t, Object value, DateTimeFormatter dates) {
        String plain = Markdown.plain((String) value);
        // a value of only markup (a lone "---") still shows that there is something
        return plain.isEmpty() ? ((String) value).strip() : plain;
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(FieldType.RichText t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.RichText t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        TextArea source = new TextArea();
        source.setPrefRowCount(5);
        source.setPrefColumnCount(30);
        source.setWrapText(true);
        source.setPromptText("Markdown: **bold**, *italic*, # heading, - list, [link](https://…)");
        source.textProperty().bindBidirectional(text);
        ScrollPane preview = new ScrollPane();
        preview.setId("rich-text-preview");
        preview.setFitToWidth(true);
        preview.setPrefViewportHeight(120);
        preview.getStyleClass().add("rich-text-preview");
        Runnable render = () -> preview.setContent(Markdown.render(text.get() == null ? "" : text.get()));
        render.run();
        InvalidationListener rerender = o -> render.run();
        preview.getProperties().put(RichTextUi.class, rerender); // the pane keeps it; the text only weakly
        text.addListener(new WeakInvalidationListener(rerender));
        return new VBox(6, source, new Label("Preview"), preview);
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
