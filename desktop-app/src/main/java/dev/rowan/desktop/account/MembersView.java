package dev.rowan.desktop.account;

import dev.rowan.desktop.core.DialogService;
import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.sync.AdminApi;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/**
 * "Members and security": a Members tab (the list, the actions on the selected member, their login history) and a
 * Security policy tab. Removing a member and giving away ownership ask first.
 */
public final class MembersView {
    private final VBox root;

    public MembersView(MembersViewModel vm, DialogService dialogs, Runnable openInvitations) {
        TableView<AdminApi.Member> table = new TableView<>(vm.members());
        table.setId("members-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No members"));
        table.getColumns().add(column("Name", AdminApi.Member::displayName, 150));
        table.getColumns().add(column("Email", AdminApi.Member::email, 230));
        table.getColumns().add(column("Role", AdminApi.Member::role, 70));
        table.getColumns().add(column("Status", AdminApi.Member::status, 90));
        table.getColumns().add(column("Locked", m -> m.locked() ? "locked" : "", 70));
        table.getColumns().add(column("Last sign-in", m -> m.lastLoginAt() == null ? "never"
                : m.lastLoginAt().replace('T', ' ').replaceFirst("\\..*|Z$", ""), 150));
        table.setPrefHeight(220);
        vm.selected().bind(table.getSelectionModel().selectedItemProperty());

