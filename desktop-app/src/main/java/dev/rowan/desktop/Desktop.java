package dev.rowan.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.rowan.desktop.core.FxDialogService;
import dev.rowan.desktop.core.FxTaskExecutor;
import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.main.MainWindowView;
import dev.rowan.desktop.main.MainWindowViewModel;
import dev.rowan.desktop.prefs.Preferences;
import dev.rowan.desktop.navigator.NavItem;
import dev.rowan.desktop.sync.AccessApi;
import dev.rowan.desktop.sync.SyncEngine;
import dev.rowan.desktop.syncui.SyncScreens;
import dev.rowan.desktop.syncui.SyncStatusView;
import dev.rowan.desktop.syncui.SyncStatusViewModel;
import dev.rowan.desktop.syncui.TableAccessCommand;
import dev.rowan.desktop.workspace.Replica;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.TableDef;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The composition root: opens the workspace, builds ViewModels and views, applies preferences. The application
 * and the GUI tests both start the window through {@link #start}.
 */
public final class Desktop implements AutoCloseable {
    private final Workspace workspace;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    /** Network work (sign-in) runs apart from the workspace worker, so a slow server never stalls the grid. */
    private final FxTaskExecutor syncExecutor = new FxTaskExecutor();
    private volatile boolean closed;
    private Runnable membersCheck = () -> { };
    /** Whether this workspace is linked to a server (the account commands show only then). */
    private final javafx.beans.property.BooleanProperty onServer = new javafx.beans.property.SimpleBooleanProperty();
    private final javafx.beans.property.BooleanProperty boardRehearsed = new javafx.beans.property.SimpleBooleanProperty();
    private final SyncEngine engine;
    private final SyncStatusViewModel syncStatus;
    private final SyncScreens syncScreens;
    private final MainWindowViewModel viewModel;
    private final MainWindowView view;
    private final Scene scene;
    private final TableAccessCommand tableAccess;
    private final dev.rowan.desktop.syncui.DesktopFileActions files;
    private final dev.rowan.desktop.kinds.Thumbnails thumbnails;
    private final dev.rowan.desktop.account.AccountScreens accountScreens;
    /** Builds the shown big table's summary when the window is idle (issue 11's first grouping read). */
    /** No input and no running task for a while: what the rehearsal and the summary wait for. */
    private final WindowIdle idle;
    private final SummaryWhenIdle summaryWhenIdle;
    private Preferences prefs;
    private final Stage stage;
    private final Path folder;
    /** Told the desktop that replaced this one after a company switch (the application keeps the newest). */
    private java.util.function.Consumer<Desktop> replaced = d -> { };
    /** Opens a button's URL; a company switch hands it to the next desktop. */
    private java.util.function.Consumer<String> linkOpener = url -> LOG_LINKS.info(() -> "No browser to open " + url);
    private static final KeyCombination ACCESS_KEYS = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    /**
     * How long the window must have been idle before the first board is rehearsed off-screen (rehearseBoardWhenIdle); a
     * negative value (-Drowan.kanban.rehearsal.delay=-1) turns it off, for benchmarks comparing with and without.
     */
    private static final long REHEARSAL_DELAY_MS = Long.getLong("rowan.kanban.rehearsal.delay", 1_000);
    private static final java.util.logging.Logger LOG_REHEARSAL =
            java.util.logging.Logger.getLogger("dev.rowan.desktop.views.kanban.KanbanRehearsal");
    private static final java.util.logging.Logger LOG_LINKS = java.util.logging.Logger.getLogger("dev.rowan.desktop.links");

    private Desktop(Stage stage, Path folder) {
        this.stage = stage;
        this.folder = folder;
        workspace = Workspace.open(folder);
        // the member names user fields show, offline too, before the first sync refreshes them
        new dev.rowan.desktop.workspace.MemberDirectory(workspace).members();
        engine = new SyncEngine(workspace);
        onServer.set(engine.account().isPresent());
        prefs = Preferences.load(folder);
        viewModel = new MainWindowViewModel(workspace, executor, prefs, this::apply);
        view = new MainWindowView(viewModel, new FxDialogService(stage), executor, () -> prefs.dateFormatter(), () -> stage);
        String css = Objects.requireNonNull(Desktop.class.getResource(Styles.STYLESHEET)).toExternalForm();
        scene = new Scene(view.root(), 1280, 800);
        scene.getStylesheets().add(css);

        syncStatus = new SyncStatusViewModel(engine.status());
        syncScreens = new SyncScreens(engine, syncExecutor, () -> stage, this::reloadGrid, List.of(css),
                () -> AccessApi.of(workspace), () -> dev.rowan.desktop.sync.AccountApi.of(workspace),
                this::switchCompany);
        view.addStatusItem(new SyncStatusView(syncStatus, syncScreens).root());
        files = new dev.rowan.desktop.syncui.DesktopFileActions(engine, () -> stage, m -> viewModel.status().set(m));
        view.form().files(files);
        thumbnails = dev.rowan.desktop.kinds.Thumbnails.of(files);
        view.grid().thumbnails(thumbnails);
        Button connect = new Button("Connect to server…");
        connect.setId("open-connect");
        connect.setOnAction(e -> syncScreens.openConnect());
        view.addHeaderCommand(connect);
        accountScreens = accountScreens(stage, css);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), syncScreens::openConflicts);
        tableAccess = tableAccessCommand();
        engine.onStatus(s -> Platform.runLater(() -> {
            // a status published while this desktop closed arrives after its workspace is gone
            if (closed) return;
            // the account changes only with the state (sign-in, sign-out): no settings read per pulled page, which
            // would wait for the workspace lock on the FX thread
            boolean stateChanged = syncStatus.state().get() != s.state();
            syncStatus.update(s);
            if (stateChanged && !closed) {
                tableAccess.connected().set(engine.account().isPresent());
                onServer.set(engine.account().isPresent());
                // signing in, out or into another company changes who this is: ask the role again
                membersCheck.run();
            }
        }));
        engine.onChanges(a -> Platform.runLater(() -> pulled(a)));
        engine.onSessionEnded(() -> Platform.runLater(this::sessionEnded));
        view.installShortcuts(scene);
        idle = new WindowIdle(scene, () -> executor.running().get());
        summaryWhenIdle = new SummaryWhenIdle(idle, workspace, viewModel.grid().table());
        // nothing typed is lost by closing the window: see MainWindowView.mayClose
        stage.setOnCloseRequest(e -> {
            if (!view.mayClose()) e.consume();
        });
        apply(prefs);
        stage.setTitle("Rowan — " + folder + ServerConfig.presetServerUrl().map(u -> " — server " + u).orElse(" — local only"));
        stage.setScene(scene);
        viewModel.start();
        if (engine.account().isPresent()) engine.start();
    }

    /**
     * The account windows: "Forgot password?" and "Accept an invitation…" in the connect dialog; "Profile…" and
     * "Invitations…" in the header (they need a signed-in workspace and say so otherwise).
     */
    private dev.rowan.desktop.account.AccountScreens accountScreens(Stage stage, String css) {
        var screens = new dev.rowan.desktop.account.AccountScreens(syncExecutor,
                () -> dev.rowan.desktop.sync.ProfileApi.of(workspace), List.of(css))
                .admin(() -> dev.rowan.desktop.sync.AdminApi.of(workspace))
                .myAccount(() -> dev.rowan.desktop.sync.MyAccountApi.of(workspace));
        syncScreens.connectExtras(vm -> {
            javafx.scene.control.Hyperlink forgot = new javafx.scene.control.Hyperlink("Forgot password?");
            forgot.setId("connect-forgot");
            forgot.setOnAction(e -> screens.openForgotPassword(syncScreens.connectWindow(), vm.url().get(),
                    vm.email().get()));
            javafx.scene.control.Hyperlink invited = new javafx.scene.control.Hyperlink("Accept an invitation…");
            invited.setId("connect-accept-invitation");
            invited.setOnAction(e -> {
                screens.openAcceptInvitation(syncScreens.connectWindow(), vm.url().get(), vm.email().get());
                // once accepted, the connect dialog is ready to sign in to that company
                var accept = java.util.Objects.requireNonNull(screens.acceptViewModel());
                accept.accepted().addListener((o, a, b) -> {
                    if (b == null) return;
                    vm.url().set(accept.url().get());
                    vm.email().set(b.email());
                    vm.company().set(b.companyId().toString());
                });
            });
            return List.of(forgot, invited);
        });
        Button account = new Button("Profile…");
        account.setId("open-account");
        account.setOnAction(e -> screens.openProfile(stage));
        view.addHeaderCommand(account);
        Button invitations = new Button("Invitations…");
        invitations.setId("open-invitations");
        invitations.setOnAction(e -> screens.openInvitations(stage));
        view.addHeaderCommand(invitations);
        // a local-only workspace has no account: these would only say "connect first"
        for (Button b : List.of(account, invitations)) {
            b.visibleProperty().bind(onServer);
            b.managedProperty().bind(b.visibleProperty());
        }
        screens.afterLeaving(this::companyLeft);
        view.addHeaderCommand(membersCommand(screens, stage));
        return screens;
    }

    /**
     * "Members and security…": shown only to owners and admins of the signed-in company (asked of the server once
     * the window opens; the server refuses members anyway).
     */
    private Button membersCommand(dev.rowan.desktop.account.AccountScreens screens, Stage stage) {
        Button members = new Button("Members and security…");
        members.setId("open-members");
        members.setVisible(false);
        members.managedProperty().bind(members.visibleProperty());
        members.setOnAction(e -> screens.openMembers(stage, new FxDialogService(stage)));
        Runnable check = () -> dev.rowan.desktop.sync.AdminApi.of(workspace).ifPresentOrElse(api ->
                syncExecutor.submit("Checking your role", p -> api.myRole(),
                        role -> members.setVisible(dev.rowan.desktop.sync.AdminApi.manages(role)),
                        t -> java.util.logging.Logger.getLogger(Desktop.class.getName())
                                .fine("Role not known yet: " + t)),
                () -> members.setVisible(false));
        check.run();
        membersCheck = check;
        return members;
    }

    public dev.rowan.desktop.account.AccountScreens accountScreens() {
        return accountScreens;
    }

    /** "Who can open this table…": navigator menu, header button and Ctrl+Shift+A, for the selected table. */
    private TableAccessCommand tableAccessCommand() {
        TableAccessCommand command = new TableAccessCommand(syncScreens);
        command.connected().set(engine.account().isPresent());
        viewModel.navigator().selected().addListener((o, a, b) -> command.table().set(
                b != null && b.kind() == NavItem.Kind.TABLE ? new TableAccessCommand.Target(b.id(), b.name()) : null));
        MenuItem item = new MenuItem("Who can open this table…");
        item.setId("nav-table-access");
        item.setAccelerator(ACCESS_KEYS);
        item.disableProperty().bind(command.disabled());
        item.setOnAction(e -> command.run());
        view.navigator().addMenuCommand(item);
        Button button = new Button("Table access…", new FontIcon(Feather.LOCK));
        button.setId("open-table-access");
        button.disableProperty().bind(command.disabled());
        button.setOnAction(e -> command.run());
        // a disabled control shows no tooltip: the tooltip sits on a wrapper, so it can say why it is disabled
        StackPane wrapper = new StackPane(button);
        wrapper.setId("table-access-wrapper");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(command.tooltip());
        Tooltip.install(wrapper, tip);
        view.addHeaderCommand(wrapper);
        scene.getAccelerators().put(ACCESS_KEYS, command::run);
        return command;
    }

    /** Changes pulled from the server: the navigator reads the schema again; an affected open table reloads. */
    private void pulled(Replica.Applied a) {
        if (a.schemaChanged()) viewModel.navigator().reload();
        TableDef open = viewModel.grid().table().get();
        if (open == null) return;
        if (a.schemaChanged()) viewModel.views().reloadSchema();
        else if (a.tables().contains(open.id())) viewModel.views().refresh();
    }

    /**
     * Another company, in its own workspace (one per company, side by side: workspace.WorkspaceFolders): this one
     * closes, the other opens in the same window and adopts the session the server gave for the company.
     */
    private Desktop switchCompany(String companyId, java.util.Map<String, @org.jspecify.annotations.Nullable Object> answer) {
        var account = engine.account().orElseThrow();
        Path target = dev.rowan.desktop.workspace.WorkspaceFolders.forCompany(folder, account.companyId(), companyId);
        Stage accountWindow = syncScreens.accountWindow();
        if (accountWindow != null) accountWindow.close();
        close();
        Desktop next = new Desktop(stage, target);
        next.replaced = replaced;
        next.openLinksWith(linkOpener);
        try {
            next.engine.adopt(account.url(), account.email(), answer);
            next.engine.start();
        } catch (java.io.IOException | dev.rowan.desktop.sync.ServerApi.ApiError e) {
            java.util.logging.Logger.getLogger(Desktop.class.getName()).warning("The company's workspace could not "
                    + "take the session: " + e.getMessage());
        }
        stage.show();
        replaced.accept(next);
        return next;
    }

    /**
     * The person left this company from the profile window: on to another company's workspace with the session taken
     * before leaving, or, with none, to the connect screen; either says so.
     */
    private void companyLeft(dev.rowan.desktop.account.MyAccountViewModel.Left left) {
        accountScreens.closeProfile();
        // the ended session may have been noticed by the sync loop first: that dialog is not the news
        Stage connect = syncScreens.connectWindow();
        if (connect != null) connect.close();
        if (left.next().isPresent()) {
            var n = left.next().get();
            Desktop next = switchCompany(n.companyId(), n.answer());
            next.viewModel.status().set("You left " + left.company() + "; this is " + n.name() + "'s workspace.");
        } else {
            engine.signOut();
            String say = "You left " + left.company() + " and belong to no other company on this server: sign in "
                    + "to another, or accept an invitation.";
            viewModel.status().set(say);
            syncScreens.openConnect(say);
        }
    }

    /**
     * The server no longer takes this workspace's session (removed from the company, signed out elsewhere, expired):
     * the connect screen opens and says so; signing in there picks the company to go on in.
     */
    private void sessionEnded() {
        if (closed) return;
        // another company's workspace beside this one whose session the server still takes: go on there
        syncExecutor.submit("Looking for another company you are signed in to", p -> liveSibling(), found -> {
            if (closed) return;
            if (found.isPresent()) {
                Desktop next = reopenAt(found.get());
                next.viewModel.status().set("The server ended your session in the other company (you were signed "
                        + "out, or removed from it); this is another company you are signed in to.");
            } else {
                toConnect();
            }
        }, t -> {
            if (!closed) toConnect();
        });
    }

    private void toConnect() {
        String say = "The server ended this workspace's session (you were signed out, or removed from the company). "
                + "Sign in to go on; nothing queued is lost.";
        viewModel.status().set(say);
        accountScreens.closeProfile();
        syncScreens.openConnect(say);
    }

    /** Off the FX thread: the first other company's workspace holding a session the server still takes. */
    private java.util.Optional<Path> liveSibling() throws java.io.IOException {
        for (Path other : dev.rowan.desktop.workspace.WorkspaceFolders.others(folder)) {
            boolean live;
            try (Workspace ws = Workspace.open(other)) {
                live = dev.rowan.desktop.sync.MyAccountApi.sessionLive(ws);
            } catch (RuntimeException e) {
                continue; // open elsewhere, or unreadable: not this one
            }
            if (live) return java.util.Optional.of(other);
        }
        return java.util.Optional.empty();
    }

    /** Another company's workspace in this window, with the session it holds (as a company switch, minus the new session). */
    private Desktop reopenAt(Path target) {
        Stage accountWindow = syncScreens.accountWindow();
        if (accountWindow != null) accountWindow.close();
        accountScreens.closeProfile();
        close();
        Desktop next = new Desktop(stage, target);
        next.replaced = replaced;
        next.openLinksWith(linkOpener);
        stage.show();
        next.summaryWhenIdle.start();
        replaced.accept(next);
        return next;
    }

    /** Called with the desktop that takes over this window after a company switch. */
    public void onReplaced(java.util.function.Consumer<Desktop> listener) {
        this.replaced = listener;
    }

    private void reloadGrid() {
        if (viewModel.grid().table().get() != null) viewModel.views().refresh();
    }

    public static Desktop start(Stage stage, Path folder) {
        return start(stage, folder, url -> LOG_LINKS.info(() -> "No browser to open " + url));
    }

    /** The window on a workspace; {@code openLink} opens a button's URL with the system browser. */
    public static Desktop start(Stage stage, Path folder, java.util.function.Consumer<String> openLink) {
        Desktop d = new Desktop(stage, folder);
        d.openLinksWith(openLink);
        stage.show();
        d.rehearseBoardWhenIdle();
        d.summaryWhenIdle.start();
        return d;
    }

    /** Whether the first board was rehearsed off-screen (see {@link #rehearseBoardWhenIdle}). */
    public javafx.beans.value.ObservableBooleanValue boardRehearsed() {
        return boardRehearsed;
    }

    /**
     * Once the window has been idle for {@link #REHEARSAL_DELAY_MS} (no key or mouse input, no background task of
     * the workspace), the first board of the JVM is drawn off-screen
     * (each view kind's {@link dev.rowan.desktop.views.ViewType#rehearsal}: the kanban board's
     * {@link dev.rowan.desktop.views.kanban.KanbanRehearsal}), so the first board a person opens does not pay for
     * the first use of its controls; skipped when a board was shown already or the window closed. The waiting is a
     * timer thread's, not an animation's, so the idle window draws no frames meanwhile.
     */
    private void rehearseBoardWhenIdle() {
        if (REHEARSAL_DELAY_MS < 0) return;
        Runnable[] look = new Runnable[1];
        look[0] = () -> java.util.concurrent.CompletableFuture.delayedExecutor(Math.max(50, REHEARSAL_DELAY_MS / 4),
                java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> Platform.runLater(() -> {
                    if (closed || unrehearsed().isEmpty()) return;
                    if (!idle.idleFor(REHEARSAL_DELAY_MS)) {
                        look[0].run(); // busy: look again a little later
                        return;
                    }
                    long s = System.nanoTime();
                    int drawn = 0;
                    for (dev.rowan.desktop.views.ViewType<?, ?> type : unrehearsed()) {
                        drawn += java.util.Objects.requireNonNull(type.rehearsal()).run(viewModel.views().context(),
                                () -> prefs.dateFormatter(), scene);
                    }
                    int items = drawn;
                    boardRehearsed.set(true);
                    LOG_REHEARSAL.fine(() -> String.format("Rehearsed the first views off-screen in %.0f ms (%d items)",
                            (System.nanoTime() - s) / 1e6, items));
                }));
        look[0].run();
    }

    /** The view kinds with a rehearsal ({@link dev.rowan.desktop.views.ViewType#rehearsal}) none of which was shown. */
    private java.util.List<dev.rowan.desktop.views.ViewType<?, ?>> unrehearsed() {
        return dev.rowan.desktop.views.ViewKinds.ALL.stream()
                .filter(t -> t.rehearsal() != null && !view.views().made(t)).toList();
    }

    private void openLinksWith(java.util.function.Consumer<String> openLink) {
        linkOpener = openLink;
        viewModel.grid().setLinkOpener(openLink);
    }

    private void apply(Preferences p) {
        prefs = p;
        Application.setUserAgentStylesheet(p.theme() == Preferences.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        view.root().getStyleClass().remove(Styles.COMPACT);
        if (p.density() == Preferences.Density.COMPACT) view.root().getStyleClass().add(Styles.COMPACT);
        // row height per density comes from rowan.css (-fx-cell-size under .compact); a fixed cell size would make
        // the row skin drop the cells of columns scrolled out of view, blanking the frozen columns
        view.grid().table().refresh();
    }

    public MainWindowViewModel viewModel() {
        return viewModel;
    }

    public MainWindowView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }

    public FxTaskExecutor executor() {
        return executor;
    }

    /** The window's file actions (attachments). */
    /** The grid's attachment thumbnails (tests count what they decode). */
    public dev.rowan.desktop.kinds.Thumbnails thumbnails() {
        return thumbnails;
    }

    public dev.rowan.desktop.syncui.DesktopFileActions files() {
        return files;
    }

    public SyncEngine engine() {
        return engine;
    }

    public SyncStatusViewModel syncStatus() {
        return syncStatus;
    }

    public SyncScreens syncScreens() {
        return syncScreens;
    }

    public TableAccessCommand tableAccess() {
        return tableAccess;
    }

    @Override
    public void close() {
        // status hops queued on the FX thread before this must not read the closed workspace
        closed = true;
        summaryWhenIdle.close();
        idle.close();
        thumbnails.close();
        engine.close();
        syncExecutor.close();
        executor.close();
        workspace.close();
    }
}
