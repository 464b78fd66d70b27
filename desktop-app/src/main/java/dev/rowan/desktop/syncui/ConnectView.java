package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.Styles;
import javafx.application.Platform;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** The connect dialog's nodes: server, email, password, company, the error line, Connect / Cancel. */
public final class ConnectView {
    private final VBox root;

    public ConnectView(ConnectViewModel vm, Runnable close) {
        this(vm, close, List.of());
    }

    /** @param extras shown under the error line (account: "Forgot password?", "Accept an invitation…") */
    public ConnectView(ConnectViewModel vm, Runnable close, List<? extends javafx.scene.Node> extras) {
        Label title = new Label("Connect to a server");
        title.getStyleClass().add("title-3");
        Label explain = new Label(ConnectViewModel.EXPLANATION);
        explain.setId("connect-explanation");
        explain.getStyleClass().add(Styles.MUTED);
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);

        TextField url = new TextField();
        url.setId("connect-url");
        url.setPromptText("https://rowan.example.com");
        url.textProperty().bindBidirectional(vm.url());
        TextField email = new TextField();
        email.setId("connect-email");
        email.setPromptText("you@example.com");
        email.textProperty().bindBidirectional(vm.email());
        PasswordField password = new PasswordField();
        password.setId("connect-password");
        password.textProperty().bindBidirectional(vm.password());
        TextField company = new TextField();
        company.setId("connect-company");
        company.setPromptText("Blank: your default company");
        company.textProperty().bindBidirectional(vm.company());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, fields);
        form.addRow(0, new Label("Server"), url);
        form.addRow(1, new Label("Email"), email);
        form.addRow(2, new Label("Password"), password);
        form.addRow(3, new Label("Company"), company);
        // the second step of a sign-in with a second factor
        Label codeLabel = new Label("Code");
        TextField code = new TextField();
        code.setId("connect-code");
        code.setPromptText("6 digits from your authenticator app, or a backup code");
        code.textProperty().bindBidirectional(vm.code());
        form.addRow(4, codeLabel, code);
        for (var n : List.of(codeLabel, code)) {
            n.visibleProperty().bind(vm.codeNeeded());
            n.managedProperty().bind(vm.codeNeeded());
        }
        password.disableProperty().bind(vm.codeNeeded());
        // an enrolment the company demands: the new authenticator's QR code, then the backup codes
        javafx.scene.image.ImageView qr = new javafx.scene.image.ImageView();
        qr.setId("connect-qr");
        qr.setFitWidth(160);
        qr.setFitHeight(160);
        vm.enrolmentQr().subscribe(png -> qr.setImage(png == null ? null
                : new javafx.scene.image.Image(new java.io.ByteArrayInputStream(png))));
        Label secret = new Label();
        secret.getStyleClass().add(Styles.MUTED);
        secret.textProperty().bind(vm.enrolmentSecret().map(k -> k.isEmpty() ? "" : "Or type this key: " + k));
        VBox enrol = new VBox(6, qr, secret);
        enrol.visibleProperty().bind(vm.enrolmentQr().isNotNull());
        enrol.managedProperty().bind(enrol.visibleProperty());
        Label backup = new Label();
        backup.setId("connect-backup-codes");
        backup.setWrapText(true);
        vm.backupCodes().addListener((javafx.collections.ListChangeListener<String>) c -> backup.setText(
                "Signed in. Your backup codes (each works once; keep them safe, they are not shown again):\n"
                        + String.join("   ", vm.backupCodes())));
        backup.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.backupCodes()));
        backup.managedProperty().bind(backup.visibleProperty());
        form.disableProperty().bind(vm.busy());

        Label notice = new Label();
        notice.setId("connect-notice");
        notice.getStyleClass().add(Styles.MUTED);
        notice.setWrapText(true);
        notice.setMinHeight(Region.USE_PREF_SIZE);
        notice.textProperty().bind(vm.notice());
        notice.visibleProperty().bind(vm.notice().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        Label error = new Label();
        error.setId("connect-error");
        error.getStyleClass().add(Styles.ERROR);
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("connect-progress");
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(vm.busy());
        Label working = new Label("Signing in…");
        working.getStyleClass().add(Styles.MUTED);
        working.visibleProperty().bind(vm.busy());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("connect-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button connect = new Button("Connect");
        connect.setId("connect-button");
        connect.getStyleClass().add("accent");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.canConnect().not().and(javafx.beans.binding.Bindings.isEmpty(vm.backupCodes())));
        connect.setOnAction(e -> {
            if (vm.backupCodes().isEmpty()) vm.connect();
            else vm.finish();
        });
        connect.textProperty().bind(javafx.beans.binding.Bindings.when(
                javafx.beans.binding.Bindings.isNotEmpty(vm.backupCodes())).then("Done").otherwise("Connect"));
        // single sign-on: the company's identity provider in the system browser (RFC 8252 loopback redirect)
        Button sso = new Button("Sign in with SSO");
        sso.setId("connect-sso");
        sso.disableProperty().bind(vm.canUseSso().not());
        sso.setOnAction(e -> vm.signInWithSso());
        HBox buttons = new HBox(8, progress, working, spacer, cancel, sso, connect);
        buttons.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, title, notice, explain, form, enrol, error, backup);
        if (!extras.isEmpty()) {
            HBox links = new HBox(12);
            links.setId("connect-links");
            links.getChildren().addAll(extras);
            root.getChildren().add(links);
        }
        root.getChildren().add(buttons);
        root.setId("connect-dialog");
        root.setPadding(new Insets(20));
        root.setPrefWidth(480);
        vm.done().addListener((o, a, b) -> {
            if (b) close.run();
        });
    }

    public Parent root() {
        return root;
    }

    /** Shows the dialog (not blocking); it closes itself after a successful sign-in. */
    public static Stage show(@Nullable Window owner, ConnectViewModel vm, List<String> stylesheets) {
        return show(owner, vm, stylesheets, List.of());
    }

    public static Stage show(@Nullable Window owner, ConnectViewModel vm, List<String> stylesheets,
                             List<? extends javafx.scene.Node> extras) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle("Connect to server");
        ConnectView view = new ConnectView(vm, stage::close, extras);
        Scene scene = new Scene(view.root());
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        // the error line appears and wraps: grow the window so the whole sentence shows
        vm.error().addListener((o, a, b) -> Platform.runLater(stage::sizeToScene));
        // the QR code, then the backup codes, appear and go during a demanded enrolment
        vm.enrolmentQr().addListener((o, a, b) -> Platform.runLater(stage::sizeToScene));
        vm.backupCodes().addListener((javafx.collections.ListChangeListener<String>) c ->
                Platform.runLater(stage::sizeToScene));
        stage.show();
        return stage;
    }
}
