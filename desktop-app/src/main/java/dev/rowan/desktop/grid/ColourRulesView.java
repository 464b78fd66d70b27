package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.filter.FilterBarView;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The row-colour rule editor, a panel under the filter bar: per rule a colour and the filter bar's condition builder
 * (the same nodes, ids prefixed {@code colour-rule-<n>}), moved up or down (the first match wins), removed; Save
 * stores them in the view (one undo step).
 */
final class ColourRulesView {
    private final ColourRulesViewModel vm;
    private final Supplier<DateTimeFormatter> dates;
    private final VBox root = new VBox(6);
    private final VBox list = new VBox(8);

    ColourRulesView(ColourRulesViewModel vm, Supplier<DateTimeFormatter> dates) {
        this.vm = vm;
        this.dates = dates;
        root.setId("colour-rules");
        root.getStyleClass().add(Styles.FILTER_BAR);
        root.setPadding(new Insets(6, 8, 6, 8));
        Label title = new Label("Colour rows by conditions — the first rule a record matches colours its row");
        title.setStyle("-fx-font-weight: bold;");
        Button add = button("+ Rule", "colour-rules-add", () -> vm.add());
        Button save = button("Save", "colour-rules-save", () -> {
            if (vm.save()) setShown(false);
        });
        save.getStyleClass().add("accent");
        Button close = button("Close", "colour-rules-close", () -> {
            vm.load();
            setShown(false);
        });
        Label message = new Label();
        message.setId("colour-rules-message");
        message.getStyleClass().add(Styles.ERROR);
        message.textProperty().bind(vm.message());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox actions = new HBox(6, add, save, close, message, gap);
        actions.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(title, list, actions);
        vm.rules().addListener((ListChangeListener<ColourRulesViewModel.Rule>) c -> redraw());
        redraw();
        setShown(false);
    }

    Node root() {
        return root;
    }

    boolean isShown() {
        return root.isVisible();
    }

    /** Shows the panel with the stored rules (one empty rule to start with when there are none). */
    void open() {
        vm.load();
        if (vm.rules().isEmpty()) vm.add();
        setShown(true);
    }

    void setShown(boolean shown) {
        root.setVisible(shown);
        root.setManaged(shown);
    }

    private void redraw() {
        list.getChildren().clear();
        for (int i = 0; i < vm.rules().size(); i++) list.getChildren().add(rule(vm.rules().get(i), i));
    }

    private Node rule(ColourRulesViewModel.Rule r, int i) {
        String prefix = "colour-rule-" + i;
        ColorPicker colour = new ColorPicker(Color.web(r.colour().get()));
        colour.setId(prefix + "-colour");
        colour.valueProperty().addListener((o, a, b) -> {
            if (b != null) r.colour().set(hex(b));
        });
        FilterBarView conditions = new FilterBarView(r.conditions(), dates, prefix, true);
        HBox.setHgrow(conditions.root(), Priority.ALWAYS);
        Button up = button("↑", prefix + "-up", () -> vm.move(r, -1));
        Button down = button("↓", prefix + "-down", () -> vm.move(r, 1));
        Button remove = button("✕", prefix + "-remove", () -> vm.remove(r));
        up.setDisable(i == 0);
        down.setDisable(i == vm.rules().size() - 1);
        for (Button b : new Button[] {up, down, remove}) b.getStyleClass().add("flat");
        HBox row = new HBox(8, colour, conditions.root(), up, down, remove);
        row.setAlignment(Pos.TOP_LEFT);
        row.setStyle("-fx-border-color: transparent transparent -color-border-muted transparent;");
        return row;
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }
}
