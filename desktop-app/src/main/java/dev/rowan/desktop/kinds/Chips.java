package dev.rowan.desktop.kinds;

import dev.rowan.desktop.core.Styles;
import dev.rowan.model.schema.SelectOption;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import java.util.List;

/** Select options drawn as coloured chips (cells, the option picker, the designer's colour list). */
public final class Chips {
    private Chips() {
    }

    public static Label chip(SelectOption o) {
        return chip(o.label(), o.color());
    }

    public static Label chip(String text, String color) {
        Label chip = new Label(text);
        chip.getStyleClass().addAll(Styles.CHIP, Styles.chip(color));
        return chip;
    }

    /** A row of chips, as a cell shows a select value. */
    public static HBox row(List<SelectOption> options) {
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        for (SelectOption o : options) box.getChildren().add(chip(o));
        return box;
    }
}
