package dev.rowan.desktop.workspace;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A table's views in the workspace: read with shared-model's {@link ViewConfig#read} for the table as it is now (a
 * stale or old-shaped config never fails; what was dropped is reported), saved after the same validation the server
 * applies to a push, with the VIEW mutation in the same transaction.
 */
public final class ViewStore {
    private final Workspace ws;

    /** A stored view read for its table: {@code dropped} lists what no longer fit (empty when nothing). */
    /**
     * A stored view; {@code personal} (only its creator sees it) and {@code locked} (only owners/admins change it)
     * as the server says, {@code ownerId} its creator (null until the server said, for a view made here).
     */
    public record StoredView(UUID id, UUID tableId, String name, ViewConfig config, List<String> dropped,
                             boolean personal, boolean locked, @Nullable UUID ownerId) {
        public StoredView(UUID id, UUID tableId, String name, ViewConfig config, List<String> dropped) {
            this(id, tableId, name, config, dropped, false, false, null);
        }

        public ViewKind kind() {
            return config.kind();
        }
    }

    /** The signed-in user and whether their role changes locked views (a workspace without an account: its owner). */
    public record Me(@Nullable UUID userId, boolean admin) {
        /** Whether this user may change the view (a locked one only as owner/admin). */
        public boolean mayChange(StoredView v) {
            return !v.locked() || admin;
        }

        /** Whether this user made the view (or it was made here and the server has not named its creator yet). */
        public boolean created(StoredView v) {
            return v.ownerId() == null || v.ownerId().equals(userId);
        }
    }

    private static final String ACCOUNT_USER = "account.user";
    private static final String ACCOUNT_ROLE = "account.role";

    /** Remembers who signed in (sync calls this), for the rules on locked and personal views. */
    public static void rememberAccount(Workspace ws, @Nullable Object userId, @Nullable Object role) {
        if (userId != null) ws.putSetting(ACCOUNT_USER, userId.toString());
        if (role != null) ws.putSetting(ACCOUNT_ROLE, role.toString());
    }

    public Me me() {
        Optional<String> role = ws.setting(ACCOUNT_ROLE);
        UUID user = ws.setting(ACCOUNT_USER).map(UUID::fromString).orElse(null);
        if (role.isEmpty()) return new Me(user, true); // local only: the workspace's owner does everything
        return new Me(user, role.get().equals("owner") || role.get().equals("admin"));
    }

