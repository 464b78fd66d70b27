package dev.rowan.desktop.syncui;

import atlantafx.base.controls.ToggleSwitch;
import dev.rowan.desktop.core.Styles;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;

/**
 * The "Who can open this table" dialog's nodes: the restricted switch, one line per member with None / Can read /
 * Can edit (owners and admins: "Always (admin)"), the add-member form, the error line, Save / Cancel. Enter saves,
 * Esc cancels (or closes the add form when it has the focus).
 */
public final class TableAccessView {
    /** Style classes of the level buttons in a member's line (tests look them up inside the line). */
    public static final String LEVEL = "access-level-";
    private static final double LEVEL_WIDTH = 236;
    private final TableAccessViewModel vm;
    private final VBox root;
    private final VBox memberList = new VBox();

    public TableAccessView(TableAccessViewModel vm, Runnable close) {
        this.vm = vm;
        Label title = new Label(vm.title());
        title.setId("access-title");
        title.getStyleClass().add("title-3");

        ToggleSwitch restricted = new ToggleSwitch("Only people I choose");
        restricted.setId("access-restricted");
        restricted.selectedProperty().bindBidirectional(vm.restricted());
        restricted.disableProperty().bind(vm.loaded().not().or(vm.busy()));
        Label hint = new Label();
        hint.setId("access-hint");
        hint.getStyleClass().add(Styles.MUTED);
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.textProperty().bind(vm.hint());

        // a plain column of lines rather than a ListView: each line holds live buttons, and a company's member list
        // is short enough to build whole
        memberList.setId("access-members");
        memberList.getStyleClass().add("access-members");
        vm.rows().addListener((ListChangeListener<TableAccessViewModel.MemberRow>) c -> rebuild());
        ScrollPane scroll = new ScrollPane(memberList);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(200);
        scroll.setMinHeight(120);
        scroll.getStyleClass().add("access-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Button add = new Button("Add member…", new FontIcon(Feather.USER_PLUS));
        add.setId("access-add-open");
        add.getStyleClass().add("flat");
        add.disableProperty().bind(vm.loaded().not().or(vm.busy()));
        add.visibleProperty().bind(vm.addOpen().not());
        add.managedProperty().bind(add.visibleProperty());
        add.setOnAction(e -> vm.addOpen().set(true));
        Node addForm = addForm();

        Label error = new Label();
        error.setId("access-error");
        error.getStyleClass().add(Styles.ERROR);
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("access-progress");
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(vm.busy());
        Label working = new Label();
        working.getStyleClass().add(Styles.MUTED);
        working.textProperty().bind(vm.busyText());
        working.visibleProperty().bind(vm.busy());
        working.managedProperty().bind(working.visibleProperty());
        working.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("access-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button save = new Button("Save");
        save.setId("access-save");
        save.getStyleClass().add("accent");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.canSave().not());
        save.setOnAction(e -> vm.save());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, progress, working, spacer, cancel, save);
        buttons.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, title, restricted, hint, scroll, add, addForm, error, buttons);
        root.setId("table-access-dialog");
        root.setPadding(new Insets(20));
        root.setPrefWidth(600);
        // Enter saves wherever the focus is (a level button would otherwise keep it), except in the add form,
        // where it adds the member
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown() && !e.isAltDown() && !vm.addOpen().get()) {
                vm.save();
                e.consume();
            }
        });
        vm.done().addListener((o, a, b) -> {
            if (b) close.run();
        });
        rebuild();
    }

    public Parent root() {
        return root;
    }

    private void rebuild() {
        memberList.getChildren().clear();
        for (TableAccessViewModel.MemberRow r : vm.rows()) memberList.getChildren().add(line(r));
    }

    private Node line(TableAccessViewModel.MemberRow r) {
        Label name = new Label(r.name());
        name.getStyleClass().add("access-name");
        Tooltip.install(name, new Tooltip(r.member().email()));
        Label email = new Label(r.detail());
        email.getStyleClass().addAll(Styles.MUTED, "text-small");
        email.setVisible(!r.detail().isEmpty());
        email.setManaged(email.isVisible());
        VBox who = new VBox(1, name, email);
        who.setAlignment(Pos.CENTER_LEFT);
        who.setMinWidth(0);
        HBox.setHgrow(who, Priority.ALWAYS);
        Label role = new Label(r.roleLabel());
        role.getStyleClass().addAll(Styles.MUTED, "access-role");
        role.setMinWidth(64);
        role.setPrefWidth(64);

        Node level;
        if (r.admin()) {
            Label always = new Label("Always (admin)");
            always.getStyleClass().addAll(Styles.MUTED, LEVEL + "always");
            level = always;
        } else {
            ToggleGroup group = new ToggleGroup();
            HBox buttons = new HBox();
            TableAccessViewModel.Choice[] choices = TableAccessViewModel.Choice.values();
            for (int i = 0; i < choices.length; i++) {
                TableAccessViewModel.Choice c = choices[i];
                ToggleButton b = new ToggleButton(c.label());
                b.setUserData(c);
                b.setToggleGroup(group);
                b.setFocusTraversable(true);
                b.setMinWidth(Region.USE_PREF_SIZE);
                b.getStyleClass().addAll(LEVEL + c.name().toLowerCase(Locale.ROOT),
                        i == 0 ? "left-pill" : i == choices.length - 1 ? "right-pill" : "center-pill");
                b.setSelected(r.choice().get() == c);
                buttons.getChildren().add(b);
            }
            // a pill group always has one level: clicking the chosen one again keeps it
            group.selectedToggleProperty().addListener((o, was, now) -> {
                if (now == null) {
                    if (was != null) was.setSelected(true);
                } else {
                    r.choice().set((TableAccessViewModel.Choice) now.getUserData());
                }
            });
            r.choice().addListener((o, a, b) -> group.getToggles().stream().filter(t -> t.getUserData() == b)
                    .findFirst().ifPresent(t -> t.setSelected(true)));
            buttons.disableProperty().bind(vm.restricted().not().or(vm.busy()));
            level = buttons;
        }
        // the level sits in a slot of one width on every line, so names, roles and levels form columns
        StackPane slot = new StackPane(level);
        slot.setAlignment(Pos.CENTER_LEFT);
        slot.setMinWidth(LEVEL_WIDTH);
        slot.setPrefWidth(LEVEL_WIDTH);
        HBox line = new HBox(12, who, role, slot);
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(6, 10, 6, 10));
        line.getStyleClass().add("access-line");
        line.setUserData(r);
        return line;
    }

    private Node addForm() {
        TextField email = new TextField();
        email.setId("access-new-email");
        email.setPromptText("someone@example.com");
        email.textProperty().bindBidirectional(vm.newEmail());
        TextField name = new TextField();
        name.setId("access-new-name");
        name.setPromptText("Optional");
        name.textProperty().bindBidirectional(vm.newName());
        PasswordField password = new PasswordField();
        password.setId("access-new-password");
        password.setPromptText("Needed; someone with an account keeps theirs");
        password.textProperty().bindBidirectional(vm.newPassword());
        ComboBox<String> role = new ComboBox<>();
        role.setId("access-new-role");
        role.getItems().setAll(TableAccessViewModel.ROLES);
        role.valueProperty().bindBidirectional(vm.newRole());
        role.setButtonCell(new RoleCell());
        role.setCellFactory(l -> new RoleCell());
        role.setMaxWidth(Double.MAX_VALUE);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        grid.addRow(0, new Label("Email"), email);
        grid.add(fieldError("access-new-email-error", vm.emailError()), 1, 1);
        grid.addRow(2, new Label("Name"), name);
        grid.addRow(3, new Label("Password"), password);
        grid.add(fieldError("access-new-password-error", vm.passwordError()), 1, 4);
        grid.addRow(5, new Label("Role"), role);

        Label other = fieldError("access-new-error", vm.addError());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("access-add-cancel");
        cancel.setOnAction(e -> vm.cancelAdd());
        Button add = new Button("Add");
        add.setId("access-add");
        add.disableProperty().bind(vm.canAdd().not());
        add.setOnAction(e -> vm.addMember());
        HBox buttons = new HBox(8, other, spacer, cancel, add);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(other, Priority.SOMETIMES);

        Label head = new Label("Add a member to the company");
        head.getStyleClass().add("title-4");
        VBox form = new VBox(8, head, grid, buttons);
        form.setId("access-add-form");
        form.getStyleClass().add("access-add-form");
        form.setPadding(new Insets(12));
        form.visibleProperty().bind(vm.addOpen());
        form.managedProperty().bind(form.visibleProperty());
        form.disableProperty().bind(vm.busy());
        // inside the add form Enter adds and Esc closes the form, instead of saving or closing the dialog
        for (TextField f : List.of(email, name, password)) f.setOnAction(e -> {
            vm.addMember();
            e.consume();
        });
        form.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !role.isShowing()) {
                vm.cancelAdd();
                e.consume();
            }
        });
        vm.addOpen().addListener((o, a, b) -> {
            if (b) Platform.runLater(email::requestFocus);
        });
        return form;
    }

    private static Label fieldError(String id, javafx.beans.property.StringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(Styles.ERROR);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static final class RoleCell extends ListCell<String> {
        @Override
        protected void updateItem(@Nullable String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : switch (item) {
                case "owner" -> "Owner — manages everything, including owners";
                case "admin" -> "Admin — opens every table, manages access";
                default -> "Member — opens the tables given to them";
            });
        }
    }

    /** Shows the dialog (not blocking) and starts loading; it closes itself after a successful save. */
    public static Stage show(@Nullable Window owner, TableAccessViewModel vm, List<String> stylesheets) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle("Who can open this table");
        TableAccessView view = new TableAccessView(vm, stage::close);
        Scene scene = new Scene(view.root());
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        // error lines and the add form appear: grow the window so they show whole
        Runnable resize = () -> Platform.runLater(stage::sizeToScene);
        vm.error().addListener((o, a, b) -> resize.run());
        vm.addOpen().addListener((o, a, b) -> resize.run());
        vm.emailError().addListener((o, a, b) -> resize.run());
        vm.passwordError().addListener((o, a, b) -> resize.run());
        vm.addError().addListener((o, a, b) -> resize.run());
        stage.show();
        vm.load();
        return stage;
    }
}
