package dev.rowan.desktop.account;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The account screen's profile and password sections: display name, time zone and language, saved together; the
 * password changed with the current one (the server signs out every other session).
 */
public final class ProfileViewModel {
    private final TaskExecutor executor;
    private final Supplier<Optional<ProfileApi>> api;
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final StringProperty timezone = new SimpleStringProperty("");
    private final StringProperty language = new SimpleStringProperty("");
    private final StringProperty current = new SimpleStringProperty("");
    private final StringProperty next = new SimpleStringProperty("");
    private final StringProperty repeat = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty loaded = new SimpleBooleanProperty();

    public ProfileViewModel(TaskExecutor executor, Supplier<Optional<ProfileApi>> api) {
        this.executor = executor;
        this.api = api;
    }

    private Optional<ProfileApi> client() {
        Optional<ProfileApi> a = api.get();
        if (a.isEmpty()) error.set("Connect to a server first: the account lives there.");
        return a;
    }

    public void load() {
        Optional<ProfileApi> a = client();
        if (a.isEmpty()) return;
        busy.set(true);
        executor.submit("Loading your profile", p -> a.get().profile(), this::show, this::failed);
    }

    private void show(ProfileApi.Profile p) {
        busy.set(false);
        email.set(p.email());
        displayName.set(p.displayName());
        timezone.set(p.timezone());
        language.set(p.language());
        loaded.set(true);
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set("");
        error.set(Messages.of(t));
    }

    public void saveProfile() {
        Optional<ProfileApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        String n = displayName.get().strip();
        String z = timezone.get().strip();
        String l = language.get().strip();
        error.set("");
        busy.set(true);
        executor.submit("Saving your profile", p -> a.get().updateProfile(n, z, l), p -> {
            show(p);
            message.set("Profile saved.");
        }, this::failed);
    }

    public void changePassword() {
        Optional<ProfileApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        if (current.get().isEmpty() || next.get().isEmpty()) {
            error.set("Enter your current password and the new one.");
            return;
        }
        if (!next.get().equals(repeat.get())) {
            error.set("The two new passwords differ.");
            return;
        }
        String c = current.get();
        String n = next.get();
        error.set("");
        busy.set(true);
        executor.submit("Changing your password", p -> a.get().changePassword(c, n), ended -> {
            busy.set(false);
            current.set("");
            next.set("");
            repeat.set("");
            message.set("Password changed." + (ended == 0 ? "" : " " + ended + (ended == 1 ? " other session was"
                    : " other sessions were") + " signed out."));
        }, this::failed);
    }

    public StringProperty email() { return email; }
    public StringProperty displayName() { return displayName; }
    public StringProperty timezone() { return timezone; }
    public StringProperty language() { return language; }
    public StringProperty current() { return current; }
    public StringProperty next() { return next; }
    public StringProperty repeat() { return repeat; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
    public BooleanProperty loaded() { return loaded; }
}
