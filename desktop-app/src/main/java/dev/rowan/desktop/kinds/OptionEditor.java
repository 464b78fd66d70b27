package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Single and multiple select: a search field over the options; nothing is saved while choosing. Type to search,
 * Up/Down to choose, Enter or Tab to pick (multiple select: Enter toggles, Tab saves).
 */
final class OptionEditor extends GridEditor {
    private final FieldType.Select select;
    private final boolean multiple;
    private final TextField search = new TextField();
    private final ObservableList<@Nullable SelectOption> shown = FXCollections.observableArrayList();
    private final ListView<@Nullable SelectOption> list = new ListView<>(shown);
    private final Set<String> chosen = new LinkedHashSet<>();
    /** Multiple select: the options chosen so far, as chips under the search field. */
    private final FlowPane chosenBox = new FlowPane(4, 4);
    private final VBox box;
    private final boolean asList;

    OptionEditor(EditorHost host, FieldType.Select select, boolean multiple) {
        this(host, select, multiple, false);
    }

    /** {@code asList}: a single pick is saved as a list of one (a user field's ids are a list either way). */
    OptionEditor(EditorHost host, FieldType.Select select, boolean multiple, boolean asList) {
        super(host);
        this.asList = asList;
        this.select = select;
        this.multiple = multiple;
        Object v = host.value();
        if (v instanceof List<?> l) for (Object o : l) chosen.add(String.valueOf(o));
        else if (v != null) chosen.add(String.valueOf(v));
        search.getStyleClass().addAll("grid-editor", "option-search");
        search.setPromptText(multiple ? "Search; Enter toggles, Tab saves" : "Search; Enter picks");
        list.setFocusTraversable(false);
        list.getStyleClass().add("option-list");
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(@Nullable SelectOption o, boolean empty) {
                super.updateItem(o, empty);
                setText(null);
                setGraphic(null);
                if (empty) return;
                if (o == null) {
                    setText("— none");
                    return;
                }
                Label chip = Chips.chip(o);
                if (multiple) {
                    Label tick = new Label(chosen.contains(o.id()) ? "✓" : "");
                    tick.setMinWidth(16);
                    setGraphic(new HBox(6, tick, chip));
                } else {
                    setGraphic(chip);
                }
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || !(e.getTarget() instanceof Node t)) return;
            for (Node p = t; p != null && p != list; p = p.getParent()) {
                if (p instanceof ListCell<?> c && !c.isEmpty()) {
                    list.getSelectionModel().select(c.getIndex());
                    choose();
                    search.requestFocus();
                    e.consume();
                    return;
                }
            }
        });
        search.textProperty().addListener((o, a, b) -> filter());
        keys(search, false);
        search.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!host.isOpen(this)) return;
            int at = list.getSelectionModel().getSelectedIndex();
            switch (e.getCode()) {
                case DOWN -> list.getSelectionModel().select(Math.min(shown.size() - 1, at + 1));
                case UP -> list.getSelectionModel().select(Math.max(0, at - 1));
                case ENTER -> {
                    if (multiple && !e.isShortcutDown()) choose();
                    else host.save(multiple ? 0 : 1, 0);
                }
                default -> {
                    return;
                }
            }
            list.scrollTo(Math.max(0, list.getSelectionModel().getSelectedIndex() - 2));
            e.consume();
        });
        Label hint = new Label(multiple ? "Enter toggles · Tab saves" : "↑↓ choose · Enter picks");
        hint.getStyleClass().addAll("muted-text", "option-hint");
        chosenBox.getStyleClass().add("option-chosen");
        showChosen();
        box = new VBox(2, search, chosenBox, list, hint);
        box.setPadding(new Insets(0, 0, 4, 0));
        box.getStyleClass().add("option-editor");
    }

    private void showChosen() {
        chosenBox.getChildren().clear();
        for (SelectOption o : select.options()) if (chosen.contains(o.id())) chosenBox.getChildren().add(Chips.chip(o));
        boolean show = multiple && !chosen.isEmpty();
        chosenBox.setVisible(show);
        chosenBox.setManaged(show);
        chosenBox.setPadding(new Insets(2, 6, 2, 6));
    }

    public Node root() {
        return box;
    }

    public Node input() {
        return search;
    }

    @Override
    public double minWidth() {
        return 220;
    }

    @Override
    public double height(double cellHeight) {
        return cellHeight + Math.min(8, Math.max(2, shown.size())) * 28 + 30 + (chosenBox.isManaged() ? 28 : 0);
    }

    public void start(String text, boolean typed) {
        search.setText(typed ? text : "");
        search.end();
        filter();
        if (!typed && !multiple) {
            for (int i = 0; i < shown.size(); i++) {
                SelectOption o = shown.get(i);
                if (o != null && chosen.contains(o.id())) list.getSelectionModel().select(i);
            }
        }
    }

    private void filter() {
        String q = search.getText().strip().toLowerCase(Locale.ROOT);
        List<@Nullable SelectOption> out = new ArrayList<>();
        if (q.isEmpty() && !multiple) out.add(null);
        List<SelectOption> starts = new ArrayList<>();
        List<SelectOption> contains = new ArrayList<>();
        for (SelectOption o : select.options()) {
            String l = o.label().toLowerCase(Locale.ROOT);
            if (l.startsWith(q)) starts.add(o);
            else if (l.contains(q)) contains.add(o);
        }
        out.addAll(starts);
        out.addAll(contains);
        shown.setAll(out);
        if (!shown.isEmpty()) list.getSelectionModel().select(q.isEmpty() || multiple ? 0 : (shown.getFirst() == null ? 1 : 0));
        if (!q.isEmpty() && !shown.isEmpty()) list.getSelectionModel().select(0);
        list.refresh();
    }

    /** Multiple select: toggles the chosen option and clears the search for the next one. */
    private void choose() {
        SelectOption o = list.getSelectionModel().getSelectedItem();
        if (!multiple) {
            host.save(0, 0);
            return;
        }
        if (o == null) return;
        if (!chosen.remove(o.id())) chosen.add(o.id());
        if (!search.getText().isEmpty()) search.clear();
        showChosen();
        list.refresh();
    }

    public void commit() {
        String q = search.getText().strip();
        if (multiple) {
            if (!q.isEmpty() && list.getSelectionModel().getSelectedItem() != null) {
                choose();
            } else if (!q.isEmpty()) {
                host.commitText(q);
                return;
            }
            host.setValue(chosen.isEmpty() ? null : List.copyOf(chosen));
            return;
        }
        SelectOption o = list.getSelectionModel().getSelectedItem();
        if (o == null && !q.isEmpty()) {
            host.commitText(q);
            return;
        }
        host.setValue(o == null ? null : asList ? List.of(o.id()) : o.id());
    }
}
