package dev.rowan.desktop.account;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AdminApi;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import dev.rowan.model.identity.SecurityBounds;
import java.util.regex.Pattern;

/**
 * The admin screen "Members and security": the company's members with role, status (active, suspended,
 * deactivated) and lockout, and what an owner or admin does to one (change the role, suspend, reactivate,
 * unlock, remove, make owner, read the login history); and the company's security policy, checked here the way
 * the server checks it so a typo is named before the round trip. The server decides who may: a refusal shows its
 * sentence.
 */
public final class MembersViewModel {
    public static final List<String> ROLES = List.of("member", "admin", "owner");
    public static final List<String> STATUSES = List.of("active", "suspended", "deactivated");
    public static final List<String> MFA_RULES = SecurityBounds.MFA_RULES;
    /** The server's bounds (shared-model's {@link SecurityBounds}), in the minutes the form shows. */
    public static final SecurityBounds.Range IDLE_MINUTES = SecurityBounds.SESSION_IDLE_SECONDS.in(60);
    public static final SecurityBounds.Range LIFETIME_MINUTES = SecurityBounds.SESSION_MAX_SECONDS.in(60);
    public static final SecurityBounds.Range SESSIONS = SecurityBounds.MAX_SESSIONS;
    static final int DOMAINS_MAX = SecurityBounds.MAX_EMAIL_DOMAINS;
    private static final Pattern DOMAIN = SecurityBounds.EMAIL_DOMAIN;

    private final TaskExecutor executor;
    private final Supplier<Optional<AdminApi>> api;
    private final ObservableList<AdminApi.Member> members = FXCollections.observableArrayList();
    private final ObservableList<AdminApi.Login> history = FXCollections.observableArrayList();
    private final ObjectProperty<AdminApi.@Nullable Member> selected = new SimpleObjectProperty<>();
    private final StringProperty historyOf = new SimpleStringProperty("");
    private final StringProperty requireMfa = new SimpleStringProperty("off");
    private final StringProperty idleMinutes = new SimpleStringProperty("");
    private final StringProperty lifetimeMinutes = new SimpleStringProperty("");
    private final StringProperty maxSessions = new SimpleStringProperty("");
    private final StringProperty domains = new SimpleStringProperty("");
    private final StringProperty policyError = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public MembersViewModel(TaskExecutor executor, Supplier<Optional<AdminApi>> api) {
        this.executor = executor;
        this.api = api;
    }

    private Optional<AdminApi> client() {
        Optional<AdminApi> a = api.get();
        if (a.isEmpty()) error.set("Connect to a server first: members and the policy live on the server.");
        return a;
    }

    /** Loads the members and the policy. */
    public void load() {
        Optional<AdminApi> a = client();
        if (a.isEmpty()) return;
        busy.set(true);
        executor.submit("Loading members", p -> {
            // a member is refused by the server anyway; say it in one sentence instead of two refusals
            if (!AdminApi.manages(a.get().myRole())) {
                throw new IllegalArgumentException("Only owners and admins manage members and the security policy.");
            }
            return new Loaded(a.get().members(), a.get().policy());
        }, l -> {
            busy.set(false);
            members.setAll(l.members());
            showPolicy(l.policy());
        }, this::failed);
    }

    private record Loaded(List<AdminApi.Member> members, AdminApi.Policy policy) {
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set("");
        error.set(Messages.of(t));
    }

    @FunctionalInterface
    private interface Change {
        void apply(AdminApi api) throws Exception;
    }

    /** Runs one change, then reloads the list so the screen shows what the server now holds. */
    private void change(String title, Change change, String done) {
        Optional<AdminApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        error.set("");
        busy.set(true);
        executor.submit(title, p -> {
            change.apply(a.get());
            return a.get().members();
        }, list -> {
            busy.set(false);
            members.setAll(list);
            message.set(done);
        }, this::failed);
    }

    public void changeRole(AdminApi.Member m, String role) {
        if (role.equals(m.role())) return;
        change("Changing the role", a -> a.changeRole(m.id(), role), name(m) + " is now " + role + ".");
    }

    public void setStatus(AdminApi.Member m, String status) {
        if (status.equals(m.status())) return;
        change("Changing the status", a -> a.setStatus(m.id(), status), switch (status) {
            case "suspended" -> name(m) + " is suspended: their sessions and keys stopped working.";
            case "deactivated" -> name(m) + " is deactivated: they can no longer sign in.";
            default -> name(m) + " is active again.";
        });
    }

    public void unlock(AdminApi.Member m) {
        change("Unlocking", a -> a.unlock(m.id()), name(m) + " can sign in again.");
    }

    public void remove(AdminApi.Member m) {
        change("Removing", a -> a.remove(m.id()), name(m) + " is no longer a member; their records keep their name.");
    }

