package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldTypes;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The designer's panes for a kind's settings, one per settings ViewModel. Every control is bound both ways to its
 * ViewModel with JavaFX's weak bidirectional bindings, so a pane dropped for another field leaves nothing behind.
 */
final class SettingsPanes {
    private SettingsPanes() {
    }

    /** The pane for these settings; an empty box for a kind without settings. */
    static Node of(KindSettings settings) {
        return switch (settings) {
            case KindSettings.None n -> new VBox();
            case CurrencySettings c -> precision(c, currency(c));
            case PrecisionSettings p -> precision(p, null);
            case DateSettings d -> date(d);
            case OptionSettings o -> options(o);
            case FormulaSettings f -> FormulaPane.of(f);
            case RatingSettings r -> rating(r);
            case UserSettings u -> {
                javafx.scene.control.CheckBox several = new javafx.scene.control.CheckBox("Allow several members");
                several.setId("designer-user-multiple");
                several.selectedProperty().bindBidirectional(u.multiple());
                yield several;
            }
            case BarcodeSettings b -> barcode(b);
            case ButtonSettings b -> button(b);
            case LinkSettings l -> LinkPanes.of(l);
        };
    }

    private static Node button(ButtonSettings s) {
        TextField label = new TextField();
        label.setId("designer-button-label");
        label.setPrefColumnCount(14);
        label.textProperty().bindBidirectional(s.label());
        TextField url = new TextField();
        url.setId("designer-button-formula");
        url.setPrefColumnCount(36);
        url.setPromptText("\"https://example.com/search?q=\" & {Name}");
        url.textProperty().bindBidirectional(s.formula());
        HBox labelRow = new HBox(8, fixed(new Label("Label")), label);
        labelRow.setAlignment(Pos.CENTER_LEFT);
        HBox urlRow = new HBox(8, fixed(new Label("URL formula")), url);
        urlRow.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, labelRow, urlRow);
    }

    private static Node rating(RatingSettings s) {
        Spinner<Integer> max = new Spinner<>(1, 10, s.max().get());
        max.setId("designer-rating-max");
        max.setEditable(true);
        max.setPrefWidth(90);
        ObjectProperty<Integer> value = s.max().asObject();
        max.getValueFactory().valueProperty().bindBidirectional(value);
        max.getProperties().put(SettingsPanes.class, value);
        HBox row = new HBox(8, fixed(new Label("Stars")), max);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node barcode(BarcodeSettings s) {
        ComboBox<String> format = new ComboBox<>();
        format.setId("designer-barcode-format");
        format.getItems().addAll(dev.rowan.model.kind.BarcodeKind.FORMATS);
        format.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(@Nullable String f) {
                return f == null ? "" : dev.rowan.model.kind.BarcodeKind.label(f);
            }

            @Override
            public String fromString(String label) {
                for (String f : dev.rowan.model.kind.BarcodeKind.FORMATS) {
                    if (dev.rowan.model.kind.BarcodeKind.label(f).equals(label)) return f;
                }
                return label;
            }
        });
        format.valueProperty().bindBidirectional(s.format());
        HBox row = new HBox(8, fixed(new Label("Format")), format);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node precision(PrecisionSettings s, @Nullable Node extra) {
        Spinner<Integer> precision = new Spinner<>(0, 10, s.precision().get());
        precision.setId("designer-precision");
        precision.setEditable(true);
        precision.setPrefWidth(90);
        // the spinner always shows the stored value: its value is the ViewModel's, both ways
        ObjectProperty<Integer> value = s.precision().asObject();
        precision.getValueFactory().valueProperty().bindBidirectional(value);
        precision.getProperties().put(SettingsPanes.class, value);
        HBox row = new HBox(8, fixed(new Label("Decimal places")), precision);
        row.setAlignment(Pos.CENTER_LEFT);
        if (extra != null) row.getChildren().addAll(fixed(new Label("Currency")), extra);
        if (s.hasThousands()) {
            CheckBox thousands = new CheckBox("Thousands separator");
            thousands.setId("designer-thousands");
            thousands.selectedProperty().bindBidirectional(s.thousandsSeparator());
            row.getChildren().add(thousands);
        }
        return row;
    }

    private static Node currency(CurrencySettings s) {
        TextField code = new TextField();
        code.setId("designer-currency");
        code.setPrefColumnCount(4);
        code.textProperty().bindBidirectional(s.currencyCode());
        return code;
    }

    private static Node date(DateSettings s) {
        CheckBox time = new CheckBox("Include time of day");
        time.setId("designer-include-time");
        time.selectedProperty().bindBidirectional(s.includeTime());
        return time;
    }

    /**
     * Options with their colours, and a "new option" field. Adding an option inserts its row above that field
     * instead of rebuilding the pane, so the keyboard stays in it for the next option (a rebuilt field lost the keys
     * typed right after Enter).
     */
    private static Node options(OptionSettings s) {
        VBox box = new VBox(8);
        TextField newOption = new TextField();
        newOption.setId("designer-new-option");
        newOption.setPromptText("New option, Enter to add");
        newOption.setOnAction(e -> {
            if (newOption.getText().isBlank()) return;
            String label = newOption.getText().strip();
            newOption.clear();
            s.addOption(label);
        });
        Runnable rebuild = () -> {
            box.getChildren().setAll(new Label("Options"));
            for (OptionDraft o : s.options()) box.getChildren().add(optionRow(s, o));
            box.getChildren().add(newOption);
        };
        ListChangeListener<OptionDraft> changed = c -> {
            boolean appendOnly = true;
            List<OptionDraft> added = new ArrayList<>();
            while (c.next()) {
                if (c.wasRemoved() || c.wasPermutated() || c.wasUpdated()
                        || c.getFrom() != c.getList().size() - c.getAddedSize()) {
                    appendOnly = false;
                } else {
                    added.addAll(c.getAddedSubList());
                }
            }
            if (!appendOnly) {
                rebuild.run();
                return;
            }
            for (OptionDraft o : added) box.getChildren().add(box.getChildren().indexOf(newOption), optionRow(s, o));
        };
        // the pane holds the listener; the ViewModel only a weak reference to it
        box.getProperties().put(SettingsPanes.class, changed);
        s.options().addListener(new WeakListChangeListener<>(changed));
        rebuild.run();
        return box;
    }

    private static HBox optionRow(OptionSettings s, OptionDraft o) {
        TextField label = new TextField();
        label.textProperty().bindBidirectional(o.label());
        label.getStyleClass().add("option-label");
        ComboBox<String> color = new ComboBox<>();
        color.getItems().addAll(FieldTypes.COLORS);
        color.valueProperty().bindBidirectional(o.color());
        color.setCellFactory(lv -> colorCell());
        color.setButtonCell(colorCell());
        Button remove = new Button("✕");
        remove.setOnAction(e -> s.options().remove(o));
        HBox row = new HBox(6, label, color, remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static ListCell<String> colorCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(@Nullable String c, boolean empty) {
                super.updateItem(c, empty);
                setText(null);
                setGraphic(empty || c == null ? null : Chips.chip(c, c));
            }
        };
    }

    private static Label fixed(Label l) {
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
