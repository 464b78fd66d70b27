package dev.rowan.desktop.views.form;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.gallery.GalleryView;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.FormConfig;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The form view's nodes: a toolbar with the design switch, then either the form to fill (questions in sections, help
 * under each, messages beside refused answers; Enter checks the answer and moves to the next question, on the last
 * one it submits) or the designer (one line per question: order, label, required, help, section heading, remove; a
 * field to add; the success message).
 */
public final class FormView {
    private final FormViewModel vm;
    private final ViewEnvironment env;
    private final BorderPane root = new BorderPane();
    private final VBox fill = new VBox(10);
    private final GridPane design = new GridPane();
    private final ScrollPane scroll = new ScrollPane();
    private final List<Node> editors = new ArrayList<>();
    private final ToggleButton designSwitch = new ToggleButton("Design form");

    public FormView(FormViewModel vm, ViewEnvironment env) {
        this.vm = vm;
        this.env = env;
        root.setId("form-view");
        root.getStylesheets().add(GalleryView.STYLESHEET);
        designSwitch.setId("form-design");
        designSwitch.setFocusTraversable(false);
        designSwitch.selectedProperty().bindBidirectional(vm.designing());
        Label title = new Label();
        title.getStyleClass().add("title-4");
        vm.table().addListener((o, a, b) -> title.setText(b == null ? "" : b.name()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button undo = new Button("Undo");
        undo.setId("design-undo");
        undo.disableProperty().bind(vm.canUndoDesign().not());
        undo.setOnAction(e -> vm.undoDesign());
        Button redo = new Button("Redo");
        redo.setId("design-redo");
        redo.disableProperty().bind(vm.canRedoDesign().not());
        redo.setOnAction(e -> vm.redoDesign());
        for (Button b : List.of(undo, redo)) {
            b.setFocusTraversable(false);
            b.visibleProperty().bind(vm.designing());
            b.managedProperty().bind(vm.designing());
        }
        HBox bar = new HBox(8, title, spacer, undo, redo, designSwitch);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add(Styles.TOOLBAR);
        root.setTop(bar);
        scroll.setFitToWidth(true);
        root.setCenter(scroll);
        fill.setPadding(new Insets(20));
        fill.setMaxWidth(620);
        fill.getStyleClass().add("form-view-page");
        fill.addEventFilter(KeyEvent.KEY_PRESSED, this::enter);
        design.addEventHandler(KeyEvent.KEY_PRESSED, this::designKeys);
        design.setFocusTraversable(true);
        design.setHgap(8);
        design.setVgap(6);
        design.setPadding(new Insets(16));
        vm.inputs().addListener((ListChangeListener<FormInput>) c -> rebuildFill());
        vm.entries().addListener((ListChangeListener<FormConfig.Entry>) c -> rebuildDesign());
        vm.designing().addListener((o, a, b) -> showMode());
        rebuildFill();
        rebuildDesign();
        showMode();
    }

    public Node root() {
        return root;
    }

    private void showMode() {
        if (vm.designing().get()) {
            scroll.setContent(design);
        } else {
            VBox page = new VBox(fill);
            page.setPadding(new Insets(16));
            page.setAlignment(Pos.TOP_CENTER);
            scroll.setContent(page);
        }
    }

    /** Puts the keyboard on the first question, or in the designer. */
    public void focus() {
        if (vm.designing().get()) design.requestFocus();
        else if (!editors.isEmpty()) focusEditor(0);
    }

    // ------------------------------------------------------------------ fill

    private void rebuildFill() {
        fill.getChildren().clear();
        editors.clear();
        List<FormInput> inputs = vm.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            FormInput in = inputs.get(i);
            if (in.section() != null) {
                Label s = new Label(in.section());
                s.getStyleClass().add("form-view-section");
                s.setMaxWidth(Double.MAX_VALUE);
                fill.getChildren().add(s);
            }
            Label label = new Label(in.label() + (in.required() ? " *" : ""));
            label.setId("fill-label-" + i);
            label.getStyleClass().add("text-bold");
            Node editor = FieldUis.of(in.field().type()).formEditor(in.field().type(), in.text(), env.dates());
            editor.setId("fill-field-" + i);
            editors.add(editor);
            VBox q = new VBox(4, label, editor);
            if (in.help() != null) {
                Label help = new Label(in.help());
                help.getStyleClass().add("form-view-help");
                help.setWrapText(true);
                q.getChildren().add(help);
            }
            Label error = new Label();
            error.setId("fill-error-" + i);
            error.getStyleClass().add(Styles.ERROR);
            error.textProperty().bind(in.error());
            error.managedProperty().bind(in.error().isNotEmpty());
            error.visibleProperty().bind(in.error().isNotEmpty());
            q.getChildren().add(error);
            fill.getChildren().add(q);
        }
        Button submit = new Button("Submit");
        submit.setId("fill-submit");
        submit.getStyleClass().add("accent");
        submit.disableProperty().bind(vm.submitting());
        submit.setOnAction(e -> submit());
        Label message = new Label();
        message.setId("fill-message");
        message.getStyleClass().add(Styles.ERROR);
        message.textProperty().bind(vm.message());
        Label success = new Label();
        success.setId("fill-success");
        success.getStyleClass().add("form-view-success");
        success.setWrapText(true);
        success.textProperty().bind(vm.success());
        // how the keys go, where people look before they press one
        Label keys = new Label("Enter: next question · Ctrl+Enter in a long text, or Enter on the last: submit");
        keys.setId("fill-keys");
        keys.getStyleClass().add("form-view-help");
        HBox row = new HBox(12, submit, message);
        row.setAlignment(Pos.CENTER_LEFT);
        fill.getChildren().addAll(row, keys, success);
    }

    /** Enter in an answer: checked in place, then the next question; on the last question, the form is submitted. */
    private void enter(KeyEvent e) {
        if (e.getCode() != KeyCode.ENTER || vm.designing().get()) return;
        int i = indexOfFocused();
        if (i < 0) return;
        if (e.getTarget() instanceof TextArea && !e.isShortcutDown()) return; // a new line in long text
        e.consume();
        if (!vm.check(i)) {
            focusEditor(i);
            return;
        }
        if (i < editors.size() - 1) focusEditor(i + 1);
        else submit();
    }

    private void submit() {
        if (vm.submit()) {
            Platform.runLater(() -> focusEditor(0));
            return;
        }
        for (int i = 0; i < vm.inputs().size(); i++) {
            if (!vm.inputs().get(i).error().get().isEmpty()) {
                focusEditor(i);
                return;
            }
        }
    }

    private int indexOfFocused() {
        if (root.getScene() == null) return -1;
        Node f = root.getScene().getFocusOwner();
        for (Node n = f; n != null; n = n.getParent()) {
            int i = editors.indexOf(n);
            if (i >= 0) return i;
        }
        return -1;
    }

    private void focusEditor(int i) {
        if (i < 0 || i >= editors.size()) return;
        Node target = firstFocusable(editors.get(i));
        if (target != null) target.requestFocus();
    }

    private static @Nullable Node firstFocusable(Node n) {
        if (n.isFocusTraversable() && !n.isDisabled()) return n;
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                Node f = firstFocusable(c);
                if (f != null) return f;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ design

    /**
     * Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) in the designer undo and redo design changes; a text box keeps them for its own
     * text (it consumes them first), and the window's record history is not touched while designing.
     */
    private void designKeys(KeyEvent e) {
        if (!e.isShortcutDown()) return;
        if (e.getCode() == KeyCode.Z && !e.isShiftDown()) vm.undoDesign();
        else if (e.getCode() == KeyCode.Y || e.getCode() == KeyCode.Z) vm.redoDesign();
        else return;
        e.consume();
    }

    private void rebuildDesign() {
        // the line that had the keyboard is rebuilt: the keyboard stays in the designer (for Ctrl+Z, Tab)
        boolean hadFocus = root.getScene() != null && inside(root.getScene().getFocusOwner(), design);
        design.getChildren().clear();
        int r = 0;
        design.addRow(r++, header(""), header("Field"), header("Label"), header("Required"), header("Help text"),
                header("Section heading above"), header(""));
        List<FormConfig.Entry> entries = vm.entries();
        TableDef t = vm.table().get();
        for (int i = 0; i < entries.size(); i++) {
            FormConfig.Entry e = entries.get(i);
            int at = i;
            Button up = new Button("↑");
            up.setId("design-up-" + i);
            up.setDisable(i == 0);
            up.setOnAction(x -> vm.move(at, at - 1));
            Button down = new Button("↓");
            down.setId("design-down-" + i);
            down.setDisable(i == entries.size() - 1);
            down.setOnAction(x -> vm.move(at, at + 1));
            FieldDef f = t == null ? null : t.fieldById(e.fieldId()).orElse(null);
            Label name = new Label(vm.fieldNameOf(e) + (f != null && f.required() ? " (required by the field)" : ""));
            TextField label = text("design-label-" + i, e.label() == null ? vm.fieldNameOf(e) : e.label(), at,
                    vm::setLabel);
            CheckBox required = new CheckBox();
            required.setId("design-required-" + i);
            required.setSelected(e.required() || f != null && f.required());
            required.setDisable(f != null && f.required());
            required.selectedProperty().addListener((o, a, b) -> vm.setRequired(at, b));
            TextField help = text("design-help-" + i, e.help() == null ? "" : e.help(), at, vm::setHelp);
            TextField section = text("design-section-" + i, e.section() == null ? "" : e.section(), at, vm::setSection);
            Button remove = new Button("Remove");
            remove.setId("design-remove-" + i);
            remove.setOnAction(x -> vm.remove(at));
            remove.setMinWidth(Region.USE_PREF_SIZE);
            design.addRow(r++, new HBox(2, up, down), name, label, required, help, section, remove);
        }
        ComboBox<FieldDef> add = new ComboBox<>(vm.available());
        add.setId("design-add");
        add.setPromptText("Add a field…");
        add.setConverter(new StringConverter<>() {
            @Override
            public String toString(@Nullable FieldDef f) {
                return f == null ? "" : f.name();
            }

            @Override
            public @Nullable FieldDef fromString(String s) {
                return null;
            }
        });
        add.valueProperty().addListener((o, a, b) -> {
            if (b != null) Platform.runLater(() -> vm.add(b.id()));
        });
        add.setDisable(vm.available().isEmpty());
        design.add(add, 1, r++, 2, 1);
        TextField success = new TextField(vm.config().get().successMessage() == null ? ""
                : vm.config().get().successMessage());
        success.setId("design-success");
        success.setPromptText(FormConfig.DEFAULT_SUCCESS);
        success.setOnAction(x -> vm.setSuccessMessage(success.getText()));
        success.focusedProperty().addListener((o, a, b) -> {
            if (!b) vm.setSuccessMessage(success.getText());
        });
        design.add(header("After a submission"), 1, r);
        design.add(success, 2, r, 4, 1);
        r++;
        Label msg = new Label();
        msg.getStyleClass().add(Styles.ERROR);
        msg.textProperty().bind(vm.message());
        design.add(msg, 1, r, 5, 1);
        if (hadFocus) design.requestFocus();
    }

    private static boolean inside(@Nullable Node n, Node parent) {
        for (Node x = n; x != null; x = x.getParent()) if (x == parent) return true;
        return false;
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add(Styles.MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A text box whose value is saved when Enter is pressed or the box is left. */
    private static TextField text(String id, String value, int index, BiConsumer<Integer, String> save) {
        TextField tf = new TextField(value);
        tf.setId(id);
        tf.setPrefColumnCount(12);
        tf.setOnAction(x -> save.accept(index, tf.getText()));
        tf.focusedProperty().addListener((o, a, b) -> {
            if (!b && tf.getScene() != null) save.accept(index, tf.getText());
        });
        return tf;
    }
}