    /** Refuses (403, with the view's name) a change of a locked view by a member, as the server would. */
    public void requireChange(java.sql.Connection c, UUID viewId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, locked FROM rowan.views WHERE id = ?")) {
            ps.setObject(1, viewId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(2) && !me().admin()) {
                    throw RowanException.forbidden("View '" + rs.getString(1)
                            + "' is locked; only owners and admins change it. Duplicate it to make your own copy.");
                }
            }
        }
    }

    public ViewStore(Workspace ws) {
        this.ws = ws;
    }

    /** The table's views of the kinds this release knows, in their order. */
    public List<StoredView> list(TableDef t) {
        return ws.read(c -> {
            List<StoredView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, kind, config, personal, locked, owner_id FROM rowan.views WHERE table_id = ? "
                            + "ORDER BY sort_order, id")) {
                ps.setObject(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(3);
                        if (ViewKind.fromApi(kind).isEmpty()) continue;
                        ViewConfig.Read r = ViewConfig.readJson(kind, rs.getString(4), t);
                        out.add(new StoredView(rs.getObject(1, UUID.class), t.id(), rs.getString(2), r.config(),
                                r.dropped(), rs.getBoolean(5), rs.getBoolean(6), rs.getObject(7, UUID.class)));
                    }
                }
            }
            return out;
        });
    }

    /** The table's first view of a kind. */
    public Optional<StoredView> first(TableDef t, ViewKind kind) {
        return list(t).stream().filter(v -> v.kind() == kind).findFirst();
    }

    /**
     * Saves a view's configuration (a new view when {@code viewId} is null or not stored yet, placed last) and queues
     * it for the server. Refused, like a push would be, when the config does not fit the table. Returns the view's id.
     */
    public UUID save(TableDef t, @Nullable UUID viewId, String name, ViewConfig config) {
        List<FieldError> errors = config.validate(t);
        if (!errors.isEmpty()) {
            throw RowanException.invalid("The view's settings are not valid: " + errors.getFirst().field() + ": "
                    + errors.getFirst().message(), errors);
        }
        UUID id = viewId == null ? UUID.randomUUID() : viewId;
        String json = JsonText.write(config.toMap());
        // no records, no table definition: the kept grouped results and table summaries survive (Workspace.writeNoData)
        UUID saved = ws.writeNoData(c -> {
            requireChange(c, id);
            Map<String, Object> base = baseOf(c, t, id);
            int n = SchemaStore.exec(c, "UPDATE rowan.views SET name = ?, kind = ?, config = ? WHERE id = ? AND table_id = ?",
                    name, config.kind().api(), json, id, t.id());
            if (n == 0) {
                SchemaStore.exec(c, "INSERT INTO rowan.views (id, table_id, name, kind, config, sort_order) VALUES (?, ?, "
                        + "?, ?, ?, (SELECT coalesce(max(sort_order) + 1, 0) FROM rowan.views WHERE table_id = ?))",
                        id, t.id(), name, config.kind().api(), json, t.id());
            }
            Map<String, @Nullable Object> payload = new LinkedHashMap<>();
            payload.put("name", name);
            payload.put("type", config.kind().api());
            payload.put("config", config.toMap());
            // what this change was made from (the view's name and config): the server merges setting by setting, the
            // name being one (issue 11, ViewMerge.mergeView)
            if (n == 1 && base != null) payload.put("base", base);
            Outbox.append(c, n == 0 ? Mutation.Op.CREATE : Mutation.Op.UPDATE, Mutation.Entity.VIEW, id, t.id(),
                    JsonText.write(payload));
            // a board put in manual order keeps its unranked records from now on (one INSERT ... SELECT)
            if (config instanceof dev.rowan.model.view.KanbanConfig k) UnrankedIndex.follow(c, t, id, k.manualOrder());
            return id;
        });
        ws.indexes().prepare(t, config);
        return saved;
    }

    /** A view is shown: the indexes its reads need are built now, in the background (issue 14). */
    public void opened(TableDef t, StoredView v) {
        ws.indexes().prepare(t, v.config());
    }

    // ---------------------------------------------------------------- the view bar's changes (issue 11)

    /**
     * Saves a view's settings and keeps the name it has in the workspace (renamed from the view bar meanwhile);
     * {@code nameIfNew} names a view stored for the first time. Kinds save their settings with this, never with a
     * name they remembered when the view opened. Returns the view's id.
     */
    public UUID saveSettings(TableDef t, @Nullable UUID viewId, String nameIfNew, ViewConfig config) {
        String name = viewId == null ? nameIfNew : ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rowan.views WHERE id = ? AND table_id = ?")) {
                ps.setObject(1, viewId);
                ps.setObject(2, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : nameIfNew;
                }
            }
        });
        return save(t, viewId, name, config);
    }

    /**
     * A kind's settings as they read against the table now: field references by name become ids, and what no longer
     * fits the table (a removed field, a retyped one) is dropped — what every kind shows after the designer or a
     * pull changed its table, and what it saves. Never fails.
     */
    @SuppressWarnings("unchecked")
    public static <C extends ViewConfig> C refit(C config, TableDef t) {
        Map<String, Object> m = config.toMap();
        m.put("query", config.query().byIds(t).toMap());
        return (C) ViewConfig.read(config.kind().api(), m, t).config();
    }

    /** The longest view name (as the server's names). */
    public static final int MAX_NAME = 100;

    /** Renames a view (queued for the server as a VIEW update). Refused for a blank or too long name. */
    public void rename(TableDef t, UUID viewId, String name) {
        String n = checkName(name);
        ws.write(c -> {
            requireChange(c, viewId);
            Map<String, @Nullable Object> before = snapshot(c, t, viewId);
            if (SchemaStore.exec(c, "UPDATE rowan.views SET name = ? WHERE id = ? AND table_id = ?", n, viewId, t.id()) == 1) {
                queueUpdate(c, t, viewId, false, before);
            }
            return null;
        });
    }

    /** Deletes a view (queued as a VIEW delete); the caller keeps the {@link StoredView} to {@link #restore} it. */
    public void delete(TableDef t, UUID viewId) {
        ws.write(c -> {
            requireChange(c, viewId);
            if (SchemaStore.exec(c, "DELETE FROM rowan.views WHERE id = ? AND table_id = ?", viewId, t.id()) == 1) {
                Outbox.append(c, Mutation.Op.DELETE, Mutation.Entity.VIEW, viewId, t.id(), "{}");
            }
            return null;
        });
    }

    /** Brings a deleted view back under its id (queued as a VIEW create) and puts the views in {@code order}. */
    public void restore(TableDef t, StoredView v, List<UUID> order) {
        save(t, v.id(), v.name(), v.config());
        reorder(t, order);
    }

    /**
     * Puts the table's views in the order of {@code ids} (views not named keep their relative order after them);
     * each view whose place changed is queued as a VIEW update carrying its {@code position}.
     */
    public void reorder(TableDef t, List<UUID> ids) {
        ws.write(c -> {
            List<UUID> now = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM rowan.views WHERE table_id = ? ORDER BY sort_order, id")) {
                ps.setObject(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) now.add(rs.getObject(1, UUID.class));
                }
            }
            List<UUID> wanted = new ArrayList<>();
            for (UUID id : ids) if (now.contains(id) && !wanted.contains(id)) wanted.add(id);
            for (UUID id : now) if (!wanted.contains(id)) wanted.add(id);
            for (int i = 0; i < wanted.size(); i++) {
                if (i != now.indexOf(wanted.get(i))) requireChange(c, wanted.get(i)); // a locked view does not move
            }
            for (int i = 0; i < wanted.size(); i++) {
                Map<String, @Nullable Object> before = snapshot(c, t, wanted.get(i));
                if (SchemaStore.exec(c, "UPDATE rowan.views SET sort_order = ? WHERE id = ? AND sort_order <> ?", i,
                        wanted.get(i), i) == 1) {
                    queueUpdate(c, t, wanted.get(i), false, before);
                }
            }
            return null;
        });
    }

    /**
     * The config a change to a stored view starts from, in its JSON form as read for the table now (so it compares
     * with the server's form setting by setting); null for a view not stored yet.
     */
    private static @Nullable Map<String, Object> baseOf(java.sql.Connection c, TableDef t, UUID viewId)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, config, name FROM rowan.views WHERE id = ? AND table_id = ?")) {
            ps.setObject(1, viewId);
            ps.setObject(2, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Map<String, Object> base = new LinkedHashMap<>();
                base.put("name", rs.getString(3));
                base.put("config", ViewConfig.readJson(rs.getString(1), rs.getString(2), t).config().toMap());
                return base;
            }
        }
    }

    /**
     * A stored view as a change starts from it ({@code {name, position, personal, locked, config}}, the config as
     * stored), read before the change is written: the change's {@code base}, so the server keeps what it did not
     * change (someone else's rename, move or lock) and contests what both changed. Empty for a view not stored.
     */
    private static Map<String, @Nullable Object> snapshot(java.sql.Connection c, TableDef t, UUID viewId)
            throws java.sql.SQLException {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, config, sort_order, personal, locked FROM rowan.views WHERE id = ? AND table_id = ?")) {
            ps.setObject(1, viewId);
            ps.setObject(2, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return out;
                out.put("name", rs.getString(1));
                String config = rs.getString(2);
                out.put("config", config == null || config.isBlank() ? Map.of() : JsonText.parse(config));
                out.put("position", rs.getInt(3));
                out.put("personal", rs.getBoolean(4));
                out.put("locked", rs.getBoolean(5));
            }
        }
        return out;
    }

    /**
     * Queues a view as it is stored now (name, type, config, position; its flags too if asked) as a VIEW update made
     * from {@code before} (its {@link #snapshot} before the change).
     */
    private static void queueUpdate(java.sql.Connection c, TableDef t, UUID viewId, boolean flags,
                                    Map<String, @Nullable Object> before) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, kind, config, sort_order, personal, locked FROM rowan.views WHERE id = ? AND table_id = ?")) {
            ps.setObject(1, viewId);
            ps.setObject(2, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return;
                Map<String, @Nullable Object> payload = new LinkedHashMap<>();
                payload.put("name", rs.getString(1));
                payload.put("type", rs.getString(2));
                String config = rs.getString(3);
                Object now = config == null || config.isBlank() ? Map.of() : JsonText.parse(config);
                payload.put("config", now);
                // what the change was made from: the server keeps what it did not change (someone's sort, rename, move)
                payload.put("base", before.isEmpty() ? Map.of("config", now) : before);
                payload.put("position", rs.getInt(4));
                if (flags) {
                    // named only when changed: flags a push leaves out keep the server's value (a rename made
                    // before a pull told of a lock does not unlock the view)
                    payload.put("personal", rs.getBoolean(5));
                    payload.put("locked", rs.getBoolean(6));
                }
                Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.VIEW, viewId, t.id(), JsonText.write(payload));
            }
        }
    }

    /**
     * Makes a view personal (only its creator sees it) or shared, and locks or unlocks it, as the server's rules say:
     * only its creator changes personal, only owners/admins lock, and a personal view is never locked. Queued as a
     * VIEW update naming both flags.
     */
    public void setFlags(TableDef t, StoredView v, boolean personal, boolean locked) {
        Me me = me();
        if (personal && locked) {
            throw RowanException.invalid("locked", "A personal view cannot be locked; only its creator sees it");
        }
        if (personal != v.personal() && !me.created(v)) {
            throw RowanException.forbidden("Only the view's creator makes it personal or shared");
        }
        if (locked != v.locked() && !me.admin()) {
            throw RowanException.forbidden("Only owners and admins lock or unlock a view");
        }
        ws.write(c -> {
            Map<String, @Nullable Object> before = snapshot(c, t, v.id());
            if (SchemaStore.exec(c, "UPDATE rowan.views SET personal = ?, locked = ? WHERE id = ? AND table_id = ?",
                    personal, locked, v.id(), t.id()) == 1) {
                queueUpdate(c, t, v.id(), true, before);
            }
            return null;
        });
    }

    /** A view name as stored: trimmed; refused when blank or longer than {@link #MAX_NAME}. */
    public static String checkName(@Nullable String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw RowanException.invalid("name", "A view needs a name");
        if (n.length() > MAX_NAME) throw RowanException.invalid("name", "A view name has at most " + MAX_NAME + " characters");
        return n;
    }

    /** The view last shown for a table (a workspace setting), if one was remembered. */
    public Optional<UUID> lastShown(UUID tableId) {
        return ws.setting(LAST_VIEW + tableId).flatMap(s -> {
            try {
                return Optional.of(UUID.fromString(s));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Remembers the view shown for a table, so it opens there next time. */
    public void rememberShown(UUID tableId, UUID viewId) {
        ws.putSetting(LAST_VIEW + tableId, viewId.toString());
    }

    private static final String LAST_VIEW = "view.last.";
}
