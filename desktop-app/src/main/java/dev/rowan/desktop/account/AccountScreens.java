package dev.rowan.desktop.account;

import dev.rowan.desktop.core.DialogService;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AdminApi;
import dev.rowan.desktop.sync.MyAccountApi;
import dev.rowan.desktop.sync.ProfileApi;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens the account windows: from the sign-in dialog "forgot password" and "accept an invitation" (no sign-in);
 * from the main window the account screen (profile, password) and the invitations screen (admins). The last
 * opened ViewModels are kept for tests.
 */
public final class AccountScreens {
    private final TaskExecutor executor;
    private final Supplier<Optional<ProfileApi>> signedIn;
    private final List<String> stylesheets;
    private @Nullable ForgotPasswordViewModel forgot;
    private @Nullable AcceptInvitationViewModel accept;
    private @Nullable ProfileViewModel profile;
    private @Nullable InvitationsViewModel invitations;
    private @Nullable MembersViewModel members;
    private Supplier<Optional<AdminApi>> admin = Optional::empty;
    private Supplier<Optional<MyAccountApi>> myAccount = Optional::empty;
    private @Nullable MyAccountViewModel mine;
    private Function<Window, Optional<Path>> imageChooser = AccountScreens::chooseImage;
    private java.util.function.Consumer<MyAccountViewModel.Left> afterLeaving = l -> { };
    private @Nullable Stage profileWindow;

    public AccountScreens(TaskExecutor executor, Supplier<Optional<ProfileApi>> signedIn, List<String> stylesheets) {
        this.executor = executor;
        this.signedIn = signedIn;
        this.stylesheets = List.copyOf(stylesheets);
    }

    /** Where the members and security screen gets its client (the workspace's stored login). */
    public AccountScreens admin(Supplier<Optional<AdminApi>> admin) {
        this.admin = admin;
        return this;
    }

    private Stage show(@Nullable Window owner, String title, Parent root) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(title);
        Scene scene = new Scene(root);
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    public Stage openForgotPassword(@Nullable Window owner, String url, String email) {
        forgot = new ForgotPasswordViewModel(executor, ProfileApi::anonymous, url, email);
        Stage[] stage = new Stage[1];
        stage[0] = show(owner, "Reset password", new ForgotPasswordView(forgot, () -> stage[0].close()).root());
        forgot.message().addListener((o, a, b) -> stage[0].sizeToScene());
        forgot.error().addListener((o, a, b) -> stage[0].sizeToScene());
        return stage[0];
    }

    public Stage openAcceptInvitation(@Nullable Window owner, String url, String email) {
        accept = new AcceptInvitationViewModel(executor, ProfileApi::anonymous, url, email);
        Stage[] stage = new Stage[1];
        stage[0] = show(owner, "Accept an invitation", new AcceptInvitationView(accept, () -> stage[0].close())
                .root());
        accept.message().addListener((o, a, b) -> stage[0].sizeToScene());
        accept.error().addListener((o, a, b) -> stage[0].sizeToScene());
        return stage[0];
    }

    public Stage openProfile(@Nullable Window owner) {
        profile = new ProfileViewModel(executor, signedIn);
        Stage[] window = new Stage[1];
        mine = new MyAccountViewModel(executor, myAccount, new dev.rowan.desktop.core.FxDialogService(owner));
        mine.afterLeaving(afterLeaving);
        Parent extras = new MyAccountView(mine, () -> imageChooser.apply(window[0])).root();
        Stage stage = show(owner, "Your account", new javafx.scene.layout.HBox(new ProfileView(profile).root(),
                new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL), extras));
        window[0] = stage;
        profileWindow = stage;
        mine.message().addListener((o, a, b) -> stage.sizeToScene());
        mine.error().addListener((o, a, b) -> stage.sizeToScene());
        mine.load();
        // the message and error lines appear and wrap: grow the window so they show whole
        profile.message().addListener((o, a, b) -> stage.sizeToScene());
        profile.error().addListener((o, a, b) -> stage.sizeToScene());
        profile.load();
        return stage;
    }

    public Stage openInvitations(@Nullable Window owner) {
        invitations = new InvitationsViewModel(executor, signedIn);
        Stage stage = show(owner, "Invitations", new InvitationsView(invitations).root());
        invitations.message().addListener((o, a, b) -> stage.sizeToScene());
        invitations.error().addListener((o, a, b) -> stage.sizeToScene());
        invitations.load();
        return stage;
    }

    /** Where the profile window's avatar, company and sign-ins column gets its client. */
    public AccountScreens myAccount(Supplier<Optional<MyAccountApi>> myAccount) {
        this.myAccount = myAccount;
        return this;
    }

    /** Told when the person left the current company from the profile window. */
    public AccountScreens afterLeaving(java.util.function.Consumer<MyAccountViewModel.Left> listener) {
        this.afterLeaving = listener;
        return this;
    }

    /** Closes the profile window if it is open (its company is gone). */
    public void closeProfile() {
        if (profileWindow != null) profileWindow.close();
        profileWindow = null;
    }

    /** How the avatar's image file is chosen (a FileChooser; tests hand a file). */
    public void imageChooser(Function<Window, Optional<Path>> chooser) {
        this.imageChooser = chooser;
    }

    private static Optional<Path> chooseImage(Window owner) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Choose your avatar");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Images",
                "*.png", "*.jpg", "*.jpeg", "*.gif"));
        return Optional.ofNullable(chooser.showOpenDialog(owner)).map(java.io.File::toPath);
    }

    public @Nullable MyAccountViewModel myAccountViewModel() { return mine; }

    /** "Members and security…" (owners and admins): members, their status and history, the security policy. */
    public Stage openMembers(@Nullable Window owner, DialogService dialogs) {
        members = new MembersViewModel(executor, admin);
        Stage[] stage = new Stage[1];
        stage[0] = show(owner, "Members and security", new MembersView(members, dialogs,
                () -> openInvitations(stage[0])).root());
        members.load();
        return stage[0];
    }

    public @Nullable MembersViewModel membersViewModel() { return members; }
    public @Nullable ForgotPasswordViewModel forgotViewModel() { return forgot; }
    public @Nullable AcceptInvitationViewModel acceptViewModel() { return accept; }
    public @Nullable ProfileViewModel profileViewModel() { return profile; }
    public @Nullable InvitationsViewModel invitationsViewModel() { return invitations; }
}
