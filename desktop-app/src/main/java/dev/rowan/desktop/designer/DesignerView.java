package dev.rowan.desktop.designer;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.KindSettings;
import dev.rowan.desktop.kinds.KindUi;
import dev.rowan.model.schema.FieldDef;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;


/** The designer screen: field list on the left, the selected field's settings on the right. */
public final class DesignerView {
    private final DesignerViewModel vm;
    private final SplitPane root = new SplitPane();
    private final ListView<FieldDef> list = new ListView<>();
    private final VBox settings = new VBox(8);
    private boolean selecting;
    /** The selected field's name. */
    private final TextField name = new TextField();
    /** Set by "+ Field": the next selection (the new field) puts the cursor in its name, all of it selected. */
    private boolean nameOnSelect;

    public DesignerView(DesignerViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("designer");
        Node fieldList = left();
        root.getItems().addAll(fieldList, right());
        root.setDividerPositions(0.3);
        // a wider or narrower window widens or narrows the settings, not the field list
        SplitPane.setResizableWithParent(fieldList, false);
        vm.settings().addListener((o, a, b) -> rebuildSettings());
        vm.rollupFilter().addListener((o, a, b) -> rebuildSettings());
        rebuildSettings();
    }

    public Node root() {
        return root;
    }

    private Node left() {
        list.setId("designer-fields");
        list.setItems(vm.fields());
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(@Nullable FieldDef f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f.name() + "   ·   " + FieldUis.of(f.type()).label());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!selecting && b != null) vm.select(b);
        });
        vm.selected().addListener((o, a, b) -> {
            syncSelection(b);
            if (nameOnSelect && b != null) {
                nameOnSelect = false;
                javafx.application.Platform.runLater(() -> {
                    name.requestFocus();
                    name.selectAll();
                });
            }
        });
        vm.fields().addListener((ListChangeListener<FieldDef>) c -> syncSelection(vm.selected().get()));
        MenuButton add = new MenuButton("+ Field");
        add.setId("designer-add");
        // basic kinds at the top level, the others in submenus by KindUi.menuGroup (in the order first met)
        java.util.Map<String, javafx.scene.control.Menu> groups = new java.util.LinkedHashMap<>();
        for (KindUi<?> k : FieldUis.designable()) {
            MenuItem mi = new MenuItem(k.label());
            mi.setId("add-" + k.kind());
            mi.setOnAction(e -> {
                // the new field's name is ready to type over (selected once the field is shown)
                nameOnSelect = true;
                vm.addField(k.kind());
            });
            String group = k.menuGroup();
            if (KindUi.BASIC.equals(group)) {
                add.getItems().add(mi);
            } else {
                groups.computeIfAbsent(group, g -> {
                    javafx.scene.control.Menu m = new javafx.scene.control.Menu(g);
                    m.setId("add-group-" + g.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
                    return m;
                }).getItems().add(mi);
            }
        }
        if (!groups.isEmpty()) add.getItems().add(new javafx.scene.control.SeparatorMenuItem());
        add.getItems().addAll(groups.values());
        Button up = button("↑", "designer-up", () -> vm.move(-1));
        Button down = button("↓", "designer-down", () -> vm.move(1));
        Button remove = button("Remove", "designer-remove", vm::removeSelected);
        Button restore = button("Undo remove", "designer-restore", vm::restoreRemoved);
        restore.disableProperty().bind(vm.canRestore().not());
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 6, add, up, down, remove, restore);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add(Styles.TOOLBAR);
        VBox box = new VBox(8, buttons, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private void syncSelection(@Nullable FieldDef f) {
        selecting = true;
        try {
            if (f == null) list.getSelectionModel().clearSelection();
            else vm.fields().stream().filter(x -> x.id().equals(f.id())).findFirst().ifPresent(list.getSelectionModel()::select);
        } finally {
            selecting = false;
        }
    }

    private Node right() {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        // the labels keep their width; long texts (a failing type-change preview) wrap in the second column
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        // below this the settings scroll sideways instead of wrapping the preview a letter per line
        values.setMinWidth(280);
        form.getColumnConstraints().addAll(labels, values);
        name.setId("designer-name");
        name.textProperty().bindBidirectional(vm.name());
        ComboBox<String> kind = new ComboBox<>();
        kind.setId("designer-kind");
        for (KindUi<?> k : FieldUis.designable()) kind.getItems().add(k.kind());
        kind.setConverter(new javafx.util.StringConverter<>() {
            public String toString(@Nullable String k) { return k == null ? "" : FieldUis.label(k); }
            public String fromString(String s) { return s; }
        });
        kind.valueProperty().bindBidirectional(vm.kind());
        CheckBox required = new CheckBox("Required");
        required.selectedProperty().bindBidirectional(vm.required());
        CheckBox unique = new CheckBox("Unique");
        unique.selectedProperty().bindBidirectional(vm.unique());
        TextField dflt = new TextField();
        dflt.setId("designer-default");
        dflt.textProperty().bindBidirectional(vm.defaultText());
        TextField description = new TextField();
        description.textProperty().bindBidirectional(vm.description());
        int r = 0;
        form.addRow(r++, fixed(new Label("Name")), name);
        form.addRow(r++, fixed(new Label("Type")), kind);
        form.add(settings, 1, r++);
        form.addRow(r++, fixed(new Label("Rules")), new HBox(12, required, unique));
        form.addRow(r++, fixed(new Label("Default")), dflt);
        form.addRow(r++, fixed(new Label("Description")), description);
        form.addRow(r++, fixed(new Label("Validation")), validation());
        Button preview = button("Preview type change", "designer-preview", vm::previewTypeChange);
        Button apply = button("Apply", "designer-apply", vm::apply);
        // Enter in a text setting applies, as in any settings form
        for (TextField f : java.util.List.of(name, dflt, description)) f.setOnAction(e -> vm.apply());
        apply.getStyleClass().add("accent");
        form.add(new HBox(8, preview, apply), 1, r++);
        Label pv = new Label();
        pv.setId("designer-preview-text");
        pv.setWrapText(true);
        pv.setMinWidth(0);
        pv.setMaxWidth(Double.MAX_VALUE);
        pv.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        pv.getStyleClass().add(Styles.PREVIEW);
        pv.textProperty().bind(vm.preview());
        vm.previewBlocks().addListener((o, a, b) -> pv.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failing"), b));
        form.add(pv, 1, r++);
        CheckBox clear = new CheckBox();
        clear.setId("designer-clear-invalid");
        clear.setWrapText(true);
        clear.setMinWidth(0);
        clear.textProperty().bind(Bindings.createStringBinding(() -> "Empty the " + vm.failing().get()
                + (vm.failing().get() == 1 ? " value" : " values") + " that cannot convert, and apply", vm.failing()));
        clear.selectedProperty().bindBidirectional(vm.clearInvalid());
        clear.visibleProperty().bind(vm.previewBlocks());
        clear.managedProperty().bind(clear.visibleProperty());
        form.add(clear, 1, r++);
        Label msg = new Label();
        msg.setId("designer-message");
        msg.setWrapText(true);
        msg.setMinWidth(0);
        msg.setMaxWidth(Double.MAX_VALUE);
        msg.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        msg.getStyleClass().add(Styles.MUTED);
        msg.textProperty().bind(vm.message());
        form.add(msg, 1, r);
        form.setPadding(new Insets(16));
        form.disableProperty().bind(vm.selected().isNull());
        Label title = new Label();
        title.getStyleClass().add("title-3");
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.selected().get() == null ? "No field selected"
                : "Field settings", vm.selected()));
        VBox box = new VBox(4, title, form);
        box.setPadding(new Insets(8, 16, 8, 16));
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        return sp;
    }

    private Node validation() {
        TextField min = new TextField();
        min.setPromptText("min");
        min.setPrefColumnCount(6);
        min.textProperty().bindBidirectional(vm.min());
        TextField max = new TextField();
        max.setPromptText("max");
        max.setPrefColumnCount(6);
        max.textProperty().bindBidirectional(vm.max());
        TextField pattern = new TextField();
        pattern.setPromptText("pattern (regex, text fields)");
        pattern.textProperty().bindBidirectional(vm.pattern());
        return new HBox(6, min, max, pattern);
    }

    /** The selected kind's own settings: the pane its UI descriptor makes for its settings ViewModel. */
    private void rebuildSettings() {
        KindSettings s = vm.settings().get();
        settings.getChildren().setAll(FieldUis.byKind(s.kind()).orElseThrow().settingsPane(s));
        dev.rowan.desktop.filter.FilterBarViewModel rf = vm.rollupFilter().get();
        if (rf != null) {
            // a rollup's filter on the linked records: the filter bar's condition editor over the linked table
            Label only = new Label("Only linked records where (none: all of them)");
            only.getStyleClass().add(Styles.MUTED);
            settings.getChildren().addAll(only,
                    new dev.rowan.desktop.filter.FilterBarView(rf, () -> java.time.format.DateTimeFormatter.ISO_LOCAL_DATE,
                            "rollup-filter", true).root());
        }
    }

    private static Label fixed(Label l) {
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Button button(String text, String id, Runnable r) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }
}
