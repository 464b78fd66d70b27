package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.sync.AccountApi;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayInputStream;
import java.util.List;

/** The account screen's nodes: second factor (QR code, code, backup codes), sessions, API keys. */
public final class AccountView {
    private final ScrollPane root;

    public AccountView(AccountViewModel vm) {
        Label title = new Label("Your account");
        title.getStyleClass().add("title-3");
        Label error = new Label();
        error.setId("account-error");
        error.getStyleClass().add(Styles.ERROR);
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox content = new VBox(14, title, error, companiesSection(vm), new Separator(), mfaSection(vm),
                new Separator(), sessionsSection(vm),
                new Separator(), keysSection(vm));
        content.setPadding(new Insets(20));
        content.setPrefWidth(560);
        content.disableProperty().bind(vm.available().not());
        root = new ScrollPane(content);
        root.setId("account-screen");
        root.setFitToWidth(true);
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        return l;
    }

    private static Node companiesSection(AccountViewModel vm) {
        VBox list = new VBox(6);
        list.setId("account-companies");
        Runnable fill = () -> {
            List<Node> rows = new java.util.ArrayList<>();
            for (int i = 0; i < vm.companies().size(); i++) rows.add(companyRow(vm, vm.companies().get(i), i));
            list.getChildren().setAll(rows);
        };
        vm.companies().addListener((ListChangeListener<AccountApi.CompanyItem>) c -> fill.run());
        fill.run();
        Label hint = new Label("Each company has its own workspace on this computer; switching needs no password.");
        hint.getStyleClass().add(Styles.MUTED);
        hint.setWrapText(true);
        return new VBox(8, heading("Companies"), list, hint);
    }

    private static Node companyRow(AccountViewModel vm, AccountApi.CompanyItem c, int index) {
        Label what = new Label(c.name());
        Label role = new Label(c.current() ? c.role() + " · this workspace" : c.role());
        role.getStyleClass().add(Styles.MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button open = new Button(c.current() ? "Open" : "Switch");
        open.setId("account-switch-" + index);
        open.disableProperty().bind(vm.busy().or(javafx.beans.binding.Bindings.createBooleanBinding(c::current)));
        open.setOnAction(e -> vm.switchTo(c));
        HBox row = new HBox(8, new VBox(2, what, role), spacer, open);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node mfaSection(AccountViewModel vm) {
        Label status = new Label();
        status.setId("account-mfa-status");
        status.textProperty().bind(vm.mfaStatus());
        Button setUp = new Button("Set up an authenticator app");
        setUp.setId("account-mfa-setup");
        setUp.setOnAction(e -> vm.startEnrolment());
        setUp.visibleProperty().bind(vm.mfaEnabled().not());
        setUp.managedProperty().bind(setUp.visibleProperty());
        setUp.disableProperty().bind(vm.busy());

        ImageView qr = new ImageView();
        qr.setId("account-mfa-qr");
        qr.setFitWidth(180);
        qr.setFitHeight(180);
        qr.setPreserveRatio(true);
        Label secret = new Label();
        secret.setId("account-mfa-secret");
        secret.getStyleClass().add(Styles.MUTED);
        secret.textProperty().bind(vm.secret().map(s -> s.isEmpty() ? "" : "Or type this key: " + s));
        Label scan = new Label("Scan the code with your authenticator app, then type the 6 digits it shows.");
        scan.setWrapText(true);
        VBox enrol = new VBox(8, scan, qr, secret);
        enrol.visibleProperty().bind(vm.qrPng().isNotNull());
        enrol.managedProperty().bind(enrol.visibleProperty());
        vm.qrPng().subscribe(png -> qr.setImage(png == null ? null : new Image(new ByteArrayInputStream(png))));

        TextField code = new TextField();
        code.setId("account-mfa-code");
        code.setPromptText("Code");
        code.setPrefColumnCount(10);
        code.textProperty().bindBidirectional(vm.code());
        Button confirm = new Button("Confirm");
        confirm.setId("account-mfa-confirm");
        confirm.getStyleClass().add("accent");
        confirm.setOnAction(e -> vm.confirm());
        confirm.visibleProperty().bind(vm.qrPng().isNotNull());
        confirm.managedProperty().bind(confirm.visibleProperty());
        Button regenerate = new Button("New backup codes");
        regenerate.setId("account-mfa-regenerate");
        regenerate.setOnAction(e -> vm.regenerateBackupCodes());
        regenerate.visibleProperty().bind(vm.mfaEnabled());
        regenerate.managedProperty().bind(regenerate.visibleProperty());
        HBox codeRow = new HBox(8, code, confirm, regenerate);
        codeRow.setAlignment(Pos.CENTER_LEFT);
        codeRow.visibleProperty().bind(vm.qrPng().isNotNull().or(vm.mfaEnabled()));
        codeRow.managedProperty().bind(codeRow.visibleProperty());

        Label backupTitle = new Label("Backup codes — each works once. Keep them somewhere safe; they are not shown again.");
        backupTitle.setWrapText(true);
        Label backup = new Label();
        backup.setId("account-backup-codes");
        backup.setStyle("-fx-font-family: monospace;");
        vm.backupCodes().addListener((ListChangeListener<String>) c -> backup.setText(String.join("   ",
                vm.backupCodes())));
        VBox backupBox = new VBox(6, backupTitle, backup);
        backupBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.backupCodes()));
        backupBox.managedProperty().bind(backupBox.visibleProperty());
        backup.setWrapText(true);

        return new VBox(8, heading("Second factor"), status, setUp, enrol, codeRow, backupBox);
    }

