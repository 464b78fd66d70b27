package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Conflicts.Conflict;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** The conflicts screen's nodes: the open conflicts on the left, the selected one and its choices on the right. */
public final class ConflictsView {
    private final ConflictsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ListView<Conflict> list = new ListView<>();

    public ConflictsView(ConflictsViewModel vm, Runnable close) {
        this.vm = vm;
        root.setId("conflicts-window");
        root.getStyleClass().add("conflicts");

        list.setId("conflicts-list");
        list.setItems(vm.items());
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(@Nullable Conflict item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : ConflictsViewModel.label(item));
                setWrapText(false);
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(ConflictsViewModel.label(item)));
            }
        });
        Label none = new Label("Nothing to resolve");
        none.getStyleClass().add(Styles.MUTED);
        list.setPlaceholder(none);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selected().get()) vm.selected().set(b);
        });
        vm.selected().addListener((o, a, b) -> {
            if (b == null) list.getSelectionModel().clearSelection();
            else if (list.getSelectionModel().getSelectedItem() != b) list.getSelectionModel().select(b);
        });
        list.setPrefWidth(320);

        Label emptyState = new Label(ConflictsViewModel.EMPTY);
        emptyState.setId("conflicts-empty");
        emptyState.getStyleClass().add("title-4");
        emptyState.setWrapText(true);
        emptyState.visibleProperty().bind(vm.empty());

        Node details = details();
        details.visibleProperty().bind(vm.empty().not().and(vm.selected().isNotNull()));
        StackPane right = new StackPane(emptyState, details);
        StackPane.setAlignment(details, Pos.TOP_LEFT);
        right.setPadding(new Insets(16));

        SplitPane split = new SplitPane(list, right);
        split.setDividerPositions(0.34);
        SplitPane.setResizableWithParent(list, false);
        root.setCenter(split);

        Button closeButton = new Button("Close");
        closeButton.setId("conflicts-close");
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        Label count = new Label();
        count.getStyleClass().add(Styles.MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.items().isEmpty() ? ""
                : vm.items().size() + (vm.items().size() == 1 ? " open conflict" : " open conflicts"), vm.items()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(8, count, spacer, closeButton);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8, 12, 8, 12));
        bottom.getStyleClass().add("conflicts-footer");
        root.setBottom(bottom);
    }

    private Node details() {
        Label title = new Label();
        title.setId("conflict-title");
        title.getStyleClass().add("title-4");
        title.textProperty().bind(vm.title());
        title.setWrapText(true);
        Label where = new Label();
        where.setId("conflict-where");
        where.getStyleClass().add(Styles.MUTED);
        where.textProperty().bind(vm.where());
        Label reason = new Label();
        reason.setId("conflict-reason");
        reason.setWrapText(true);
        reason.setMinHeight(Region.USE_PREF_SIZE);
        reason.textProperty().bind(vm.reason());

        Label error = new Label();
        error.setId("conflict-error");
        error.getStyleClass().add(Styles.ERROR);
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox box = new VBox(12, title, where, reason, fieldPane(), deletedPane(), changedPane(), viewPane(), infoPane(),
                error);
        box.setId("conflict-details");
        box.setFillWidth(true);
        box.disableProperty().bind(vm.busy());
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    /** Mine, theirs and base side by side in three equal columns under {@code headings}; ids {@code prefix}mine, …. */
    private GridPane threeValues(String[] headings, String prefix) {
        GridPane values = new GridPane();
        values.setHgap(10);
        values.setVgap(4);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            c.setHgrow(Priority.ALWAYS);
            values.getColumnConstraints().add(c);
        }
        values.addRow(0, heading(headings[0]), heading(headings[1]), heading(headings[2]));
        values.addRow(1, value(prefix + "mine", vm.mine()), value(prefix + "theirs", vm.theirs()),
                value(prefix + "base", vm.base()));
        return values;
    }

    private Node fieldPane() {
        GridPane values = threeValues(new String[] {"Mine", "Theirs (server)", "Base (before both)"}, "conflict-");

        Button keepMine = new Button("Keep mine");
        keepMine.setId("keep-mine");
        keepMine.setOnAction(e -> vm.keepMine());
        Button takeTheirs = new Button("Take theirs");
        takeTheirs.setId("take-theirs");
        takeTheirs.setOnAction(e -> vm.takeTheirs());
        HBox choices = new HBox(8, keepMine, takeTheirs);

        TextField merged = new TextField();
        merged.setId("merge-text");
        merged.setPromptText("A value combining both");
        merged.textProperty().bindBidirectional(vm.mergeText());
        HBox.setHgrow(merged, Priority.ALWAYS);
        Button useMerged = new Button("Use merged value");
        useMerged.setId("use-merged");
        useMerged.setOnAction(e -> vm.useMerged());
        merged.setOnAction(e -> vm.useMerged());
        HBox merge = new HBox(8, merged, useMerged);
        merge.setAlignment(Pos.CENTER_LEFT);
        Label mergeLabel = new Label("Or type a merged value:");
        mergeLabel.getStyleClass().add(Styles.MUTED);

        for (javafx.scene.Node n : java.util.List.of(mergeLabel, merge)) {
            n.visibleProperty().bind(vm.mergeable());
            n.managedProperty().bind(vm.mergeable());
        }
        VBox pane = new VBox(10, values, choices, mergeLabel, merge);
        pane.setId("conflict-field-pane");
        return onlyFor(pane, Conflicts.Kind.FIELD);
    }

    /**
     * A view setting both sides changed: mine is in effect, the value that lost is shown; OK keeps mine, "Use theirs
     * instead" saves the other value as a new view change.
     */
    private Node viewPane() {
        GridPane values = threeValues(new String[] {"Yours (kept)", "Theirs (replaced)", "Before both"},
                "view-conflict-");
        // a setting this desktop lost (someone synced after it): theirs is in effect, mine may be used again
        ((Label) values.getChildren().get(0)).textProperty().bind(Bindings.when(vm.overruled())
                .then("Yours (replaced)").otherwise("Yours (kept)"));
        ((Label) values.getChildren().get(1)).textProperty().bind(Bindings.when(vm.overruled())
                .then("Theirs (in effect)").otherwise("Theirs (replaced)"));
        Button ok = new Button("OK");
        ok.setId("view-conflict-ok");
        ok.getStyleClass().add("accent");
        ok.setOnAction(e -> vm.dismiss());
        Button other = new Button("Use theirs instead");
        other.setId("view-conflict-use-theirs");
        other.setOnAction(e -> vm.useOtherSetting());
        other.visibleProperty().bind(vm.overruled().not());
        other.managedProperty().bind(vm.overruled().not());
        Button again = new Button("Use yours again");
        again.setId("view-conflict-use-mine");
        again.setOnAction(e -> vm.useMineAgain());
        again.visibleProperty().bind(vm.overruled());
        again.managedProperty().bind(vm.overruled());
        VBox pane = new VBox(10, values, new HBox(8, ok, other, again));
        pane.setId("conflict-view-pane");
        return onlyFor(pane, Conflicts.Kind.VIEW);
    }

    private Node deletedPane() {
        Label mine = new Label();
        mine.setId("deleted-mine");
        mine.setWrapText(true);
        mine.textProperty().bind(Bindings.concat("Your values: ", vm.mine()));
        Button recreate = new Button("Re-create with my values");
        recreate.setId("recreate");
        recreate.getStyleClass().add("accent");
        recreate.setOnAction(e -> vm.recreate());
        Button drop = new Button("Drop my edit");
        drop.setId("drop-edit");
        drop.setOnAction(e -> vm.dismiss());
        VBox pane = new VBox(10, mine, new HBox(8, recreate, drop));
        pane.setId("conflict-deleted-pane");
        return onlyFor(pane, Conflicts.Kind.DELETED);
    }

    private Node changedPane() {
        Label theirs = new Label();
        theirs.setId("changed-theirs");
        theirs.setWrapText(true);
        theirs.textProperty().bind(Bindings.concat("On the server now: ", vm.theirs()));
        Button delete = new Button("Delete anyway");
        delete.setId("delete-anyway");
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> vm.deleteAnyway());
        Button keep = new Button("Keep the record");
        keep.setId("keep-record");
        keep.setOnAction(e -> vm.keepRecord());
        VBox pane = new VBox(10, theirs, new HBox(8, delete, keep));
        pane.setId("conflict-changed-pane");
        return onlyFor(pane, Conflicts.Kind.CHANGED);
    }

    private Node infoPane() {
        Button ok = new Button("OK");
        ok.setId("conflict-ok");
        ok.getStyleClass().add("accent");
        ok.setOnAction(e -> vm.dismiss());
        HBox pane = new HBox(8, ok);
        pane.setId("conflict-info-pane");
        BooleanBinding info = vm.kind().isEqualTo(Conflicts.Kind.SCHEMA).or(vm.kind().isEqualTo(Conflicts.Kind.REJECTED));
        pane.visibleProperty().bind(info);
        pane.managedProperty().bind(info);
        return pane;
    }

    private Node onlyFor(Node pane, Conflicts.Kind kind) {
        BooleanBinding shown = vm.kind().isEqualTo(kind);
        pane.visibleProperty().bind(shown);
        pane.managedProperty().bind(shown);
        return pane;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("conflict-heading");
        return l;
    }

    private static Label value(String id, StringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("conflict-value");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.textProperty().bind(text);
        return l;
    }

    public Parent root() {
        return root;
    }

    public ListView<Conflict> list() {
        return list;
    }

    public static Stage show(@Nullable Window owner, ConflictsViewModel vm, List<String> stylesheets) {
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle("Sync conflicts");
        ConflictsView view = new ConflictsView(vm, stage::close);
        Scene scene = new Scene(view.root(), 900, 520);
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
