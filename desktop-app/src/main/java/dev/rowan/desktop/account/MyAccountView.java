package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.sync.AdminApi;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The profile window's second column: avatar, company (rename, leave) and the person's own sign-ins. */
public final class MyAccountView {
    private final VBox root;

    /** @param chooseImage asks for an image file (a FileChooser in the app; tests hand a file) */
    public MyAccountView(MyAccountViewModel vm, Supplier<Optional<Path>> chooseImage) {
        ImageView avatar = new ImageView();
        avatar.setId("account-avatar");
        avatar.setFitWidth(72);
        avatar.setFitHeight(72);
        avatar.setPreserveRatio(true);
        Label none = new Label("No avatar");
        none.getStyleClass().add(Styles.MUTED);
        vm.avatar().subscribe(bytes -> {
            avatar.setImage(bytes == null || bytes.length == 0 ? null : new Image(new ByteArrayInputStream(bytes)));
            none.setVisible(avatar.getImage() == null);
        });
        StackPane frame = new StackPane(none, avatar);
        frame.setMinSize(76, 76);
        frame.setPrefSize(76, 76);
        frame.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4;");
        Button choose = new Button("Choose image…");
        choose.setId("account-avatar-choose");
        choose.disableProperty().bind(vm.busy());
        choose.setOnAction(e -> chooseImage.get().ifPresent(vm::uploadAvatar));
        HBox avatarLine = new HBox(12, frame, new VBox(6, choose,
                Forms.muted("PNG, JPEG or GIF, up to 256 KB and 2048 pixels a side.")));
        avatarLine.setAlignment(Pos.CENTER_LEFT);

        TextField name = Forms.text("account-company-name", vm.companyName(), "Company name");
        name.editableProperty().bind(vm.manages());
        HBox.setHgrow(name, Priority.ALWAYS);
        Button rename = new Button("Rename");
        rename.setId("account-company-rename");
        rename.visibleProperty().bind(vm.manages());
        rename.managedProperty().bind(rename.visibleProperty());
        rename.disableProperty().bind(vm.busy().or(vm.left()));
        rename.setOnAction(e -> vm.renameCompany());
        Button leave = new Button("Leave company…");
        leave.setId("account-company-leave");
        leave.disableProperty().bind(vm.busy().or(vm.left()));
        leave.setOnAction(e -> vm.leaveCompany());
        HBox companyLine = new HBox(8, name, rename, leave);
        companyLine.setAlignment(Pos.CENTER_LEFT);
        Label role = new Label();
        role.setId("account-company-role");
        role.getStyleClass().add(Styles.MUTED);
        role.textProperty().bind(vm.role().map(r -> r.isEmpty() ? "" : "Your role: " + r));

        TableView<AdminApi.Login> history = new TableView<>(vm.history());
        history.setId("account-history-table");
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setPlaceholder(new Label("No sign-ins yet"));
        history.getColumns().add(column("When", l -> l.at().replace('T', ' ').replaceFirst("\\..*|Z$", ""), 165));
        history.getColumns().add(column("Result", l -> l.success() ? "signed in" : "refused", 75));
        history.getColumns().add(column("IP", AdminApi.Login::ip, 90));
        history.getColumns().add(column("Reason", l -> l.reason().replace('_', ' '), 130));
        history.setPrefHeight(200);

        root = new VBox(12, Forms.title("Avatar"), avatarLine, new Separator(), Forms.title("Company"), role,
                companyLine, new Separator(), Forms.title("Your sign-ins"),
                Forms.muted("Every attempt to sign in to your account, newest first. One you do not recognise? "
                        + "Change your password."), history,
                Forms.line("account-extras-message", vm.message(), Styles.MUTED),
                Forms.line("account-extras-error", vm.error(), Styles.ERROR));
        root.setId("account-extras");
        root.setPadding(new Insets(20));
        root.setPrefWidth(520);
    }

    private static TableColumn<AdminApi.Login, String> column(String title, Function<AdminApi.Login, String> value,
                                                              double width) {
        TableColumn<AdminApi.Login, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public Parent root() {
        return root;
    }
}
