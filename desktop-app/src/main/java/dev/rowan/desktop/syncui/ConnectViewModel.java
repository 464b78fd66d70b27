package dev.rowan.desktop.syncui;

import dev.rowan.desktop.ServerConfig;
import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.ServerApi;
import dev.rowan.desktop.sync.SyncEngine;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * The connect dialog: server URL, email, password, company (blank: the account's default). {@link #connect} signs
 * in off the FX thread; a failure leaves its sentence in {@link #error} (the dialog stays open), success starts the
 * engine and sets {@link #done}. An account with a second factor gets a second step: {@link #codeNeeded} turns on,
 * and the next {@link #connect} sends the authenticator's {@link #code} with the server's challenge.
 */
public final class ConnectViewModel {
    public static final String EXPLANATION = "Your workspace becomes a copy of the company's data. Changes you made "
            + "here are sent to the server (nothing is lost).";

    private final SyncEngine engine;
    private final TaskExecutor executor;
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty company = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** Why the dialog opened by itself (the company was left, or the server ended the session). */
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty done = new SimpleBooleanProperty();
    private final BooleanProperty canConnect = new SimpleBooleanProperty();
    private final StringProperty code = new SimpleStringProperty("");
    private final BooleanProperty codeNeeded = new SimpleBooleanProperty();
    private String challenge = "";
    /** Set during an enrolment the company's policy demands: the new authenticator's QR code (PNG). */
    private final ObjectProperty<byte @Nullable []> enrolmentQr = new SimpleObjectProperty<>();
    private final StringProperty enrolmentSecret = new SimpleStringProperty("");
    private final ObservableList<String> backupCodes = FXCollections.observableArrayList();

    /** Where "Sign in with SSO" opens the provider's page: the system browser unless a test replaces it. */
    private dev.rowan.desktop.sync.SsoSignIn.Browser browser = ConnectViewModel::systemBrowser;
    private final BooleanProperty canUseSso = new SimpleBooleanProperty();

    public ConnectViewModel(SyncEngine engine, TaskExecutor executor) {
        this.engine = engine;
        this.executor = executor;
        engine.account().ifPresentOrElse(a -> {
            url.set(a.url());
            email.set(a.email());
        }, () -> ServerConfig.presetServerUrl().ifPresent(url::set));
        canConnect.bind(url.isNotEmpty().and(email.isNotEmpty()).and(busy.not())
                .and(codeNeeded.not().and(password.isNotEmpty()).or(codeNeeded.and(code.isNotEmpty()))));
        canUseSso.bind(url.isNotEmpty().and(email.isNotEmpty().or(company.isNotEmpty())).and(busy.not())
                .and(codeNeeded.not()));
    }

    /** Replaces the system browser (tests: an HTTP client that signs in at the provider). */
    public void browser(dev.rowan.desktop.sync.SsoSignIn.Browser b) {
        this.browser = b;
    }

    /**
     * "Sign in with SSO": the company's identity provider in the system browser (the company by the email's domain,
     * or the company field's id), then the workspace is signed in like after a password.
     */
    public void signInWithSso() {
        if (busy.get()) return;
        String u = url.get().strip();
        String e = email.get().strip();
        String co = company.get().strip();
        if (u.isEmpty() || e.isEmpty() && co.isEmpty()) {
            error.set("Enter the server address and your work email (or the company's id).");
            return;
        }
        error.set("");
        busy.set(true);
        executor.submit("Signing in with SSO at " + u, p -> dev.rowan.desktop.sync.SsoSignIn.signIn(engine, u,
                e.isEmpty() ? null : e, isUuid(co) ? co : null, browser), companies -> {
            busy.set(false);
            password.set("");
            engine.start();
            done.set(true);
        }, t -> {
            busy.set(false);
            error.set(message(u, t));
        });
    }

    private static boolean isUuid(String s) {
        try {
            java.util.UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void systemBrowser(java.net.URI url) throws IOException {
        if (!java.awt.Desktop.isDesktopSupported()
                || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
            throw new IOException("No web browser could be opened on this computer");
        }
        java.awt.Desktop.getDesktop().browse(url);
    }

    public void connect() {
        if (busy.get()) return;
        String u = url.get().strip();
        String e = email.get().strip();
        if (codeNeeded.get()) {
            connectWithCode(u, e);
            return;
        }
        if (u.isEmpty() || e.isEmpty() || password.get().isEmpty()) {
            error.set("Enter the server address, your email and your password.");
            return;
        }
        String pw = password.get();
        String co = company.get().strip();
        error.set("");
        busy.set(true);
        executor.submit("Connecting to " + u, p -> engine.signIn(u, e, pw, co.isEmpty() ? null : co), companies -> {
            busy.set(false);
            password.set("");
            engine.start();
            done.set(true);
        }, t -> {
            busy.set(false);
            if (t instanceof SyncEngine.MfaRequired m) {
                challenge = m.challenge();
                password.set("");
                code.set("");
                codeNeeded.set(true);
            }
            error.set(message(u, t));
            if (t instanceof SyncEngine.MfaEnrolmentRequired m) {
                challenge = m.challenge();
                password.set("");
                code.set("");
                busy.set(true);
                executor.submit("Setting up a second factor", p -> SyncEngine.startEnrolment(u, m.challenge()), en -> {
                    busy.set(false);
                    enrolmentSecret.set(en.secret());
                    enrolmentQr.set(en.qrPng());
                    codeNeeded.set(true);
                }, t2 -> {
                    busy.set(false);
                    error.set(message(u, t2));
                });
            }
        });
    }

    /** After an enrolment: the backup codes were shown; the dialog may close. */
    public void finish() {
        if (!backupCodes.isEmpty()) done.set(true);
    }

    private void connectWithCode(String u, String e) {
        String c = code.get().strip();
        if (c.isEmpty()) {
            error.set("Enter the 6-digit code from your authenticator app (or a backup code).");
            return;
        }
        String co = company.get().strip();
        error.set("");
        busy.set(true);
        if (enrolmentQr.get() != null) {
            executor.submit("Checking the code", p -> engine.completeEnrolment(u, e, challenge, c,
                    co.isEmpty() ? null : co), codes -> {
                busy.set(false);
                code.set("");
                codeNeeded.set(false);
                enrolmentQr.set(null);
                enrolmentSecret.set("");
                backupCodes.setAll(codes);
                engine.start();
            }, t -> {
                busy.set(false);
                code.set("");
                error.set(t instanceof ServerApi.ApiError a && a.status() == 401
                        ? "The code is wrong; enter the 6 digits the app shows now." : message(u, t));
            });
            return;
        }
        executor.submit("Checking the code", p -> engine.signInWithCode(u, e, challenge, c, co.isEmpty() ? null : co),
                companies -> {
                    busy.set(false);
                    code.set("");
                    codeNeeded.set(false);
                    engine.start();
                    done.set(true);
                }, t -> {
                    busy.set(false);
                    code.set("");
                    if (t instanceof ServerApi.ApiError a && a.status() == 401) {
                        // the challenge is over after five wrong codes or five minutes: back to the password
                        error.set("The code is wrong or was used already. " + (a.getMessage().contains("sign in again")
                                ? "Sign in again with your password." : "Try the current code."));
                        if (a.getMessage().contains("sign in again")) codeNeeded.set(false);
                    } else {
                        error.set(message(u, t));
                    }
                });
    }

    static String message(String url, Throwable t) {
        if (t instanceof ServerApi.ApiError a) return a.getMessage();
        if (t instanceof IOException io) {
            String why = io instanceof ConnectException || io.getCause() instanceof ConnectException
                    ? "nothing answers there" : io instanceof UnknownHostException ? "unknown host"
                    : io instanceof HttpConnectTimeoutException || io instanceof HttpTimeoutException ? "it did not answer in time"
                    : io.getMessage() == null || io.getMessage().isBlank() ? io.getClass().getSimpleName() : io.getMessage();
            return "Cannot reach the server at " + url + " (" + why + "). Check the address and your connection.";
        }
        if (t instanceof IllegalArgumentException && t.getMessage() != null) return t.getMessage();
        return Errors.message(t);
    }

    public StringProperty url() { return url; }
    public StringProperty email() { return email; }
    public StringProperty password() { return password; }
    public StringProperty company() { return company; }
    public StringProperty error() { return error; }
    public StringProperty notice() { return notice; }
    public BooleanProperty busy() { return busy; }
    public BooleanProperty done() { return done; }
    public BooleanProperty canConnect() { return canConnect; }
    public BooleanProperty canUseSso() { return canUseSso; }
    public StringProperty code() { return code; }
    public BooleanProperty codeNeeded() { return codeNeeded; }
    public ObjectProperty<byte @Nullable []> enrolmentQr() { return enrolmentQr; }
    public StringProperty enrolmentSecret() { return enrolmentSecret; }
    public ObservableList<String> backupCodes() { return backupCodes; }
}
