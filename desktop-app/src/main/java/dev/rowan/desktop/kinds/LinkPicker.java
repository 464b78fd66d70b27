package dev.rowan.desktop.kinds;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The record picker of a link field (the grid's link editor and the record form use it): the linked records as
 * chips, a search field over the linked table's titles (read a page at a time as it is typed) and the matches under
 * it, with "+ New …" to make a record with the typed title. Up/Down choose, Enter links the chosen record (or makes
 * the new one), Backspace/Delete in an empty search unlinks the last chip, a chip's ✕ unlinks it. Every link or
 * unlink is written at once through {@link FieldLinks} as one change.
 * <p>Chips by keyboard (slice h-fieldgaps2): Left at the start of the search moves onto the last chip, Left/Right
 * move between chips (Right past the last returns to the search), Enter opens the chosen chip's record
 * ({@link FieldLinks#open}), Backspace/Delete unlinks it, and typing goes back to the search. The keyboard never
 * leaves the search field (the chosen chip is only drawn as chosen), so keys typed fast are never lost on a focus
 * move.
 */
final class LinkPicker {
    /** How many matches one search reads. */
    static final int PAGE = 50;

    /** A row of the list: a record to link, or the "+ New …" row (record null). */
    record Item(@Nullable LinkChoice record, String newTitle) {
    }

    private final FieldLinks links;
    private final TextField search = new TextField();
    private final ObservableList<Item> shown = FXCollections.observableArrayList();
    private final ListView<Item> list = new ListView<>(shown);
    private final FlowPane chips = new FlowPane(4, 4);
    /** Why the last link or unlink was refused (a record deleted meanwhile, a limit of one on the other side). */
    private final Label error = new Label();
    private final List<LinkChoice> linked;
    private final VBox box;
    private Runnable onChange = () -> { };
    /** How many matches are read: a page more each time the choice moves past the last one. */
    private int limit = PAGE;
    private boolean more;
    /** The chip chosen by Left/Right (index into {@link #linked}), or -1 when the keys are the search's. */
    private int chip = -1;

    LinkPicker(FieldLinks links) {
        this.links = links;
        this.linked = new ArrayList<>(links.linked());
        search.getStyleClass().addAll("link-search");
        search.setId("link-search");
        search.setPromptText("Find a " + links.noun() + " to link");
        list.setId("link-results");
        list.setFocusTraversable(false);
        list.getStyleClass().add("option-list");
        list.setPrefHeight(6 * 28 + 4);
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(@Nullable Item it, boolean empty) {
                super.updateItem(it, empty);
                getStyleClass().remove("link-new");
                if (empty || it == null) {
                    setText(null);
                    return;
                }
                if (it.record() == null) {
                    setText("+ New record \u201c" + it.newTitle() + "\u201d in " + links.noun());
                    getStyleClass().add("link-new");
                } else {
                    setText(it.record().shown());
                }
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || !(e.getTarget() instanceof Node t)) return;
            for (Node p = t; p != null && p != list; p = p.getParent()) {
                if (p instanceof ListCell<?> c && !c.isEmpty()) {
                    list.getSelectionModel().select(c.getIndex());
                    pick();
                    search.requestFocus();
                    e.consume();
                    return;
                }
            }
        });
        // the mouse wheel reads a page more too, once the last match read is in view (slice h-fieldgaps); a filter,
        // as the list's flow consumes the event: the check runs once the flow has scrolled (either way: a wheel
        // that ends up at the bottom is all that counts)
        list.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL,
                e -> javafx.application.Platform.runLater(this::moreWhenAtEnd));
        search.textProperty().addListener((o, a, b) -> {
            limit = PAGE;
            refresh();
        });
        search.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (chipKey(e) || windowHistory(e)) {
                e.consume();
                return;
            }
            int at = list.getSelectionModel().getSelectedIndex();
            switch (e.getCode()) {
                case DOWN -> {
                    if (more && at >= lastRecord()) {
                        limit += PAGE;
                        refresh();
                    }
                    list.getSelectionModel().select(Math.min(shown.size() - 1, at + 1));
                }
                case UP -> list.getSelectionModel().select(Math.max(0, at - 1));
                case ENTER -> pick();
                case BACK_SPACE, DELETE -> {
                    if (!search.getText().isEmpty() || linked.isEmpty()) return;
                    unlink(linked.getLast());
                }
                default -> {
                    return;
                }
            }
            list.scrollTo(Math.max(0, list.getSelectionModel().getSelectedIndex() - 2));
            e.consume();
        });
        chips.getStyleClass().add("option-chosen");
        chips.setId("link-chips");
        chips.setPadding(new Insets(2, 6, 2, 6));
        Label hint = new Label("↑↓ choose · Enter links · Backspace unlinks\n"
                + "←→ a linked record · Enter opens it · Esc closes");
        hint.getStyleClass().addAll("muted-text", "option-hint");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        error.getStyleClass().add("error-text");
        error.setId("link-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        box = new VBox(2, chips, search, list, error, hint);
        box.setPadding(new Insets(0, 0, 4, 0));
        box.getStyleClass().addAll("option-editor", "link-picker");
        showChips();
        refresh();
    }

    Node root() {
        return box;
    }

    /**
     * The keys of the chips: true when {@code e} was one (consumed by the caller). Left at the start of the search
     * (or on a chip) moves left; Right on a chip moves right, past the last back to the search; on a chip Enter opens
     * its record and Backspace/Delete unlink it; any other key leaves the chip for the search.
     */
    private boolean chipKey(KeyEvent e) {
        if (linked.isEmpty() || e.isShortcutDown() || e.isAltDown()) return chooseChip(-1);
        switch (e.getCode()) {
            case LEFT -> {
                if (chip >= 0) return chooseChip(Math.max(0, chip - 1));
                if (search.getCaretPosition() != 0 || search.getSelection().getLength() > 0) return false;
                return chooseChip(linked.size() - 1);
            }
            case RIGHT -> {
                if (chip < 0) return false;
                chooseChip(chip + 1 < linked.size() ? chip + 1 : -1);
                return true;
            }
            case ENTER -> {
                if (chip < 0) return false;
                LinkChoice c = linked.get(chip);
                chooseChip(-1);
                error.setText("");
                try {
                    links.open(c);
                } catch (RuntimeException ex) {
                    error.setText(ex.getMessage());
                }
                return true;
            }
            case BACK_SPACE, DELETE -> {
                if (chip < 0) return false;
                LinkChoice c = linked.get(chip);
                int next = chip;
                unlink(c);
                chooseChip(linked.isEmpty() ? -1 : Math.min(next, linked.size() - 1));
                return true;
            }
            case SHIFT, CONTROL, ALT, META, SHORTCUT -> {
                return false;
            }
            default -> {
                chooseChip(-1);
                return false;
            }
        }
    }

    /** Whether Ctrl+Z / Ctrl+Y in an empty search are the window's (see {@link #historyWhenEmpty}). */
    private boolean historyWhenEmpty;

    /**
     * Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) typed in the empty search undo and redo the window's last change — the link just
     * made — instead of the search's own typing (the record form, whose links are steps of the window's history).
     */
    void historyWhenEmpty() {
        historyWhenEmpty = true;
    }

    private boolean windowHistory(KeyEvent e) {
        if (!historyWhenEmpty || !e.isShortcutDown() || !search.getText().isEmpty()
                || (e.getCode() != javafx.scene.input.KeyCode.Z && e.getCode() != javafx.scene.input.KeyCode.Y)) {
            return false;
        }
        javafx.scene.Scene scene = search.getScene();
        if (scene == null) return false;
        for (var a : scene.getAccelerators().entrySet()) {
            if (a.getKey().match(e)) {
                a.getValue().run();
                return true;
            }
        }
        return false;
    }

    /** Draws chip {@code i} as chosen (-1: none); false, so a caller can pass a key on after leaving the chips. */
    private boolean chooseChip(int i) {
        int before = chip;
        chip = i;
        if (before != i) markChips();
        return i >= 0;
    }

    private void markChips() {
        for (int i = 0; i < chips.getChildren().size(); i++) {
            Node n = chips.getChildren().get(i);
            n.getStyleClass().remove(CHOSEN);
            if (i == chip) n.getStyleClass().add(CHOSEN);
        }
    }

    /** The style of the chip Left/Right chose. */
    static final String CHOSEN = "link-chip-chosen";

    /** The title of the chip chosen by the keys, for tests; empty when the keys are the search's. */
    java.util.Optional<String> chosenChip() {
        return chip < 0 || chip >= linked.size() ? java.util.Optional.empty() : java.util.Optional.of(linked.get(chip).shown());
    }

    TextField input() {
        return search;
    }

    int rows() {
        return shown.size();
    }

    /** The linked records now (in order). */
    List<LinkChoice> linked() {
        return List.copyOf(linked);
    }

    /** Starts with {@code text} in the search (the key that opened the picker). */
    void start(String text) {
        search.setText(text);
        search.end();
        refresh();
    }

    private void refresh() {
        String q = search.getText() == null ? "" : search.getText().strip();
        Set<UUID> have = new HashSet<>();
        for (LinkChoice c : linked) have.add(c.id());
        List<Item> out = new ArrayList<>();
        List<LinkChoice> found = links.search(q, limit + have.size());
        for (LinkChoice c : found) {
            if (!have.contains(c.id()) && out.size() < limit) out.add(new Item(c, ""));
        }
        more = found.size() >= limit + have.size();
        if (!q.isEmpty()) out.add(new Item(null, q));
        shown.setAll(out);
        if (!shown.isEmpty()) list.getSelectionModel().select(0);
    }

    /**
     * Reads a page more when more matches exist and the last one read is in view (scrolled to), keeping the choice
     * and the part of the list in view where they are.
     */
    private void moreWhenAtEnd() {
        if (!more) return;
        var flow = list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> v ? v : null;
        var last = flow == null ? null : flow.getLastVisibleCell();
        if (last == null || last.getIndex() < lastRecord() - 1) return;
        var first = flow.getFirstVisibleCell();
        int top = first == null ? 0 : first.getIndex();
        int chosen = list.getSelectionModel().getSelectedIndex();
        limit += PAGE;
        refresh();
        list.getSelectionModel().select(Math.max(0, Math.min(chosen, shown.size() - 1)));
        list.scrollTo(top);
    }

    /** The index of the last record shown (the "+ New" row comes after it). */
    private int lastRecord() {
        int i = shown.size() - 1;
        while (i >= 0 && shown.get(i).record() == null) i--;
        return i;
    }

    /** The matches shown now (records, then "+ New …"), for tests. */
    int shownRecords() {
        return lastRecord() + 1;
    }

    private void pick() {
        Item it = list.getSelectionModel().getSelectedItem();
        if (it == null) return;
        error.setText("");
        try {
            link(it);
        } catch (RuntimeException e) {
            error.setText(e.getMessage());
        }
    }

    private void link(Item it) {
        List<LinkChoice> next = new ArrayList<>(links.limitOne() ? List.of() : linked);
        if (it.record() == null) {
            LinkChoice made = links.createAndLink(it.newTitle());
            if (links.limitOne()) linked.clear();
            linked.add(made);
        } else {
            next.add(it.record());
            links.set(next);
            linked.clear();
            linked.addAll(next);
        }
        search.clear();
        showChips();
        refresh();
        onChange.run();
    }

    private void unlink(LinkChoice c) {
        List<LinkChoice> next = new ArrayList<>(linked);
        next.removeIf(x -> x.id().equals(c.id()));
        error.setText("");
        try {
            links.set(next);
        } catch (RuntimeException e) {
            error.setText(e.getMessage());
            return;
        }
        linked.clear();
        linked.addAll(next);
        showChips();
        refresh();
        onChange.run();
    }

    private void showChips() {
        chips.getChildren().clear();
        for (LinkChoice c : linked) {
            Label chip = Chips.chip(c.shown(), "blue");
            Button x = new Button("✕");
            x.getStyleClass().addAll("flat", "link-unlink");
            x.setFocusTraversable(false);
            x.setOnAction(e -> {
                unlink(c);
                search.requestFocus();
            });
            HBox h = new HBox(0, chip, x);
            h.setAlignment(Pos.CENTER_LEFT);
            h.getStyleClass().add("link-chip");
            chips.getChildren().add(h);
        }
        if (chip >= linked.size()) chip = linked.size() - 1;
        markChips();
        boolean any = !linked.isEmpty();
        chips.setVisible(any);
        chips.setManaged(any);
    }

    /** Called after every link or unlink (the form redraws its list). */
    void onChange(Runnable r) {
        onChange = r;
    }

    boolean hasChips() {
        return !linked.isEmpty();
    }
}
