package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.RollupFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * The designer's panes of {@link LinkSettings}: Link (table, limit to one, the other side's field name), Lookup (link
 * field, field) and Rollup (link field, field, function). The ViewModel holds only weak listeners of a pane.
 */
final class LinkPanes {
    private LinkPanes() {
    }

    static Node of(LinkSettings s) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        int r = 0;
        if (s.isLink()) {
            ComboBox<LinkSettings.Choice> table = choices("designer-link-table", s.tables(), s.table());
            table.disableProperty().bind(s.saved());
            CheckBox one = new CheckBox("Limit to one record");
            one.setId("designer-link-limit-one");
            one.selectedProperty().bindBidirectional(s.limitOne());
            grid.addRow(r++, label("Links to"), table);
            grid.addRow(r++, new Label(), one);
            TextField inverse = new TextField();
            inverse.setId("designer-link-inverse");
            inverse.setPrefColumnCount(18);
            inverse.textProperty().bindBidirectional(s.inverseName());
            inverse.disableProperty().bind(s.saved());
            Label inverseLabel = label("Field in the other table");
            inverse.visibleProperty().bind(s.saved().not());
            inverse.managedProperty().bind(inverse.visibleProperty());
            inverseLabel.visibleProperty().bind(inverse.visibleProperty());
            inverseLabel.managedProperty().bind(inverse.visibleProperty());
            grid.addRow(r++, inverseLabel, inverse);
        } else {
            grid.addRow(r++, label("Link field"), choices("designer-link-field", s.linkFields(), s.linkField()));
            grid.addRow(r++, label("Field"), choices("designer-link-target", s.targetFields(), s.targetField()));
            if (s.isRollup()) {
                ComboBox<RollupFunction> fn = new ComboBox<>(s.functions());
                fn.setId("designer-rollup-function");
                fn.setConverter(new javafx.util.StringConverter<>() {
                    public String toString(@Nullable RollupFunction f) {
                        return f == null ? "" : f.label();
                    }

                    public RollupFunction fromString(String t) {
                        return RollupFunction.fromApi(t).orElse(RollupFunction.COUNT);
                    }
                });
                fn.valueProperty().bindBidirectional(s.function());
                grid.addRow(r++, label("Function"), fn);
            }
        }
        Label summary = new Label();
        summary.textProperty().bind(s.summary());
        summary.setId("designer-link-summary");
        summary.setWrapText(true);
        summary.getStyleClass().add("muted-text");
        VBox box = new VBox(8, grid, summary);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    /** A combo box of choices showing the one whose id {@code chosen} holds, and setting it when picked. */
    private static ComboBox<LinkSettings.Choice> choices(String id, ObservableList<LinkSettings.Choice> items,
                                                         ObjectProperty<@Nullable UUID> chosen) {
        ComboBox<LinkSettings.Choice> box = new ComboBox<>();
        box.setId(id);
        box.setPrefWidth(240);
        box.getItems().setAll(items);
        boolean[] syncing = {false};
        Runnable show = () -> {
            syncing[0] = true;
            try {
                box.getSelectionModel().clearSelection();
                for (LinkSettings.Choice c : box.getItems()) if (c.id().equals(chosen.get())) box.getSelectionModel().select(c);
            } finally {
                syncing[0] = false;
            }
        };
        ListChangeListener<LinkSettings.Choice> itemsChanged = c -> {
            syncing[0] = true;
            try {
                box.getItems().setAll(items);
            } finally {
                syncing[0] = false;
            }
            show.run();
        };
        ChangeListener<@Nullable UUID> chosenChanged = (o, a, b) -> show.run();
        // the pane holds the listeners; the ViewModel only weak references to them
        box.getProperties().put(LinkPanes.class, new Object[]{itemsChanged, chosenChanged});
        items.addListener(new WeakListChangeListener<>(itemsChanged));
        chosen.addListener(new WeakChangeListener<>(chosenChanged));
        box.valueProperty().addListener((o, a, b) -> {
            if (!syncing[0] && b != null) chosen.set(b.id());
        });
        show.run();
        return box;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
