package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AccountApi;
import dev.rowan.desktop.sync.ServerApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The account screen's state: the second factor's status and set-up (secret, QR code, first code, backup codes shown
 * once), the user's sessions and API keys. Every server call runs on the executor; a failure's sentence lands in
 * {@link #error}. Without a server login (a local workspace) everything is disabled with {@link #error} saying why.
 */
public final class AccountViewModel {
    private final Optional<AccountApi> api;
    private final TaskExecutor executor;
    private final BiConsumer<String, Map<String, @Nullable Object>> switched;
    private final ObservableList<AccountApi.CompanyItem> companies = FXCollections.observableArrayList();
    private final StringProperty mfaStatus = new SimpleStringProperty("");
    private final BooleanProperty mfaEnabled = new SimpleBooleanProperty();
    private final ObjectProperty<byte @Nullable []> qrPng = new SimpleObjectProperty<>();
    private final StringProperty secret = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final ObservableList<String> backupCodes = FXCollections.observableArrayList();
    private final ObservableList<AccountApi.Session> sessions = FXCollections.observableArrayList();
    private final ObservableList<AccountApi.ApiKey> keys = FXCollections.observableArrayList();
    private final StringProperty keyName = new SimpleStringProperty("");
    private final BooleanProperty scopeRead = new SimpleBooleanProperty(true);
    private final BooleanProperty scopeWrite = new SimpleBooleanProperty();
    private final BooleanProperty scopeSchema = new SimpleBooleanProperty();
    private final BooleanProperty scopeAdmin = new SimpleBooleanProperty();
    private final StringProperty newKey = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty available = new SimpleBooleanProperty();

    public AccountViewModel(Optional<AccountApi> api, TaskExecutor executor) {
        this(api, executor, (id, answer) -> { });
    }

    /**
     * @param switched told (on the FX thread) the company switched to and the server's session for it; the
     *                 composition root opens that company's workspace with it
     */
    public AccountViewModel(Optional<AccountApi> api, TaskExecutor executor,
                            BiConsumer<String, Map<String, @Nullable Object>> switched) {
        this.api = api;
        this.executor = executor;
        this.switched = switched;
        available.set(api.isPresent());
        if (api.isEmpty()) error.set("Connect this workspace to a server to manage your account.");
    }

    /** Loads the second factor's status, the sessions and the keys. */
    public void reload() {
        if (api.isEmpty()) return;
        AccountApi a = api.get();
        run("Loading your account", () -> new Loaded(a.mfaStatus(), a.sessions(), a.keys(), a.companies()), l -> {
            companies.setAll(l.companies());
            mfaEnabled.set(l.status().enabled());
            mfaStatus.set(l.status().enabled()
                    ? "On · " + l.status().backupCodesLeft() + " backup codes left"
                    : l.status().requiredByCompany() ? "Off — your company requires it" : "Off");
            sessions.setAll(l.sessions());
            keys.setAll(l.keys());
        });
    }

    private record Loaded(AccountApi.MfaStatus status, List<AccountApi.Session> sessions, List<AccountApi.ApiKey> keys,
                          List<AccountApi.CompanyItem> companies) {
    }

    /** Switches to another of the user's companies (its own workspace), without the password. */
    public void switchTo(AccountApi.CompanyItem company) {
        if (api.isEmpty() || company.current()) return;
        run("Switching to " + company.name(), () -> api.get().switchCompany(company.id()),
                answer -> switched.accept(company.id(), answer));
    }

    public void startEnrolment() {
        if (api.isEmpty()) return;
        run("Setting up a second factor", () -> api.get().startEnrolment(), e -> {
            qrPng.set(e.qrPng());
            secret.set(e.secret());
            backupCodes.clear();
        });
    }

    public void confirm() {
        if (api.isEmpty()) return;
        String c = code.get().strip();
        if (c.isEmpty()) {
            error.set("Enter the 6-digit code your authenticator app shows.");
            return;
        }
        run("Checking the code", () -> api.get().confirm(c), codes -> {
            code.set("");
            qrPng.set(null);
            secret.set("");
            backupCodes.setAll(codes);
            reload();
        });
    }

    public void regenerateBackupCodes() {
        if (api.isEmpty()) return;
        String c = code.get().strip();
        if (c.isEmpty()) {
            error.set("Enter a current code (or a backup code) to get new backup codes.");
            return;
        }
        run("New backup codes", () -> api.get().regenerateBackupCodes(c), codes -> {
            code.set("");
            backupCodes.setAll(codes);
            reload();
        });
    }

    public void revoke(AccountApi.Session s) {
        if (api.isEmpty() || s.current()) return;
        run("Ending a session", () -> {
            api.get().revokeSession(s.id());
            return api.get().sessions();
        }, sessions::setAll);
    }

    public void createKey() {
        if (api.isEmpty()) return;
        List<String> scopes = new ArrayList<>();
        if (scopeRead.get()) scopes.add("read");
        if (scopeWrite.get()) scopes.add("write");
        if (scopeSchema.get()) scopes.add("schema");
        if (scopeAdmin.get()) scopes.add("admin");
        String name = keyName.get().strip();
        if (name.isEmpty() || scopes.isEmpty()) {
            error.set("Give the key a name and at least one scope.");
            return;
        }
        run("Creating an API key", () -> {
            var created = api.get().createKey(name, scopes);
            return new Created(created.getValue(), api.get().keys());
        }, c -> {
            keyName.set("");
            newKey.set(c.secret());
            keys.setAll(c.keys());
        });
    }

    private record Created(String secret, List<AccountApi.ApiKey> keys) {
    }

    public void revokeKey(AccountApi.ApiKey k) {
        if (api.isEmpty() || k.revoked()) return;
        run("Revoking an API key", () -> {
            api.get().revokeKey(k.id());
            return api.get().keys();
        }, keys::setAll);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> void run(String title, Call<T> call, java.util.function.Consumer<T> done) {
        error.set("");
        busy.set(true);
        executor.submit(title, p -> call.run(), r -> {
            busy.set(false);
            done.accept(r);
        }, t -> {
            busy.set(false);
            error.set(t instanceof ServerApi.ApiError a ? a.getMessage() : Errors.message(t));
        });
    }

    public StringProperty mfaStatus() { return mfaStatus; }
    public BooleanProperty mfaEnabled() { return mfaEnabled; }
    public ObjectProperty<byte @Nullable []> qrPng() { return qrPng; }
    public StringProperty secret() { return secret; }
    public StringProperty code() { return code; }
    public ObservableList<String> backupCodes() { return backupCodes; }
    public ObservableList<AccountApi.Session> sessions() { return sessions; }
    public ObservableList<AccountApi.ApiKey> keys() { return keys; }
    public ObservableList<AccountApi.CompanyItem> companies() { return companies; }
    public StringProperty keyName() { return keyName; }
    public BooleanProperty scopeRead() { return scopeRead; }
    public BooleanProperty scopeWrite() { return scopeWrite; }
    public BooleanProperty scopeSchema() { return scopeSchema; }
    public BooleanProperty scopeAdmin() { return scopeAdmin; }
    public StringProperty newKey() { return newKey; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
    public BooleanProperty available() { return available; }
}
