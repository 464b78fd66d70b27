package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The admin screen for invitations: the list with status and actions, and the invite line. */
public final class InvitationsView {
    private final VBox root;

    public InvitationsView(InvitationsViewModel vm) {
        TableView<ProfileApi.Invitation> table = new TableView<>(vm.rows());
        table.setId("invitations-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No invitations yet"));
        table.getColumns().add(column("Email", ProfileApi.Invitation::email, 280));
        table.getColumns().add(column("Role", ProfileApi.Invitation::role, 80));
        table.getColumns().add(column("Status", ProfileApi.Invitation::status, 90));
        // the day is what matters; the server's instant is UTC
        table.getColumns().add(column("Expires", i -> i.expiresAt().length() >= 10 ? i.expiresAt().substring(0, 10)
                : i.expiresAt(), 120));
        TableColumn<ProfileApi.Invitation, ProfileApi.Invitation> actions = new TableColumn<>("");
        actions.setPrefWidth(170);
        actions.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ProfileApi.Invitation item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                Button resend = new Button("Resend");
                resend.getStyleClass().addAll("invitation-resend", Styles.COMPACT);
                resend.setDisable(!InvitationsViewModel.resendable(item));
                resend.setOnAction(e -> vm.resend(item));
                Button cancel = new Button("Cancel");
                cancel.getStyleClass().addAll("invitation-cancel", Styles.COMPACT);
                cancel.setDisable(!InvitationsViewModel.cancellable(item));
                cancel.setOnAction(e -> vm.cancel(item));
                setGraphic(new HBox(6, resend, cancel));
            }
        });
        table.getColumns().add(actions);
        table.setPrefHeight(260);

        var email = Forms.text("invite-new-email", vm.email(), "someone@example.com");
        HBox.setHgrow(email, Priority.ALWAYS);
        ChoiceBox<String> role = new ChoiceBox<>();
        role.setId("invite-new-role");
        role.getItems().setAll(InvitationsViewModel.ROLES);
        role.valueProperty().bindBidirectional(vm.role());
        Button invite = new Button("Invite");
        invite.setId("invite-new-send");
        invite.getStyleClass().add("accent");
        invite.disableProperty().bind(vm.busy());
        invite.setOnAction(e -> vm.invite());
        HBox line = new HBox(8, email, role, invite);
        line.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, Forms.title("Invitations"),
                Forms.muted("People you invite get a mail with a link and a code. An invitation works once and "
                        + "expires; resending makes a new link and code."),
                line, table, Forms.line("invitations-message", vm.message(), Styles.MUTED),
                Forms.line("invitations-error", vm.error(), Styles.ERROR));
        root.setId("invitations-screen");
        root.setPadding(new Insets(20));
        root.setPrefWidth(820);
    }

    private static TableColumn<ProfileApi.Invitation, String> column(String title,
            java.util.function.Function<ProfileApi.Invitation, String> value, double width) {
        TableColumn<ProfileApi.Invitation, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width * 0.8);
        return c;
    }

    public Parent root() {
        return root;
    }
}
