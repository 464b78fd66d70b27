package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AccessApi;
import dev.rowan.desktop.sync.SyncEngine;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Opens the sync windows for the main window (one connect dialog and one conflicts window at a time) and runs the
 * indicator's menu commands. Built by the composition root.
 */
public final class SyncScreens {
    private final SyncEngine engine;
    private final TaskExecutor executor;
    private final Supplier<Window> owner;
    private final Runnable afterResolve;
    private final List<String> stylesheets;
    private final Supplier<Optional<AccessApi>> accessApi;
    private @Nullable Stage connect;
    private @Nullable ConnectViewModel connectVm;
    private java.util.function.Function<ConnectViewModel, List<? extends javafx.scene.Node>> connectExtras = vm -> List.of();
    private @Nullable Stage conflicts;
    private @Nullable ConflictsViewModel conflictsVm;
    private @Nullable Stage access;
    private @Nullable TableAccessViewModel accessVm;
    private final Supplier<Optional<dev.rowan.desktop.sync.AccountApi>> accountApi;
    private final java.util.function.BiConsumer<String, java.util.Map<String, @Nullable Object>> switchCompany;
    private @Nullable Stage account;
    private dev.rowan.desktop.account.@Nullable AccountViewModel accountVm;

    /**
     * @param executor     background work for sign-in and conflict choices
     * @param afterResolve runs on the FX thread after a conflict choice changed the workspace (reload the grid)
     * @param stylesheets  added to the windows' scenes (Rowan's stylesheet)
     * @param accessApi    the members and table-access client for the workspace's current login, if any
     */
    public SyncScreens(SyncEngine engine, TaskExecutor executor, Supplier<Window> owner, Runnable afterResolve,
                       List<String> stylesheets, Supplier<Optional<AccessApi>> accessApi) {
        this(engine, executor, owner, afterResolve, stylesheets, accessApi, Optional::empty);
    }

    /** @param accountApi the account client (second factor, sessions, API keys) for the current login, if any */
    public SyncScreens(SyncEngine engine, TaskExecutor executor, Supplier<Window> owner, Runnable afterResolve,
                       List<String> stylesheets, Supplier<Optional<AccessApi>> accessApi,
                       Supplier<Optional<dev.rowan.desktop.sync.AccountApi>> accountApi) {
        this(engine, executor, owner, afterResolve, stylesheets, accessApi, accountApi, (id, answer) -> { });
    }

    /** @param switchCompany opens another company's workspace with the session the server gave for it */
    public SyncScreens(SyncEngine engine, TaskExecutor executor, Supplier<Window> owner, Runnable afterResolve,
                       List<String> stylesheets, Supplier<Optional<AccessApi>> accessApi,
                       Supplier<Optional<dev.rowan.desktop.sync.AccountApi>> accountApi,
                       java.util.function.BiConsumer<String, java.util.Map<String, @Nullable Object>> switchCompany) {
        this.accountApi = accountApi;
        this.switchCompany = switchCompany;
        this.engine = engine;
        this.executor = executor;
        this.owner = owner;
        this.afterResolve = afterResolve;
        this.stylesheets = stylesheets;
        this.accessApi = accessApi;
    }

    public SyncEngine engine() {
        return engine;
    }

    public Stage openConnect() {
        if (connect != null && connect.isShowing()) {
            connect.toFront();
            return connect;
        }
        connectVm = new ConnectViewModel(engine, executor);
        connect = ConnectView.show(owner.get(), connectVm, stylesheets, connectExtras.apply(connectVm));
        return connect;
    }

    /** The connect dialog, opened by the desktop itself: {@code notice} says why (shown above the fields' errors). */
    public Stage openConnect(String notice) {
        Stage s = openConnect();
        if (connectVm != null) connectVm.notice().set(notice);
        s.sizeToScene();
        return s;
    }

    public Stage openConflicts() {
        if (conflicts != null && conflicts.isShowing()) {
            conflicts.toFront();
            if (conflictsVm != null) conflictsVm.reload();
            return conflicts;
        }
        conflictsVm = new ConflictsViewModel(engine.conflicts(), engine, executor, afterResolve);
        conflicts = ConflictsView.show(owner.get(), conflictsVm, stylesheets);
        conflictsVm.reload();
        return conflicts;
    }

    /** The "Who can open this table" dialog for one table (one at a time; another table replaces it). */
    public Stage openTableAccess(UUID tableId, String tableName) {
        if (access != null && access.isShowing()) {
            if (accessVm != null && accessVm.tableId().equals(tableId)) {
                access.toFront();
                return access;
            }
            access.close();
        }
        accessVm = new TableAccessViewModel(accessApi.get(), executor, tableId, tableName);
        access = TableAccessView.show(owner.get(), accessVm, stylesheets);
        return access;
    }

    /** The account screen: second factor, sessions, API keys (one at a time). */
    public Stage openAccount() {
        if (account != null && account.isShowing()) {
            account.toFront();
            return account;
        }
        accountVm = new dev.rowan.desktop.account.AccountViewModel(accountApi.get(), executor, switchCompany);
        account = dev.rowan.desktop.account.AccountView.show(owner.get(), accountVm, stylesheets);
        return account;
    }

    public @Nullable Stage accountWindow() { return account; }
    public dev.rowan.desktop.account.@Nullable AccountViewModel accountViewModel() { return accountVm; }

    public void syncNow() {
        engine.syncNow();
    }

    public void signOut() {
        engine.signOut();
    }

    /** Extra links for the connect dialog (the account screens' "Forgot password?" and "Accept an invitation…"). */
    public void connectExtras(java.util.function.Function<ConnectViewModel, List<? extends javafx.scene.Node>> extras) {
        this.connectExtras = extras;
    }

    public @Nullable Stage connectWindow() { return connect; }
    public @Nullable ConnectViewModel connectViewModel() { return connectVm; }
    public @Nullable Stage conflictsWindow() { return conflicts; }
    public @Nullable ConflictsViewModel conflictsViewModel() { return conflictsVm; }
    public @Nullable Stage tableAccessWindow() { return access; }
    public @Nullable TableAccessViewModel tableAccessViewModel() { return accessVm; }
}
