package dev.rowan.desktop.form;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.kinds.FieldUis;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The record form: one editor per field, validation messages beside them. */
public final class RecordFormView {
    private final RecordFormViewModel vm;
    private final GridPane grid = new GridPane();
    private final VBox root;
    private final java.util.function.Supplier<java.time.format.DateTimeFormatter> dates;
    private dev.rowan.desktop.kinds.FileActions files = dev.rowan.desktop.kinds.FileActions.NONE;

    public RecordFormView(RecordFormViewModel vm) {
        this(vm, () -> java.time.format.DateTimeFormatter.ISO_LOCAL_DATE);
    }

    public RecordFormView(RecordFormViewModel vm, java.util.function.Supplier<java.time.format.DateTimeFormatter> dates) {
        this.vm = vm;
        this.dates = dates;
        grid.setHgap(12);
        grid.setVgap(8);
        Label title = new Label();
        title.getStyleClass().add("title-3");
        title.textProperty().bind(vm.title());
        Button save = new Button("Save");
        save.setId("form-save");
        save.getStyleClass().add("accent");
        save.setOnAction(e -> vm.save());
        Button fresh = new Button("New record");
        fresh.setId("form-new");
        fresh.setOnAction(e -> vm.newRecord());
        Button delete = new Button("Delete");
        delete.setId("form-delete");
        delete.disableProperty().bind(vm.record().isNull());
        delete.setOnAction(e -> vm.delete());
        Label msg = new Label();
        msg.setId("form-message");
        msg.getStyleClass().add(Styles.MUTED);
        msg.textProperty().bind(vm.message());
        Button back = new Button();
        back.setId("form-back");
        back.getStyleClass().add("flat");
        back.textProperty().bind(vm.backTitle());
        back.visibleProperty().bind(vm.canGoBack());
        back.managedProperty().bind(back.visibleProperty());
        back.setOnAction(e -> vm.back());
        root = new VBox(12, back, title, grid, new HBox(8, save, fresh, delete), msg);
        root.setPadding(new Insets(16));
        vm.entries().addListener((ListChangeListener<FormEntry>) c -> rebuild());
        // a new record has its link pickers too: its first link saves it (FormLinks), so nothing is rebuilt then
        rebuild();
    }

    public Node root() {
        ScrollPane sp = new ScrollPane(root);
        sp.setFitToWidth(true);
        return sp;
    }

    private void rebuild() {
        // the keyboard stays in the form when it shows another record (a linked record opened with Enter, Escape
        // back, an undo): the editor that had it is gone, and the scene would hand it to the window's first button.
        // The form itself takes it, not a field: Ctrl+Z then undoes the window's next step (a text field would take
        // it for its own text), Tab goes to the first field, Escape returns
        javafx.scene.Scene scene = grid.getScene();
        boolean hadKeys = false;
        for (Node n = scene == null ? null : scene.getFocusOwner(); n != null; n = n.getParent()) {
            if (n == grid) hadKeys = true;
        }
        fill();
        if (hadKeys) root.requestFocus();
    }

    private void fill() {
        grid.getChildren().clear();
        int r = 0;
        for (FormEntry e : vm.entries()) {
            Label name = new Label(e.field().name() + (e.field().required() ? " *" : ""));
            Node editor = editor(e);
            editor.setId("form-field-" + e.field().name().replaceAll("[^A-Za-z0-9]", "_"));
            Label error = new Label();
            error.getStyleClass().add(Styles.ERROR);
            error.textProperty().bind(e.error());
            error.setId("form-error-" + r);
            grid.addRow(r++, name, editor, error);
        }
    }

    /** The field kind's form editor ({@link FieldUis}), bound to the entry's text. */
    private Node editor(FormEntry e) {
        Node n = FieldUis.of(e.field().type()).formEditor(e.field().type(), e.text(), dates,
                new dev.rowan.desktop.kinds.FormContext(vm.tableId(), files, vm.links(e.field()).orElse(null)));
        if (n instanceof javafx.scene.control.TextField tf
                && dev.rowan.model.kind.FieldKinds.of(e.field().type()).computed()) {
            // a computed value sits where the grid puts it (numbers to the right); fields being typed into keep the
            // caret where people expect it
            switch (FieldUis.align(e.field().type())) {
                case END -> tf.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
                case CENTER -> tf.setAlignment(javafx.geometry.Pos.CENTER);
                case START -> {
                }
            }
        }
        if (n instanceof javafx.scene.control.Control c && e.cellError().isPresent()) {
            c.getStyleClass().add(ERROR_VALUE);
            c.setTooltip(new javafx.scene.control.Tooltip(e.cellError().get().reason()));
        }
        return n;
    }

    /** The style of a form field showing a formula's error value (#DIV/0!, #ERROR). */
    public static final String ERROR_VALUE = "formula-error-value";

    /** What attachment editors may do with files (the window gives the workspace's; none until then). */
    public void files(dev.rowan.desktop.kinds.FileActions files) {
        this.files = files;
        rebuild();
    }
}
