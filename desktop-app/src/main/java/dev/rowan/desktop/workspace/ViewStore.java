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
    public record StoredView(UUID id, UUID tableId, String name, ViewConfig config, List<String> dropped) {
        public ViewKind kind() {
            return config.kind();
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
                    "SELECT id, name, kind, config FROM rowan.views WHERE table_id = ? ORDER BY sort_order, id")) {
                ps.setObject(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(3);
                        if (ViewKind.fromApi(kind).isEmpty()) continue;
                        ViewConfig.Read r = ViewConfig.readJson(kind, rs.getString(4), t);
                        out.add(new StoredView(rs.getObject(1, UUID.class), t.id(), rs.getString(2), r.config(),
                                r.dropped()));
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
        UUID saved = ws.write(c -> {
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
            Outbox.append(c, n == 0 ? Mutation.Op.CREATE : Mutation.Op.UPDATE, Mutation.Entity.VIEW, id, t.id(),
                    JsonText.write(payload));
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

    /** The longest view name (as the server's names). */
    public static final int MAX_NAME = 100;

    /** Renames a view (queued for the server as a VIEW update). Refused for a blank or too long name. */
    public void rename(TableDef t, UUID viewId, String name) {
        String n = checkName(name);
        ws.write(c -> {
            if (SchemaStore.exec(c, "UPDATE rowan.views SET name = ? WHERE id = ? AND table_id = ?", n, viewId, t.id()) == 1) {
                queueUpdate(c, t, viewId);
            }
            return null;
        });
    }

    /** Deletes a view (queued as a VIEW delete); the caller keeps the {@link StoredView} to {@link #restore} it. */
    public void delete(TableDef t, UUID viewId) {
        ws.write(c -> {
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
                if (SchemaStore.exec(c, "UPDATE rowan.views SET sort_order = ? WHERE id = ? AND sort_order <> ?", i,
                        wanted.get(i), i) == 1) {
                    queueUpdate(c, t, wanted.get(i));
                }
            }
            return null;
        });
    }

    /** Queues a view as it is stored now (name, type, config, position) as a VIEW update. */
    private static void queueUpdate(java.sql.Connection c, TableDef t, UUID viewId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, kind, config, sort_order FROM rowan.views WHERE id = ? AND table_id = ?")) {
            ps.setObject(1, viewId);
            ps.setObject(2, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return;
                Map<String, @Nullable Object> payload = new LinkedHashMap<>();
                payload.put("name", rs.getString(1));
                payload.put("type", rs.getString(2));
                String config = rs.getString(3);
                payload.put("config", config == null || config.isBlank() ? Map.of() : JsonText.parse(config));
                payload.put("position", rs.getInt(4));
                Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.VIEW, viewId, t.id(), JsonText.write(payload));
            }
        }
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
