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
        Label chip = chip(o.label(), o.color());
        chip.setUserData(o.id()); // what the chip stands for (a link chip: the linked record's id)
        return chip;
    }

    public static Label chip(String text, String color) {
        Label chip = new Label(text);
        chip.getStyleClass().addAll(Styles.CHIP, Styles.chip(color));
        return chip;
    }

    /**
     * A row of chips with a picture on each chip whose file has one (attachments in a grid cell); the pictures come
     * from {@code thumbnails}, which never makes the cell wait.
     */
    public static HBox row(CellLook.Chips look, Thumbnails thumbnails) {
        if (look.files().isEmpty()) return row(look.options());
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        for (int i = 0; i < look.options().size(); i++) {
            Label chip = chip(look.options().get(i));
            if (i < look.files().size() && Thumbnails.applies(look.files().get(i))) {
                // the chip takes the picture once there is one (a file this desktop lacks keeps a plain chip)
                javafx.scene.image.ImageView thumb = thumbnails.view(look.files().get(i));
                if (thumb.getImage() != null) chip.setGraphic(thumb);
                else thumb.imageProperty().addListener((o, a, b) -> chip.setGraphic(b == null ? null : thumb));
            }
            box.getChildren().add(chip);
        }
        return box;
    }

    /** A row of chips, as a cell shows a select value. */
    public static HBox row(List<SelectOption> options) {
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        for (SelectOption o : options) box.getChildren().add(chip(o));
        return box;
    }
}
