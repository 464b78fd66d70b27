package dev.rowan.desktop.views.gallery;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.kinds.CellLook;
import dev.rowan.desktop.kinds.Chips;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GalleryConfig;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gallery's nodes: a toolbar (title field, card fields, card size, count) over a virtualised list of lines of
 * cards; only the lines in view are built, and a line asks the ViewModel for its cards (which loads their page).
 * Arrow keys, Home/End move the selection, Enter or a double-click opens the card's record in the form.
 */
public final class GalleryView {
    public static final String STYLESHEET = "/dev/rowan/desktop/views/views.css";
    static final String CARD = "gallery-card";
    static final String SELECTED = "gallery-card-selected";
    private static final double GAP = 12;
    /** Card width and height by size. */
    private static final Map<String, double[]> SIZES = Map.of(GalleryConfig.SMALL, new double[]{180, 130},
            GalleryConfig.MEDIUM, new double[]{240, 180}, GalleryConfig.LARGE, new double[]{320, 250});

    private final GalleryViewModel vm;
    private final ViewEnvironment env;
    private final BorderPane root = new BorderPane();
    private final ListView<Integer> lines = new ListView<>();
    private final ObservableList<Integer> lineItems = FXCollections.observableArrayList();
    private final ComboBox<@Nullable FieldDef> titleChoice = new ComboBox<>();
    private final MenuButton fieldsMenu = new MenuButton("Fields");
    private final ComboBox<String> sizeChoice = new ComboBox<>(FXCollections.observableArrayList(GalleryConfig.SIZES));
    private boolean syncing;

    public GalleryView(GalleryViewModel vm, ViewEnvironment env) {
        this.vm = vm;
        this.env = env;
        root.setId("gallery-view");
        root.getStylesheets().add(STYLESHEET);
        lines.setId("gallery-cards");
        lines.getStyleClass().add("gallery-list");
        lines.setItems(lineItems);
        lines.setCellFactory(l -> new Line());
        lines.setFocusTraversable(true);
        lines.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        lines.widthProperty().addListener((o, a, b) -> relayout());
        root.setTop(toolbar());
        root.setCenter(lines);
        vm.count().addListener((o, a, b) -> relayout());
        vm.config().addListener((o, a, b) -> {
            syncToolbar();
            relayout();
        });
        vm.table().addListener((o, a, b) -> syncToolbar());
        vm.version().addListener((o, a, b) -> lines.refresh());
        vm.selected().addListener((o, a, b) -> {
            int i = b.intValue();
            if (i >= 0) reveal(i / Math.max(1, vm.columns().get()));
            lines.refresh();
        });
        syncToolbar();
        relayout();
    }