    private static Node sessionsSection(AccountViewModel vm) {
        VBox list = new VBox(6);
        list.setId("account-sessions");
        Runnable fill = () -> list.getChildren().setAll(vm.sessions().stream().map(s -> sessionRow(vm, s)).toList());
        vm.sessions().addListener((ListChangeListener<AccountApi.Session>) c -> fill.run());
        fill.run();
        return new VBox(8, heading("Where you are signed in"), list);
    }

    private static Node sessionRow(AccountViewModel vm, AccountApi.Session s) {
        Label what = new Label(s.device() + " · " + s.company() + " · " + s.ip());
        Label when = new Label(s.current() ? "This session" : "Last used " + s.lastUsedAt().replace('T', ' ')
                .replaceAll("\\..*", ""));
        when.getStyleClass().add(Styles.MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button revoke = new Button("Sign out");
        revoke.getStyleClass().add("account-session-revoke");
        revoke.setDisable(s.current());
        revoke.setOnAction(e -> vm.revoke(s));
        HBox row = new HBox(8, new VBox(2, what, when), spacer, revoke);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node keysSection(AccountViewModel vm) {
        VBox list = new VBox(6);
        list.setId("account-keys");
        Runnable fill = () -> list.getChildren().setAll(vm.keys().stream().map(k -> keyRow(vm, k)).toList());
        vm.keys().addListener((ListChangeListener<AccountApi.ApiKey>) c -> fill.run());
        fill.run();
        TextField name = new TextField();
        name.setId("account-key-name");
        name.setPromptText("Key name, e.g. Nightly import");
        name.textProperty().bindBidirectional(vm.keyName());
        HBox.setHgrow(name, Priority.ALWAYS);
        CheckBox read = scope("read", vm.scopeRead());
        CheckBox write = scope("write", vm.scopeWrite());
        CheckBox schema = scope("schema", vm.scopeSchema());
        CheckBox admin = scope("admin", vm.scopeAdmin());
        Button create = new Button("Create key");
        create.setId("account-key-create");
        create.setOnAction(e -> vm.createKey());
        FlowPane scopes = new FlowPane(10, 6, read, write, schema, admin);
        HBox form = new HBox(8, name, create);
        TextField shown = new TextField();
        shown.setId("account-new-key");
        shown.setEditable(false);
        shown.textProperty().bind(vm.newKey());
        Label once = new Label("Copy the key now: it is shown only this once.");
        once.getStyleClass().add(Styles.MUTED);
        VBox newKey = new VBox(4, once, shown);
        newKey.visibleProperty().bind(vm.newKey().isNotEmpty());
        newKey.managedProperty().bind(newKey.visibleProperty());
        return new VBox(8, heading("API keys"), list, form, scopes, newKey);
    }

    private static CheckBox scope(String name, javafx.beans.property.BooleanProperty p) {
        CheckBox c = new CheckBox(name);
        c.setId("account-scope-" + name);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    private static Node keyRow(AccountViewModel vm, AccountApi.ApiKey k) {
        Label what = new Label(k.name() + "  " + k.prefix() + "…  [" + String.join(", ", k.scopes()) + "]");
        Label use = new Label(k.revoked() ? "Revoked" : k.lastUsedAt() == null ? "Never used"
                : "Used " + k.useCount() + " times, last " + k.lastUsedAt().replace('T', ' ').replaceAll("\\..*", ""));
        use.getStyleClass().add(Styles.MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button revoke = new Button("Revoke");
        revoke.getStyleClass().add("account-key-revoke");
        revoke.setDisable(k.revoked());
        revoke.setOnAction(e -> vm.revokeKey(k));
        HBox row = new HBox(8, new VBox(2, what, use), spacer, revoke);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    public Parent root() {
        return root;
    }

    /** Shows the screen (not blocking) and loads it. */
    public static Stage show(@Nullable Window owner, AccountViewModel vm, List<String> stylesheets) {
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle("Account");
        Scene scene = new Scene(new AccountView(vm).root(), 600, 720);
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        stage.show();
        vm.reload();
        return stage;
    }
}
