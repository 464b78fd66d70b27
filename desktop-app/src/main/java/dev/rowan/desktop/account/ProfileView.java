package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The account screen's profile and password sections. */
public final class ProfileView {
    private final VBox root;

    public ProfileView(ProfileViewModel vm) {
        Label email = new Label();
        email.setId("profile-email");
        email.textProperty().bind(vm.email());
        GridPane profile = Forms.grid();
        profile.addRow(0, new Label("Email"), email);
        profile.addRow(1, new Label("Display name"), Forms.text("profile-name", vm.displayName(), "Your name"));
        profile.addRow(2, new Label("Time zone"), Forms.text("profile-timezone", vm.timezone(), "Europe/Berlin"));
        profile.addRow(3, new Label("Language"), Forms.text("profile-language", vm.language(), "en, de, pt-BR"));
        Button save = new Button("Save profile");
        save.setId("profile-save");
        save.getStyleClass().add("accent");
        save.disableProperty().bind(vm.busy().or(vm.loaded().not()));
        save.setOnAction(e -> vm.saveProfile());

        GridPane password = Forms.grid();
        password.addRow(0, new Label("Current password"), Forms.password("password-current", vm.current()));
        password.addRow(1, new Label("New password"), Forms.password("password-new", vm.next()));
        password.addRow(2, new Label("Repeat it"), Forms.password("password-repeat", vm.repeat()));
        Button change = new Button("Change password");
        change.setId("password-change");
        change.disableProperty().bind(vm.busy().or(vm.loaded().not()));
        change.setOnAction(e -> vm.changePassword());

        root = new VBox(12, Forms.title("Profile"), profile, save, new Separator(), Forms.title("Password"),
                Forms.muted("At least 10 characters, not your email, not a common password. Changing it signs out "
                        + "your other sessions."),
                password, change, Forms.line("profile-message", vm.message(), Styles.MUTED),
                Forms.line("profile-error", vm.error(), Styles.ERROR));
        root.setId("profile-screen");
        root.setPadding(new Insets(20));
        root.setPrefWidth(520);
    }

    public Parent root() {
        return root;
    }
}
