package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.AccessApi;
import dev.rowan.desktop.sync.ServerApi;
import dev.rowan.model.error.FieldError;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * "Who can open this table": the table's restricted switch and one level per member (owners and admins always open
 * every table), plus adding a member to the company. Loading, saving and adding run off the FX thread on the
 * server; a failure leaves its sentence in {@link #error} (or, for adding, in the add form's field errors).
 */
public final class TableAccessViewModel {
    public static final String FORBIDDEN = "Only owners and admins can change who opens a table";
    public static final String NOT_ON_SERVER = "This table is not on the server yet — sync first";
    public static final String SIGNED_OUT = "You are signed out: sign in again (Connect to server…) to choose who "
            + "opens this table";
    public static final String EXPIRED = "Your sign-in has expired: sign in again (Connect to server…)";
    public static final String OPEN_HINT = "Everyone in the company can open and edit this table.";
    public static final String RESTRICTED_HINT = "Only owners, admins and the people you choose below can open "
            + "this table; the others no longer see it.";
    public static final List<String> ROLES = List.of("member", "admin", "owner");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** A member's level on this table; owners and admins are not given one (they always open it). */
    public enum Choice {
        NONE("None"), READ("Can read"), EDIT("Can edit");

        private final String label;

        Choice(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Choice of(AccessApi.@Nullable Level level) {
            return level == null ? NONE : level == AccessApi.Level.READ ? READ : EDIT;
        }

        Optional<AccessApi.Level> level() {
            return switch (this) {
                case NONE -> Optional.empty();
                case READ -> Optional.of(AccessApi.Level.READ);
                case EDIT -> Optional.of(AccessApi.Level.EDIT);
            };
        }
    }

    /** One member's line: who, their role, and the level chosen (as saved: {@link #saved}). */
    public static final class MemberRow {
        private final AccessApi.Member member;
        private final ObjectProperty<Choice> choice;
        private Choice saved;

        MemberRow(AccessApi.Member member, Choice saved) {
            this.member = member;
            this.saved = saved;
            this.choice = new SimpleObjectProperty<>(saved);
        }

        public AccessApi.Member member() { return member; }
        public ObjectProperty<Choice> choice() { return choice; }
        public Choice saved() { return saved; }
        public boolean admin() { return member.admin(); }
        public boolean changed() { return !admin() && choice.get() != saved; }

        /** The display name, or the email when the member has none (or it is the email itself). */
        public String name() {
            return name(member);
        }

        static String name(AccessApi.Member m) {
            String n = m.displayName();
            return n == null || n.isBlank() ? m.email() : n;
        }

        /** The email under the name, blank when the name already is the email. */
        public String detail() {
            return name().equals(member.email()) ? "" : member.email();
        }

        public String roleLabel() {
            return switch (member.role()) {
                case "owner" -> "Owner";
                case "admin" -> "Admin";
                default -> "Member";
            };
        }
    }

    private record Loaded(List<AccessApi.Member> members, AccessApi.TableAccess access) {
    }

    private final @Nullable AccessApi api;
    private final TaskExecutor executor;
    private final UUID tableId;
    private final String tableName;
    private final ObservableList<MemberRow> rows = FXCollections.observableArrayList();
    private final BooleanProperty restricted = new SimpleBooleanProperty();
    private boolean savedRestricted;
    private final BooleanProperty loaded = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty busyText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final BooleanProperty canSave = new SimpleBooleanProperty();
    private final BooleanProperty done = new SimpleBooleanProperty();
    private final StringProperty hint = new SimpleStringProperty(OPEN_HINT);

    private final BooleanProperty addOpen = new SimpleBooleanProperty();
    private final StringProperty newEmail = new SimpleStringProperty("");
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final ObjectProperty<String> newRole = new SimpleObjectProperty<>("member");
    private final StringProperty emailError = new SimpleStringProperty("");
    private final StringProperty passwordError = new SimpleStringProperty("");
    private final StringProperty addError = new SimpleStringProperty("");
    private final BooleanProperty canAdd = new SimpleBooleanProperty();

    /** {@code api} is empty when the workspace has no login (signed out): the dialog then says so. */
    public TableAccessViewModel(Optional<AccessApi> api, TaskExecutor executor, UUID tableId, String tableName) {
        this.api = api.orElse(null);
        this.executor = executor;
        this.tableId = tableId;
        this.tableName = tableName;
        restricted.addListener((o, a, b) -> {
            hint.set(b ? RESTRICTED_HINT : OPEN_HINT);
            recount();
        });
        canSave.bind(loaded.and(busy.not()).and(dirty));
        canAdd.bind(loaded.and(busy.not()).and(newEmail.isNotEmpty()));
    }

    public String title() {
        return "Who can open “" + tableName + "”";
    }

    /** Reads the members and the table's access from the server. */
    public void load() {
        if (api == null) {
            error.set(SIGNED_OUT);
            return;
        }
        AccessApi a = api;
        start("Loading members…");
        executor.submit("Loading who can open " + tableName, p -> new Loaded(a.members(), a.access(tableId)),
                l -> {
                    busy.set(false);
                    apply(l.members(), l.access());
                }, t -> {
                    busy.set(false);
                    error.set(message(t));
                });
    }

    /** Shows what the server has: every row as saved, nothing dirty. Admins first, then by name. */
    void apply(List<AccessApi.Member> members, AccessApi.TableAccess access) {
        rows.setAll(members.stream()
                .sorted(Comparator.comparing((AccessApi.Member m) -> !m.admin())
                        .thenComparing(MemberRow::name, String.CASE_INSENSITIVE_ORDER))
                .map(m -> row(m, Choice.of(access.grants().get(m.id()))))
                .toList());
        savedRestricted = access.restricted();
        restricted.set(access.restricted());
        loaded.set(true);
        recount();
    }

    private MemberRow row(AccessApi.Member m, Choice saved) {
        MemberRow r = new MemberRow(m, saved);
        r.choice().addListener((o, a, b) -> recount());
        return r;
    }

    private void recount() {
        dirty.set(loaded.get() && (restricted.get() != savedRestricted || rows.stream().anyMatch(MemberRow::changed)));
    }

    /** The grants as they would be saved: every member who is not an owner or admin and has a level. */
    public Map<UUID, AccessApi.Level> grants() {
        Map<UUID, AccessApi.Level> out = new LinkedHashMap<>();
        for (MemberRow r : rows) {
            if (!r.admin()) r.choice().get().level().ifPresent(l -> out.put(r.member().id(), l));
        }
        return out;
    }

    public void save() {
        if (!canSave.get() || api == null) return;
        AccessApi a = api;
        boolean restrict = restricted.get();
        Map<UUID, AccessApi.Level> grants = grants();
        List<AccessApi.Member> members = rows.stream().map(MemberRow::member).toList();
        start("Saving…");
        executor.submit("Saving who can open " + tableName, p -> a.putAccess(tableId, restrict, grants), saved -> {
            busy.set(false);
            apply(members, saved);
            done.set(true);
        }, t -> {
            busy.set(false);
            error.set(message(t));
        });
    }

    // ------------------------------------------------------------------ add a member

    /** Checks the add form here first; returns whether it may be sent. */
    boolean validateNew() {
        String email = newEmail.get().strip();
        emailError.set(email.isEmpty() ? "Enter the person's email address"
                : !EMAIL.matcher(email).matches() ? "This is not an email address"
                : rows.stream().anyMatch(r -> r.member().email().equalsIgnoreCase(email)) ? email + " is already a member"
                : "");
        int pw = newPassword.get().length();
        passwordError.set(pw > 0 && pw < 8 ? "A password needs at least 8 characters"
                : pw > 200 ? "A password has at most 200 characters" : "");
        addError.set(newName.get().strip().length() > 200 ? "A name has at most 200 characters" : "");
        return emailError.get().isEmpty() && passwordError.get().isEmpty() && addError.get().isEmpty();
    }

    /** Adds the person in the add form to the company; their row appears with no access to this table yet. */
    public void addMember() {
        if (!canAdd.get() || api == null || !validateNew()) return;
        AccessApi a = api;
        String email = newEmail.get().strip();
        String pw = newPassword.get().isEmpty() ? null : newPassword.get();
        String name = newName.get().strip().isEmpty() ? null : newName.get().strip();
        String role = newRole.get();
        start("Adding " + email + "…");
        executor.submit("Adding " + email, p -> a.addMember(email, pw, name, role), m -> {
            busy.set(false);
            List<MemberRow> all = new ArrayList<>(rows);
            all.add(row(m, Choice.NONE));
            rows.setAll(all.stream().sorted(Comparator.comparing((MemberRow r) -> !r.admin())
                    .thenComparing(MemberRow::name, String.CASE_INSENSITIVE_ORDER)).toList());
            newEmail.set("");
            newName.set("");
            newPassword.set("");
            newRole.set("member");
            addOpen.set(false);
        }, t -> {
            busy.set(false);
            if (t instanceof ServerApi.ApiError e && !e.errors().isEmpty()) {
                for (FieldError f : e.errors()) {
                    switch (f.field()) {
                        case "email" -> emailError.set(sentence(f.message()));
                        case "password" -> passwordError.set(sentence(f.message()));
                        default -> addError.set(sentence(f.message()));
                    }
                }
            } else if (t instanceof ServerApi.ApiError e && e.status() == 409) {
                emailError.set(sentence(e.getMessage()));
            } else {
                addError.set(message(t));
            }
        });
    }

    public void cancelAdd() {
        addOpen.set(false);
        emailError.set("");
        passwordError.set("");
        addError.set("");
    }

    private void start(String what) {
        error.set("");
        emailError.set("");
        passwordError.set("");
        addError.set("");
        busyText.set(what);
        busy.set(true);
    }

    private String message(Throwable t) {
        if (t instanceof ServerApi.ApiError e) {
            return switch (e.status()) {
                case 401 -> EXPIRED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_ON_SERVER;
                default -> e.errors().isEmpty() ? sentence(e.getMessage()) : sentence(e.getMessage()) + ": "
                        + e.errors().stream().map(FieldError::message).collect(Collectors.joining("; "));
            };
        }
        // offline and anything unexpected: the connect dialog's sentences
        return ConnectViewModel.message(api == null ? "" : api.url(), t);
    }

    private static String sentence(@Nullable String s) {
        if (s == null || s.isEmpty()) return "";
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public UUID tableId() { return tableId; }
    public String tableName() { return tableName; }
    public ObservableList<MemberRow> rows() { return rows; }
    public BooleanProperty restricted() { return restricted; }
    public BooleanProperty loaded() { return loaded; }
    public BooleanProperty busy() { return busy; }
    public StringProperty busyText() { return busyText; }
    public StringProperty error() { return error; }
    public BooleanProperty dirty() { return dirty; }
    public BooleanProperty canSave() { return canSave; }
    public BooleanProperty done() { return done; }
    public StringProperty hint() { return hint; }
    public BooleanProperty addOpen() { return addOpen; }
    public StringProperty newEmail() { return newEmail; }
    public StringProperty newName() { return newName; }
    public StringProperty newPassword() { return newPassword; }
    public ObjectProperty<String> newRole() { return newRole; }
    public StringProperty emailError() { return emailError; }
    public StringProperty passwordError() { return passwordError; }
    public StringProperty addError() { return addError; }
    public BooleanProperty canAdd() { return canAdd; }
}
