package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** "Forgot password": the email step, then the pasted link and the new password. */
public final class ForgotPasswordView {
    private final VBox root;

    public ForgotPasswordView(ForgotPasswordViewModel vm, Runnable close) {
        GridPane ask = Forms.grid();
        ask.addRow(0, new javafx.scene.control.Label("Server"), Forms.text("forgot-url", vm.url(),
                "https://rowan.example.com"));
        ask.addRow(1, new javafx.scene.control.Label("Email"), Forms.text("forgot-email", vm.email(),
                "you@example.com"));
        ask.disableProperty().bind(vm.busy().or(vm.linkSent()));
        Button send = new Button("Send reset link");
        send.setId("forgot-send");
        send.disableProperty().bind(vm.busy().or(vm.linkSent()));
        send.setOnAction(e -> vm.sendLink());

        GridPane set = Forms.grid();
        set.addRow(0, new javafx.scene.control.Label("Link from the mail"), Forms.text("forgot-link", vm.link(),
                "https://…/account/reset?token=…"));
        set.addRow(1, new javafx.scene.control.Label("New password"), Forms.password("forgot-password", vm.password()));
        set.addRow(2, new javafx.scene.control.Label("Repeat it"), Forms.password("forgot-repeat", vm.repeat()));
        Button apply = new Button("Set password");
        apply.setId("forgot-set");
        apply.getStyleClass().add("accent");
        apply.disableProperty().bind(vm.busy().or(vm.done()));
        apply.setOnAction(e -> vm.setPassword());
        VBox second = new VBox(8, set, apply);
        second.visibleProperty().bind(vm.linkSent());
        second.managedProperty().bind(second.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button closeButton = new Button("Close");
        closeButton.setId("forgot-close");
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        HBox buttons = new HBox(8, spacer, closeButton);
        buttons.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, Forms.title("Reset your password"),
                Forms.muted("We mail you a link. Paste it below and choose a new password; your other sessions end."),
                ask, send, Forms.line("forgot-message", vm.message(), Styles.MUTED), second,
                Forms.line("forgot-error", vm.error(), Styles.ERROR), buttons);
        root.setId("forgot-dialog");
        root.setPadding(new Insets(20));
        root.setPrefWidth(500);
    }

    public Parent root() {
        return root;
    }
}
