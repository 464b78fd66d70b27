package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** "Accept an invitation": server, email, code; a password and name for a new account. */
public final class AcceptInvitationView {
    private final VBox root;

    public AcceptInvitationView(AcceptInvitationViewModel vm, Runnable close) {
        GridPane form = Forms.grid();
        form.addRow(0, new Label("Server"), Forms.text("invite-url", vm.url(), "https://rowan.example.com"));
        form.addRow(1, new Label("Email"), Forms.text("invite-email", vm.email(), "the address the invitation went to"));
        form.addRow(2, new Label("Code"), Forms.text("invite-code", vm.code(), "ABCDE-FGHJK"));
        form.addRow(3, new Label("Password"), Forms.password("invite-password", vm.password()));
        form.addRow(4, new Label("Your name"), Forms.text("invite-name", vm.displayName(), "for a new account"));
        form.disableProperty().bind(vm.busy().or(vm.accepted().isNotNull()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button closeButton = new Button("Close");
        closeButton.setId("invite-close");
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        Button accept = new Button("Accept invitation");
        accept.setId("invite-accept");
        accept.getStyleClass().add("accent");
        accept.setDefaultButton(true);
        accept.disableProperty().bind(vm.busy().or(vm.accepted().isNotNull()));
        accept.setOnAction(e -> vm.accept());
        HBox buttons = new HBox(8, spacer, closeButton, accept);
        buttons.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, Forms.title("Accept an invitation"),
                Forms.muted("Enter the code from the invitation mail. If you have no account on this server yet, "
                        + "choose a password for it; an existing account keeps its own."),
                form, Forms.line("invite-message", vm.message(), Styles.MUTED),
                Forms.line("invite-error", vm.error(), Styles.ERROR), buttons);
        root.setId("invite-dialog");
        root.setPadding(new Insets(20));
        root.setPrefWidth(500);
    }

    public Parent root() {
        return root;
    }
}
