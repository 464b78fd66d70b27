package dev.rowan.desktop.account;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin screen for invitations: the company's invitations with their status (pending, accepted, expired,
 * cancelled), inviting an email with a role, resending and cancelling. The server decides who may (owners and
 * admins); a refusal shows its sentence.
 */
public final class InvitationsViewModel {
    public static final List<String> ROLES = List.of("member", "admin", "owner");

    private final TaskExecutor executor;
    private final Supplier<Optional<ProfileApi>> api;
    private final ObservableList<ProfileApi.Invitation> rows = FXCollections.observableArrayList();
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty role = new SimpleStringProperty("member");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public InvitationsViewModel(TaskExecutor executor, Supplier<Optional<ProfileApi>> api) {
        this.executor = executor;
        this.api = api;
    }

    private Optional<ProfileApi> client() {
        Optional<ProfileApi> a = api.get();
        if (a.isEmpty()) error.set("Connect to a server first: invitations are sent by the server.");
        return a;
    }

    public void load() {
        Optional<ProfileApi> a = client();
        if (a.isEmpty()) return;
        busy.set(true);
        executor.submit("Loading invitations", p -> a.get().invitations(), list -> {
            busy.set(false);
            rows.setAll(list);
        }, this::failed);
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set("");
        error.set(Messages.of(t));
    }

    public void invite() {
        Optional<ProfileApi> a = client();
        String e = email.get().strip();
        if (a.isEmpty() || busy.get()) return;
        if (e.isEmpty()) {
            error.set("Enter the email address to invite.");
            return;
        }
        String r = role.get();
        error.set("");
        busy.set(true);
        executor.submit("Inviting " + e, p -> {
            a.get().invite(e, r);
            return a.get().invitations();
        }, list -> {
            busy.set(false);
            rows.setAll(list);
            email.set("");
            message.set("Invitation sent to " + e + ".");
        }, this::failed);
    }

    public void resend(ProfileApi.Invitation i) {
        Optional<ProfileApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        error.set("");
        busy.set(true);
        executor.submit("Resending", p -> {
            a.get().resend(i.id());
            return a.get().invitations();
        }, list -> {
            busy.set(false);
            rows.setAll(list);
            message.set("Sent again to " + i.email() + " with a new link and code.");
        }, this::failed);
    }

    public void cancel(ProfileApi.Invitation i) {
        Optional<ProfileApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        error.set("");
        busy.set(true);
        executor.submit("Cancelling", p -> {
            a.get().cancel(i.id());
            return a.get().invitations();
        }, list -> {
            busy.set(false);
            rows.setAll(list);
            message.set("The invitation to " + i.email() + " is cancelled.");
        }, this::failed);
    }

    /** Only a pending or expired invitation can be sent again; only a pending one cancelled. */
    public static boolean resendable(ProfileApi.Invitation i) {
        return i.status().equals("pending") || i.status().equals("expired");
    }

    public static boolean cancellable(ProfileApi.Invitation i) {
        return i.status().equals("pending") || i.status().equals("expired");
    }

    public ObservableList<ProfileApi.Invitation> rows() { return rows; }
    public StringProperty email() { return email; }
    public StringProperty role() { return role; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
}
