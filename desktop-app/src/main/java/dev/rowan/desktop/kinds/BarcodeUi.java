package dev.rowan.desktop.kinds;

import dev.rowan.model.kind.BarcodeKind;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Barcode: the encoded text in a monospaced cell, edited as text; the form says the format next to the field. (No
 * barcode image is drawn.)
 */
final class BarcodeUi extends KindUi<FieldType.Barcode> {
    BarcodeUi() {
        super(FieldType.Barcode.class, "Barcode", new FieldType.Barcode("code128"));
    }

    @Override
    double widthOf(FieldType.Barcode t) {
        return 160;
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(FieldType.Barcode t, EditorHost host) {
        return new TextEditor(host, BarcodeKind.label(t.format()));
    }

    Node formEditorOf(FieldType.Barcode t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        Label format = new Label(BarcodeKind.label(t.format()));
        format.getStyleClass().add("barcode-format");
        HBox row = new HBox(8, textField(text, BarcodeKind.label(t.format())), format);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    public KindSettings settings(FieldType from) {
        return new BarcodeSettings(from);
    }
}
