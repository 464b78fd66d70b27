package dev.rowan.desktop.form;

import dev.rowan.desktop.core.Styles;
import dev.rowan.model.schema.FieldType;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The record form: one editor per field, validation messages beside them. */
public final class RecordFormView {
    private final RecordFormViewModel vm;
    private final GridPane grid = new GridPane();
    private final VBox root;
    private final java.util.function.Supplier<java.time.format.DateTimeFormatter> dates;

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
        root = new VBox(12, title, grid, new HBox(8, save, fresh, delete), msg);
        root.setPadding(new Insets(16));
        vm.entries().addListener((ListChangeListener<FormEntry>) c -> rebuild());
        rebuild();
    }

    public Node root() {
        ScrollPane sp = new ScrollPane(root);
        sp.setFitToWidth(true);
        return sp;
    }

    private void rebuild() {
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

    private Node editor(FormEntry e) {
        return switch (e.field().type()) {
            case FieldType.MultipleSelect m -> dev.rowan.desktop.editors.MultiSelectInput.of(m, e.text());
            case FieldType.DateType d when d.includeTime() -> dev.rowan.desktop.editors.DateTimeInput.of(e.text(), dates);
            case FieldType.BooleanType b -> {
                CheckBox cb = new CheckBox();
                cb.setSelected("true".equals(e.text().get()));
                cb.selectedProperty().addListener((o, a, v) -> e.text().set(v ? "true" : ""));
                yield cb;
            }
            case FieldType.SingleSelect s -> {
                ComboBox<String> cb = new ComboBox<>();
                cb.getItems().add("");
                s.options().forEach(o -> cb.getItems().add(o.label()));
                cb.valueProperty().bindBidirectional(e.text());
                yield cb;
            }
            case FieldType.LongText l -> {
                TextArea ta = new TextArea();
                ta.setPrefRowCount(3);
                ta.setPrefColumnCount(30);
                ta.textProperty().bindBidirectional(e.text());
                yield ta;
            }
            default -> {
                TextField tf = new TextField();
                tf.setPrefColumnCount(30);
                tf.getStyleClass().add("form-field");
                tf.textProperty().bindBidirectional(e.text());
                if (e.field().type() instanceof FieldType.DateType) tf.setPromptText("2026-01-31");
                if (e.field().type() instanceof FieldType.Percent) tf.setPromptText("35 = 35 %");
                yield tf;
            }
        };
    }
}
