package dev.rowan.desktop.account;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

import java.util.function.Function;

/**
 * "Accept an invitation" from the sign-in dialog: the email the invitation went to and the code in its mail; a
 * password and a name when the email has no account yet (an existing account keeps its password). On success
 * {@link #accepted} holds what happened, and the sign-in dialog can fill in the company.
 */
public final class AcceptInvitationViewModel {
    private final TaskExecutor executor;
    private final Function<String, ProfileApi> api;
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<ProfileApi.@Nullable Accepted> accepted = new SimpleObjectProperty<>();

    public AcceptInvitationViewModel(TaskExecutor executor, Function<String, ProfileApi> api, String url,
                                     String email) {
        this.executor = executor;
        this.api = api;
        this.url.set(url);
        this.email.set(email);
    }

    public void accept() {
        if (busy.get()) return;
        String u = url.get().strip();
        String e = email.get().strip();
        String c = code.get().strip();
        if (u.isEmpty() || e.isEmpty() || c.isEmpty()) {
            error.set("Enter the server address, your email and the code from the invitation mail.");
            return;
        }
        String pw = password.get();
        String name = displayName.get().strip();
        error.set("");
        busy.set(true);
        executor.submit("Accepting the invitation", p -> api.apply(u).acceptByCode(e, c, pw, name), a -> {
            busy.set(false);
            password.set("");
            message.set((a.accountCreated() ? "Your account is ready and you joined the company as "
                    : "You joined the company as ") + a.role() + ". Sign in to start.");
            accepted.set(a);
        }, t -> {
            busy.set(false);
            error.set(Messages.of(t));
        });
    }

    public StringProperty url() { return url; }
    public StringProperty email() { return email; }
    public StringProperty code() { return code; }
    public StringProperty password() { return password; }
    public StringProperty displayName() { return displayName; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
    public ObjectProperty<ProfileApi.@Nullable Accepted> accepted() { return accepted; }
}