    public void transferOwnership(AdminApi.Member m) {
        change("Transferring ownership", a -> a.transferOwnership(m.id()), name(m) + " is now the owner.");
    }

    public void loadHistory(AdminApi.Member m) {
        Optional<AdminApi> a = client();
        if (a.isEmpty()) return;
        error.set("");
        executor.submit("Loading the login history", p -> a.get().loginHistory(m.id()), list -> {
            history.setAll(list);
            historyOf.set("Sign-ins of " + name(m));
        }, this::failed);
    }

    private static String name(AdminApi.Member m) {
        return m.displayName().isBlank() ? m.email() : m.displayName();
    }

    // ---------------------------------------------------------------- policy

    private void showPolicy(AdminApi.Policy p) {
        requireMfa.set(p.requireMfa());
        idleMinutes.set(p.sessionIdleSeconds() == null ? "" : String.valueOf(p.sessionIdleSeconds() / 60));
        lifetimeMinutes.set(p.sessionMaxSeconds() == null ? "" : String.valueOf(p.sessionMaxSeconds() / 60));
        maxSessions.set(p.maxSessions() == null ? "" : String.valueOf(p.maxSessions()));
        domains.set(String.join(", ", p.allowedEmailDomains()));
    }

    /** The policy typed in the form, or the reasons it cannot be saved (each naming its field). */
    public Optional<AdminApi.Policy> parsePolicy(List<String> problems) {
        String mfa = requireMfa.get() == null ? "" : requireMfa.get();
        if (!MFA_RULES.contains(mfa)) problems.add("Require MFA: choose off, admins or everyone.");
        Integer idle = minutes("Idle timeout", idleMinutes.get(), IDLE_MINUTES, problems);
        Integer lifetime = minutes("Maximum session length", lifetimeMinutes.get(), LIFETIME_MINUTES, problems);
        Integer limit = whole("Concurrent sessions", maxSessions.get(), SESSIONS, problems);
        List<String> list = new ArrayList<>();
        for (String d : domains.get().split("[,;\\s]+")) {
            String s = d.strip().toLowerCase(Locale.ROOT);
            if (s.startsWith("@")) s = s.substring(1);
            if (s.isEmpty()) continue;
            if (!DOMAIN.matcher(s).matches()) problems.add("Allowed email domains: \"" + d.strip()
                    + "\" is not a domain name like example.com.");
            else if (!list.contains(s)) list.add(s);
        }
        if (list.size() > DOMAINS_MAX) problems.add("Allowed email domains: at most " + DOMAINS_MAX + ".");
        if (!problems.isEmpty()) return Optional.empty();
        return Optional.of(new AdminApi.Policy(mfa, idle == null ? null : idle * 60,
                lifetime == null ? null : lifetime * 60, limit, List.copyOf(list)));
    }

    private static @Nullable Integer minutes(String label, @Nullable String text, SecurityBounds.Range range,
                                             List<String> problems) {
        return whole(label + " (minutes)", text, range, problems);
    }

    private static @Nullable Integer whole(String label, @Nullable String text, SecurityBounds.Range range,
                                           List<String> problems) {
        String s = text == null ? "" : text.strip().replace(",", "");
        if (s.isEmpty()) return null; // the server's default
        try {
            int v = Integer.parseInt(s);
            if (range.contains(v)) return v;
        } catch (NumberFormatException e) {
            // named below
        }
        problems.add(label + ": a whole number " + range.describe() + ", or empty for the default.");
        return null;
    }

    public void savePolicy() {
        List<String> problems = new ArrayList<>();
        Optional<AdminApi.Policy> policy = parsePolicy(problems);
        if (policy.isEmpty()) {
            policyError.set(String.join("\n", problems));
            return;
        }
        Optional<AdminApi> a = client();
        if (a.isEmpty() || busy.get()) return;
        policyError.set("");
        error.set("");
        busy.set(true);
        executor.submit("Saving the policy", p -> a.get().putPolicy(policy.get()), saved -> {
            busy.set(false);
            showPolicy(saved);
            message.set("The security policy is saved; sessions past the new limits have ended.");
        }, t -> {
            busy.set(false);
            policyError.set(Messages.of(t));
        });
    }

    public ObservableList<AdminApi.Member> members() { return members; }
    public ObservableList<AdminApi.Login> history() { return history; }
    public ObjectProperty<AdminApi.@Nullable Member> selected() { return selected; }
    public StringProperty historyOf() { return historyOf; }
    public StringProperty requireMfa() { return requireMfa; }
    public StringProperty idleMinutes() { return idleMinutes; }
    public StringProperty lifetimeMinutes() { return lifetimeMinutes; }
    public StringProperty maxSessions() { return maxSessions; }
    public StringProperty domains() { return domains; }
    public StringProperty policyError() { return policyError; }
    public StringProperty message() { return message; }
    public StringProperty error() { return error; }
    public BooleanProperty busy() { return busy; }
}