    private Node toolbar() {
        Label titleLabel = new Label("Title");
        titleChoice.setId("gallery-title-field");
        titleChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(@Nullable FieldDef f) {
                return f == null ? "" : f.name();
            }

            @Override
            public @Nullable FieldDef fromString(String s) {
                return null;
            }
        });
        titleChoice.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) vm.setTitleField(b.id());
        });
        fieldsMenu.setId("gallery-fields");
        sizeChoice.setId("gallery-card-size");
        sizeChoice.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) vm.setCardSize(b);
        });
        Label count = new Label();
        count.setId("gallery-count");
        count.getStyleClass().add(Styles.MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format("%,d cards", vm.count().get()),
                vm.count()));
        Label message = new Label();
        message.getStyleClass().add(Styles.MUTED);
        message.textProperty().bind(vm.message());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = dev.rowan.desktop.views.ViewBar.of(message, titleLabel, titleChoice, fieldsMenu, new Label("Cards"),
                sizeChoice, message, spacer, count);
        bar.getStyleClass().add(Styles.TOOLBAR);
        for (Node n : bar.getChildren()) n.setFocusTraversable(false);
        return bar;
    }

    /** The toolbar shows the view's settings (without saving them back). */
    private void syncToolbar() {
        syncing = true;
        try {
            TableDef t = vm.table().get();
            List<FieldDef> fields = t == null ? List.of() : t.activeFields();
            titleChoice.getItems().setAll(fields);
            titleChoice.setValue(vm.titleField().orElse(null));
            sizeChoice.setValue(vm.config().get().cardSize());
            List<FieldDef> shown = vm.cardFields();
            fieldsMenu.getItems().clear();
            for (FieldDef f : fields) {
                CheckMenuItem item = new CheckMenuItem(f.name());
                item.setId("gallery-field-" + f.name().replaceAll("[^A-Za-z0-9]", "_"));
                item.setSelected(shown.contains(f));
                item.selectedProperty().addListener((o, a, b) -> {
                    if (!syncing) vm.setCardFieldShown(f.id(), b);
                });
                fieldsMenu.getItems().add(item);
            }
        } finally {
            syncing = false;
        }
    }

    private double[] size() {
        return SIZES.get(vm.config().get().cardSize());
    }

    /** Cards per line from the width; the list holds one item per line of cards. */
    private void relayout() {
        double width = lines.getWidth() > 0 ? lines.getWidth() - 20 : 800;
        int cols = Math.max(1, (int) ((width - GAP) / (size()[0] + GAP)));
        vm.columns().set(cols);
        long n = vm.count().get();
        int count = (int) ((n + cols - 1) / cols);
        if (lineItems.size() != count) {
            Integer[] items = new Integer[count];
            for (int i = 0; i < count; i++) items[i] = i;
            lineItems.setAll(items);
        }
        lines.setFixedCellSize(size()[1] + GAP);
        lines.refresh();
    }

    /** Scrolls just enough to show a line (the list's own scrollTo puts it at the top). */
    private void reveal(int line) {
        if (lines.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow) flow.scrollTo(line);
        else lines.scrollTo(line);
    }

    private void key(KeyEvent e) {
        switch (e.getCode()) {
            case LEFT -> vm.move(-1, 0);
            case RIGHT -> vm.move(1, 0);
            case UP -> vm.move(0, -1);
            case DOWN -> vm.move(0, 1);
            case HOME -> vm.selectFirst();
            case END -> vm.selectLast();
            case ENTER -> openSelected();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void openSelected() {
        vm.selectedRecord().ifPresent(env.openRecord());
    }

    public Node root() {
        return root;
    }

    /** The list of card lines (takes the keyboard). */
    public ListView<Integer> cards() {
        return lines;
    }

    /** One line of cards. */
    private final class Line extends ListCell<Integer> {
        private final HBox box = new HBox(GAP);

        Line() {
            box.setPadding(new Insets(GAP / 2, GAP, GAP / 2, GAP));
            setText(null);
        }

        @Override
        protected void updateItem(@Nullable Integer item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            int cols = Math.max(1, vm.columns().get());
            box.getChildren().clear();
            long n = vm.count().get();
            for (int i = item * cols; i < Math.min(n, (long) (item + 1) * cols); i++) box.getChildren().add(card(i));
            setGraphic(box);
        }
    }

    private Node card(int index) {
        double[] s = size();
        VBox card = new CardBox();
        card.getStyleClass().add(CARD);
        card.setId("gallery-card-" + index);
        card.setPrefSize(s[0], s[1]);
        card.setMinSize(s[0], s[1]);
        card.setMaxSize(s[0], s[1]);
        if (index == vm.selected().get()) card.getStyleClass().add(SELECTED);
        // select on press: a click is press + release on the same node, and a page arriving in between rebuilds the
        // card, which would lose the click (seen under load in GalleryFormScreenTest)
        card.setOnMousePressed(e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            vm.select(index);
            lines.requestFocus();
        });
        card.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) openSelected();
        });
        Optional<Row> row = vm.card(index);
        if (row.isEmpty()) {
            Label loading = new Label("Loading…");
            loading.getStyleClass().add(Styles.MUTED);
            card.getChildren().add(loading);
            return card;
        }
        Row r = row.get();
        TableDef t = vm.table().get();
        if (t == null) return card;
        // the cover's slot: an attachment field's first image, when a table can have one (Covers)
        vm.coverField().ifPresent(f -> {
            var image = vm.coverImage(r).map(p -> new javafx.scene.image.Image(p.toUri().toString(), s[0] - 16,
                    s[1] / 3, true, true, false)).filter(img -> !img.isError());
            if (image.isPresent()) {
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(image.get());
                view.getStyleClass().add("gallery-card-cover-image");
                view.setId("gallery-card-cover-" + index);
                card.getChildren().add(view);
                return;
            }
            Region cover = new Region();
            cover.getStyleClass().add("gallery-card-cover");
            cover.setPrefHeight(s[1] / 3);
            card.getChildren().add(cover);
        });
        Label title = new Label(vm.titleField().map(f -> text(f, r)).filter(x -> !x.isBlank()).orElse("Untitled"));
        title.getStyleClass().add("gallery-card-title");
        title.setId("gallery-card-title-" + index);
        card.getChildren().add(title);
        for (FieldDef f : vm.cardFields()) {
            Label name = new Label(f.name());
            name.getStyleClass().add("gallery-card-label");
            VBox field = new VBox(2, name, value(f, r)); // a field's name and value show or hide together
            field.getStyleClass().add("gallery-card-field");
            card.getChildren().add(field);
        }
        return card;
    }

    /**
     * A card of a fixed size: what does not fit whole (more fields than its height holds, a long value list) is
     * hidden instead of drawn over the card's edge and the cards below (found using the app: a medium card with
     * four fields drew its last value under the card).
     */
    static final class CardBox extends VBox {
        CardBox() {
            super(4);
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            double bottom = getHeight() - snappedBottomInset();
            boolean fits = true;
            for (Node n : getChildren()) {
                fits = fits && n.getBoundsInParent().getMaxY() <= bottom + 0.5;
                n.setVisible(fits);
            }
        }
    }

    private String text(FieldDef f, Row r) {
        return FieldUis.of(f.type()).text(f.type(), r.value(f.id()), env.dates().get());
    }

    /** A value the way its field's kind draws it: text, chips, or a tick. */
    private Node value(FieldDef f, Row r) {
        CellLook look = FieldUis.of(f.type()).look(f.type(), r.value(f.id()), env.dates().get());
        return switch (look) {
            case CellLook.Text t -> {
                Label l = new Label(t.text().isEmpty() ? "—" : t.text());
                l.setMaxWidth(Double.MAX_VALUE);
                yield l;
            }
            case CellLook.Chips c -> Chips.row(c.options());
            case CellLook.Check c -> new Label(c.checked() ? "☑" : "☐");
        };
    }
}