        ChoiceBox<String> role = choice("member-role", MembersViewModel.ROLES);
        Button setRole = button("member-role-apply", "Change role", () -> vm.changeRole(sel(vm), role.getValue()));
        ChoiceBox<String> status = choice("member-status", MembersViewModel.STATUSES);
        Button setStatus = button("member-status-apply", "Set status",
                () -> vm.setStatus(sel(vm), status.getValue()));
        Button unlock = button("member-unlock", "Unlock", () -> vm.unlock(sel(vm)));
        Button history = button("member-history", "Login history", () -> vm.loadHistory(sel(vm)));
        Button remove = button("member-remove", "Remove…", () -> {
            AdminApi.Member m = sel(vm);
            if (dialogs.confirm("Remove member", "Remove " + m.email() + " from the company? Their sessions here "
                    + "end; their records keep their name.", "Remove", "Cancel")) vm.remove(m);
        });
        Button transfer = button("member-transfer", "Make owner…", () -> {
            AdminApi.Member m = sel(vm);
            if (dialogs.confirm("Transfer ownership", "Make " + m.email() + " the owner? You become an admin.",
                    "Transfer", "Cancel")) vm.transferOwnership(m);
        });
        vm.selected().addListener((o, a, m) -> {
            if (m == null) return;
            role.setValue(m.role());
            status.setValue(MembersViewModel.STATUSES.contains(m.status()) ? m.status() : null);
        });
        for (var node : java.util.List.of(role, setRole, status, setStatus, unlock, history, remove, transfer)) {
            node.disableProperty().bind(vm.selected().isNull().or(vm.busy()));
        }
        unlock.disableProperty().unbind();
        unlock.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.selected().get() == null || !vm.selected().get().locked() || vm.busy().get(),
                vm.selected(), vm.busy()));
        HBox actions = new HBox(6, role, setRole, new Label("  "), status, setStatus, unlock, history, remove,
                transfer);
        actions.setAlignment(Pos.CENTER_LEFT);

        TableView<AdminApi.Login> logins = new TableView<>(vm.history());
        logins.setId("member-history-table");
        logins.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        logins.setPlaceholder(new Label("Select a member and press Login history"));
        logins.getColumns().add(loginColumn("When", l -> l.at().replace('T', ' ').replaceFirst("\\..*|Z$", ""),
                150));
        logins.getColumns().add(loginColumn("Result", l -> l.success() ? "signed in" : "refused", 80));
        logins.getColumns().add(loginColumn("Reason", l -> l.reason().replace('_', ' '), 130));
        logins.getColumns().add(loginColumn("IP", AdminApi.Login::ip, 110));
        logins.getColumns().add(loginColumn("Device", AdminApi.Login::userAgent, 200));
        logins.setPrefHeight(150);

        Button invitations = new Button("Invitations…");
        invitations.setId("members-invitations");
        invitations.setOnAction(e -> openInvitations.run());
        Button refresh = new Button("Refresh");
        refresh.setId("members-refresh");
        refresh.disableProperty().bind(vm.busy());
        refresh.setOnAction(e -> vm.load());
        Label historyTitle = Forms.line("member-history-title", vm.historyOf(), "text-bold");
        VBox membersTab = new VBox(10, Forms.muted("Owners and admins manage the company's members here. A "
                + "suspended member's sessions and API keys stop working at once."), table, actions,
                historyTitle, logins, new HBox(8, refresh, invitations));
        membersTab.setPadding(new Insets(12, 0, 0, 0));

        GridPane form = Forms.grid();
        ChoiceBox<String> mfa = choice("policy-mfa", MembersViewModel.MFA_RULES);
        mfa.valueProperty().bindBidirectional(vm.requireMfa());
        form.addRow(0, new Label("Require MFA"), mfa);
        // the bounds come from shared-model's SecurityBounds, the copy the server checks against
        form.addRow(1, new Label("Idle timeout (minutes)"), Forms.text("policy-idle", vm.idleMinutes(),
                "server default"), bounds("policy-idle-bounds", MembersViewModel.IDLE_MINUTES));
        form.addRow(2, new Label("Maximum session length (minutes)"), Forms.text("policy-lifetime",
                vm.lifetimeMinutes(), "server default"), bounds("policy-lifetime-bounds",
                MembersViewModel.LIFETIME_MINUTES));
        form.addRow(3, new Label("Concurrent sessions per person"), Forms.text("policy-sessions",
                vm.maxSessions(), "no limit"), bounds("policy-sessions-bounds", MembersViewModel.SESSIONS));
        form.addRow(4, new Label("Allowed email domains"), Forms.text("policy-domains", vm.domains(),
                "any domain (e.g. example.com, example.org)"));
        Button save = new Button("Save policy");
        save.setId("policy-save");
        save.getStyleClass().add("accent");
        save.disableProperty().bind(vm.busy());
        save.setOnAction(e -> vm.savePolicy());
        VBox policyTab = new VBox(10, Forms.muted("Applies to everyone in this company. Shorter session terms end "
                + "the sessions already past them."), form, save,
                Forms.line("policy-error", vm.policyError(), Styles.ERROR));
        policyTab.setPadding(new Insets(12, 0, 0, 0));

        Tab members = new Tab("Members", membersTab);
        members.setId("members-tab");
        Tab policy = new Tab("Security policy", policyTab);
        policy.setId("policy-tab");
        TabPane tabs = new TabPane(members, policy);
        tabs.setId("members-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        root = new VBox(10, Forms.title("Members and security"), tabs,
                Forms.line("members-message", vm.message(), Styles.MUTED),
                Forms.line("members-error", vm.error(), Styles.ERROR));
        root.setId("members-screen");
        root.setPadding(new Insets(20));
        root.setPrefWidth(980);
    }

    private static AdminApi.Member sel(MembersViewModel vm) {
        AdminApi.Member m = vm.selected().get();
        if (m == null) throw new IllegalStateException("no member selected"); // the buttons are disabled then
        return m;
    }

    /** "1 to 525,600": what the server accepts, shown beside the field. */
    private static Label bounds(String id, dev.rowan.model.identity.SecurityBounds.Range range) {
        Label l = Forms.muted(range.describe());
        l.setId(id);
        l.setWrapText(false);
        return l;
    }

    private static ChoiceBox<String> choice(String id, java.util.List<String> values) {
        ChoiceBox<String> c = new ChoiceBox<>();
        c.setId(id);
        c.getItems().setAll(values);
        c.setPrefWidth(120);
        return c;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add(Styles.COMPACT);
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TableColumn<AdminApi.Member, String> column(String title, Function<AdminApi.Member, String> value,
                                                               double width) {
        TableColumn<AdminApi.Member, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<AdminApi.Login, String> loginColumn(String title,
            Function<AdminApi.Login, String> value, double width) {
        TableColumn<AdminApi.Login, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public Parent root() {
        return root;
    }
}
