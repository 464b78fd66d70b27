package dev.rowan.desktop.account;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.function.Function;

/**
 * "Forgot password" from the sign-in dialog, in two steps: ask the server to mail a reset link; then paste the link
 * (or its token) from the mail and choose a new password. The server answers the first step the same way whether or
 * not the email has an account.
 */
public final class ForgotPasswordViewModel {
    private final TaskExecutor executor;
    private final Function<String, ProfileApi> api;
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty link = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty repeat = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty linkSent = new SimpleBooleanProperty();
    private final BooleanProperty done = new SimpleBooleanProperty();

    /** @param api a client for a server address (no sign-in) */
    public ForgotPasswordViewModel(TaskExecutor executor, Function<String, ProfileApi> api, String url, String email) {
        this.executor = executor;
        this.api = api;
        this.url.set(url);
        this.email.set(email);
    }

    public void sendLink() {
        if (busy.get()) return;
        String u = url.get().strip();
        String e = email.get().strip();
        if (u.isEmpty() || e.isEmpty()) {
            error.set("Enter the server address and your email.");
            return;
        }
        error.set("");
        busy.set(true);
        executor.submit("Asking for a reset link", p -> {
            api.apply(u).requestReset(e);
            return true;
        }, ok -> {
            busy.set(false);
            linkSent.set(true);
            message.set("If " + e + " has an account, a mail with a reset link is on its way. Paste the link here.");
        }, t -> {
            busy.set(false);
            error.set(Messages.of(t));
        });
    }

    public void setPassword() {
        if (busy.get()) return;
        String token = Messages.token(link.get());
        if (token.isEmpty() || password.get().isEmpty()) {
            error.set("Paste the link from the mail and choose a new password.");
            return;
        }
        if (!password.get().equals(repeat.get())) {
            error.set("The two passwords differ.");
            return;
        }
        String pw = password.get();
        String u = url.get().strip();
        error.set("");
        busy.set(true);
        executor.submit("Setting the new password", p -> {
            api.apply(u).confirmReset(token, pw);
            return true;
        }, ok -> {
            busy.set(false);
            password.set("");
            repeat.set("");
            message.set("Your password is set. Sign in with it; every other session was signed out.");
            done.set(true);
        }, t -> {
            busy.set(false);
            error.set(Messages.of(t));
        });
    }

    public StringProperty url() { return url; }
    public StringProperty email() { return email; }
    public StringProperty link() { return link; }
    public StringProperty password() { return password; }
    public StringProperty repeat() { return repeat; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
    public BooleanProperty linkSent() { return linkSent; }
    public BooleanProperty done() { return done; }
}
