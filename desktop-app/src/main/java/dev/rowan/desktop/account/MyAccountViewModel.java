package dev.rowan.desktop.account;

import dev.rowan.desktop.core.DialogService;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AdminApi;
import dev.rowan.desktop.sync.MyAccountApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Beside the profile: the person's avatar (chosen from a file, shown as the server stores it), their own login
 * history, and the current company: its name (owners and admins rename it) and leaving it. The avatar is held as
 * bytes so the ViewModel needs no FX image; the view decodes them.
 */
public final class MyAccountViewModel {
    private final TaskExecutor executor;
    private final Supplier<Optional<MyAccountApi>> api;
    private final DialogService dialogs;
    private final ObservableList<AdminApi.Login> history = FXCollections.observableArrayList();
    private final ObjectProperty<byte[]> avatar = new SimpleObjectProperty<>(new byte[0]);
    private final StringProperty companyName = new SimpleStringProperty("");
    private final StringProperty role = new SimpleStringProperty("");
    private final BooleanProperty manages = new SimpleBooleanProperty();
    private final BooleanProperty left = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    /** The company was left: its name, and another company to go on in (with a session there) if there is one. */
    public record Left(String company, Optional<MyAccountApi.Elsewhere> next) {
    }

    private java.util.function.Consumer<Left> afterLeaving = l -> { };

    /** Told once the company is left (the desktop moves to another company's workspace, or to the connect screen). */
    public void afterLeaving(java.util.function.Consumer<Left> listener) {
        this.afterLeaving = listener;
    }

    public MyAccountViewModel(TaskExecutor executor, Supplier<Optional<MyAccountApi>> api, DialogService dialogs) {
        this.executor = executor;
        this.api = api;
        this.dialogs = dialogs;
    }

    private record Loaded(List<AdminApi.Login> history, Optional<byte[]> avatar, MyAccountApi.Company company) {
    }

    private Optional<MyAccountApi> client() {
        Optional<MyAccountApi> a = api.get();
        if (a.isEmpty()) error.set("Connect to a server first: your account lives on the server.");
        return a;
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set("");
        error.set(Messages.of(t));
    }

    public void load() {
        Optional<MyAccountApi> a = client();
        if (a.isEmpty()) return;
        busy.set(true);
        executor.submit("Loading your account", p -> new Loaded(a.get().loginHistory(), a.get().avatar(),
                a.get().company()), l -> {
            busy.set(false);
            history.setAll(l.history());
            avatar.set(l.avatar().orElse(new byte[0]));
            showCompany(l.company());
        }, this::failed);
    }

    private void showCompany(MyAccountApi.Company c) {
        companyName.set(c.name());
        role.set(c.role());
        manages.set(AdminApi.manages(c.role()));
    }

    /** The media type the server expects for an image file, by its name; empty for other files. */
    static Optional<String> imageType(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) return Optional.of("image/png");
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return Optional.of("image/jpeg");
        if (n.endsWith(".gif")) return Optional.of("image/gif");
        return Optional.empty();
    }

    /** Uploads the chosen image, then shows what the server now serves. */
    public void uploadAvatar(Path file) {
        Optional<MyAccountApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        Optional<String> type = imageType(file);
        if (type.isEmpty()) {
            error.set("Choose a PNG, JPEG or GIF image.");
            return;
        }
        error.set("");
        busy.set(true);
        executor.submit("Uploading the avatar", p -> {
            a.get().putAvatar(type.get(), Files.readAllBytes(file));
            return a.get().avatar().orElse(new byte[0]);
        }, bytes -> {
            busy.set(false);
            avatar.set(bytes);
            message.set("Avatar saved.");
        }, this::failed);
    }

    public void renameCompany() {
        Optional<MyAccountApi> a = client();
        String name = companyName.get().strip();
        if (a.isEmpty() || busy.get()) return;
        if (name.isEmpty()) {
            error.set("Enter the company's new name.");
            return;
        }
        error.set("");
        busy.set(true);
        executor.submit("Renaming the company", p -> a.get().renameCompany(name), c -> {
            busy.set(false);
            showCompany(c);
            message.set("The company is now called " + c.name() + ".");
        }, this::failed);
    }

    /** Asks first; the server refuses the only owner (they hand ownership over first) and says so. */
    public void leaveCompany() {
        Optional<MyAccountApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        String name = companyName.get();
        if (!dialogs.confirm("Leave company", "Leave " + name + "? You lose access to its data; your records "
                + "keep your name.", "Leave", "Stay")) return;
        error.set("");
        busy.set(true);
        executor.submit("Leaving the company", p -> {
            MyAccountApi api = a.get();
            Optional<MyAccountApi.Elsewhere> next = api.sessionElsewhere();
            try {
                api.leaveCompany();
            } catch (Exception e) {
                next.ifPresent(api::signOutElsewhere);
                throw e;
            }
            return new Left(name, next);
        }, l -> {
            busy.set(false);
            left.set(true);
            message.set(l.next().map(n -> "You left " + l.company() + ". Going on in " + n.name() + ".")
                    .orElse("You left " + l.company() + ". Sign in to another company to go on."));
            afterLeaving.accept(l);
        }, this::failed);
    }

    public ObservableList<AdminApi.Login> history() { return history; }
    public ObjectProperty<byte[]> avatar() { return avatar; }
    public StringProperty companyName() { return companyName; }
    public StringProperty role() { return role; }
    public BooleanProperty manages() { return manages; }
    public BooleanProperty left() { return left; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
}
