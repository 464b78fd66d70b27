package dev.rowan.desktop.views;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The settings bar above a view (stack by, date fields, zoom, card size…) with the view's message: the controls keep
 * their size and the message is what gets cut (with its whole text as a tooltip), so a long hint never squeezes a
 * label to "…" or a choice box to "(no…". Regions that grow (spacers) still take the room left.
 */
public final class ViewBar {
    /** The style class of every such bar (tests find it by it). */
    public static final String STYLE = "view-settings";

    private ViewBar() {
    }

    /** A bar of {@code items} in order; {@code message} (one of them) shrinks first. */
    public static HBox of(Label message, Node... items) {
        HBox bar = new HBox(8, items);
        for (Node n : items) {
            if (n == message || !(n instanceof Region r) || HBox.getHgrow(n) == Priority.ALWAYS) continue;
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        message.setMinWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.SOMETIMES);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(message.textProperty());
        message.tooltipProperty().bind(javafx.beans.binding.Bindings.when(message.textProperty().isEmpty())
                .then((Tooltip) null).otherwise(tip));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add(STYLE);
        return bar;
    }
}
