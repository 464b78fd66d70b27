package dev.rowan.server.sync;

import dev.rowan.model.error.Conflict;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Operation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.server.apps.AppHandler;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.folders.FolderHandler;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TableHandler;
import dev.rowan.server.views.ViewHandler;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Schema operations of a push (apps, folders, tables, fields, views), each run by its feature's operation handler
 * (the same one the REST routes use). What is the push's own: the payload keys a mutation may carry, a name taken
 * meanwhile by another designer (saved as "Name (2)" instead of refused), and a change to a field someone else
 * removed or renamed meanwhile (a conflict).
 */
final class SchemaPush {
    private static final int MAX_RENAMES = 50;
    private static final Set<String> APP_CREATE_KEYS = Set.of("name", "description", "icon", "color");
    private static final Set<String> APP_UPDATE_KEYS = Set.of("name", "description", "icon", "color", "position");
    private static final Set<String> FOLDER_CREATE_KEYS = Set.of("name", "description", "parentFolderId");
    private static final Set<String> FOLDER_UPDATE_KEYS = Set.of("name", "description", "position",
            "parentFolderId");
    private static final Set<String> TABLE_UPDATE_KEYS = Set.of("name", "description", "folderId", "position",
            "fieldOrder");

    private final SyncRepository repo;
    private final SchemaCache schemas;
    private final Journal journal;
    private final AppHandler apps;
    private final FolderHandler folders;
    private final TableHandler tables;
    private final ViewHandler views;

    SchemaPush(SyncRepository repo, SchemaCache schemas, Journal journal, AppHandler apps, FolderHandler folders,
               TableHandler tables, ViewHandler views) {
        this.views = views;
        this.repo = repo;
        this.schemas = schemas;
        this.journal = journal;
        this.apps = apps;
        this.folders = folders;
        this.tables = tables;
    }

    // ---------------------------------------------------------------- apps and folders

    /** CREATE {@code {name, description?, icon?, color?}} with the client's id; app names need not be unique. */
    PushResult createApp(Connection c, Principal p, PushResult.Target target, Operation.CreateApp op)
            throws SQLException {
        Bodies.allowOnly(op.app().json(), APP_CREATE_KEYS);
        apps.create(c, p, op);
        return PushResult.Applied.of(target);
    }

    /** UPDATE any of {@code {name, description, icon, color, position}}. */
    PushResult updateApp(Connection c, Principal p, PushResult.Target target, Operation.UpdateApp op)
            throws SQLException {
        Bodies.allowOnly(op.changes().json(), APP_UPDATE_KEYS);
        if (op.changes().isEmpty()) {
            throw RowanException.invalid("payload", "An app update names at least one of " + APP_UPDATE_KEYS);
        }
        apps.update(c, p, op);
        return PushResult.Applied.of(target);
    }

    /** DELETE {@code {}}: the app's tables are dropped, as DELETE /api/apps/{id} does. */
    PushResult deleteApp(Connection c, Principal p, PushResult.Target target, Operation.DeleteApp op)
            throws SQLException {
        Bodies.allowOnly(op.rest().json(), Set.of());
        PushResult.Applied r = PushResult.Applied.of(target);
        return apps.delete(c, p, op) ? r : r.withNote("already deleted");
    }

    /** CREATE (parentId = the app) {@code {name, description?, parentFolderId?}}. */
    PushResult createFolder(Connection c, Principal p, PushResult.Target target, Operation.CreateFolder op)
            throws SQLException {
        if (op.appId() == null) throw RowanException.invalid("parentId", "A folder mutation names its app in parentId");
        Bodies.allowOnly(op.folder().json(), FOLDER_CREATE_KEYS);
        folders.create(c, p, new Operation.CreateFolder(op.entityId(), op.appId(), folderBody(op.folder())));
        return PushResult.Applied.of(target);
    }

    /** UPDATE any of {@code {name, description, position, parentFolderId}}. */
    PushResult updateFolder(Connection c, Principal p, PushResult.Target target, Operation.UpdateFolder op)
            throws SQLException {
        Bodies.allowOnly(op.changes().json(), FOLDER_UPDATE_KEYS);
        if (op.changes().isEmpty()) {
            throw RowanException.invalid("payload", "A folder update names at least one of " + FOLDER_UPDATE_KEYS);
        }
        folders.update(c, p, new Operation.UpdateFolder(op.entityId(), op.parentId(), folderBody(op.changes())));
        return PushResult.Applied.of(target);
    }

    /** DELETE {@code {}}: its tables move to the app's top level, its subfolders go with it. */
    PushResult deleteFolder(Connection c, Principal p, PushResult.Target target, Operation.DeleteFolder op)
            throws SQLException {
        Bodies.allowOnly(op.rest().json(), Set.of());
        PushResult.Applied r = PushResult.Applied.of(target);
        return folders.delete(c, p, op) ? r : r.withNote("already deleted");
    }

    /** The REST shape of a folder body: the parent folder is {@code parentId} there. */
    private static Operation.Definition folderBody(Operation.Definition payload) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(payload.json());
        if (body.containsKey("parentFolderId")) {
            Object parent = body.remove("parentFolderId");
            if (parent != null && (!(parent instanceof String s) || s.length() != 36)) {
                throw RowanException.invalid("payload.parentFolderId", "payload.parentFolderId must be a UUID");
            }
            if (parent != null) parseUuid((String) parent, "payload.parentFolderId");
            body.put("parentId", parent);
        }
        return new Operation.Definition(body);
    }

    // ---------------------------------------------------------------- tables

    PushResult createTable(Connection c, Principal p, PushResult.Target target, Operation.CreateTable op)
            throws SQLException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.table().json());
        body.remove("appId");
        UUID appId = op.parentId() != null ? op.parentId()
                : op.table().json().get("appId") instanceof String s ? parseUuid(s, "payload.appId") : null;
        if (appId == null) throw RowanException.invalid("parentId", "A table mutation names its app in parentId");
        PushResult.Applied[] r = {PushResult.Applied.of(target)};
        withFreeName(c, name(body), body, r, () -> tables.create(c, p, appId,
                new Operation.CreateTable(op.entityId(), appId, new Operation.Definition(body))));
        return r[0];
    }

    /**
     * {@code {name?, description?, folderId?: uuid|null, position?, fieldOrder?: [fieldId, ...]}}: a rename whose
     * name was taken meanwhile becomes "Name (2)"; field ids in fieldOrder the table no longer has are skipped
     * (listed in {@code skippedFieldIds}).
     */
    PushResult updateTable(Connection c, Principal p, PushResult.Target target, Operation.UpdateTable op)
            throws SQLException {
        Bodies.allowOnly(op.changes().json(), TABLE_UPDATE_KEYS);
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.changes().json());
        List<UUID> order = null;
        if (body.containsKey("fieldOrder")) {
            if (!(body.remove("fieldOrder") instanceof List<?> raw)) {
                throw RowanException.invalid("payload.fieldOrder", "fieldOrder must be a list of field ids");
            }
            order = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof String s)) {
                    throw RowanException.invalid("payload.fieldOrder[" + i + "]", "a field id (UUID)");
                }
                order.add(parseUuid(s, "payload.fieldOrder[" + i + "]"));
            }
        }
        if (body.isEmpty() && order == null) {
            throw RowanException.invalid("payload", "A table update names at least one of " + TABLE_UPDATE_KEYS);
        }
        PushResult.Applied[] r = {PushResult.Applied.of(target)};
        if (!body.isEmpty()) {
            withFreeName(c, name(body), body, r, () -> {
                tables.update(c, p, op.entityId(), body);
                return null;
            });
        }
        if (order != null) {
            List<UUID> skipped = tables.reorderFields(c, p, op.entityId(), order);
            if (!skipped.isEmpty()) r[0] = r[0].withSkipped(skipped);
        }
        return r[0];
    }

    PushResult deleteTable(Connection c, Principal p, PushResult.Target target, Operation.DeleteTable op)
            throws SQLException {
        Bodies.allowOnly(op.rest().json(), Set.of());
        PushResult.Applied r = PushResult.Applied.of(target);
        if (repo.tableMeta(c, p.companyId(), op.entityId()).isEmpty()) return r.withNote("already deleted");
        tables.delete(c, p, op);
        return r;
    }

    // ---------------------------------------------------------------- fields

    PushResult createField(Connection c, Principal p, PushResult.Target target, Operation.CreateField op)
            throws SQLException {
        UUID tableId = tableOf(op.parentId(), "field");
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.field().json());
        PushResult.Applied[] r = {PushResult.Applied.of(target)};
        withFreeName(c, name(body), body, r, () -> tables.addField(c, p, tableId, op.entityId(), body));
        return r[0];
    }

    @SuppressWarnings("unchecked")
    PushResult updateField(Connection c, Principal p, PushResult.Target target, Operation.UpdateField op)
            throws SQLException {
        UUID tableId = tableOf(op.parentId(), "field");
        UUID fieldId = op.entityId();
        TableDef def = schemas.lock(c, p, tableId, true);
        FieldDef current = def.fieldById(fieldId).orElse(null);
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.changes().json());
        Object removed = body.remove("removed");
        if (removed != null && !(removed instanceof Boolean)) {
            throw RowanException.invalid("payload.removed", "removed must be true or false");
        }
        if (Boolean.TRUE.equals(removed)) {
            throw RowanException.invalid("payload.removed", "To remove a field, send a FIELD DELETE");
        }
        // {"removed": false} brings a removed field back (POST /api/tables/{id}/fields/{fieldId}/restore)
        boolean restore = Boolean.FALSE.equals(removed) && current != null && current.hidden();
        if (current == null || current.hidden() && !restore) {
            return PushResult.Conflict.of(target, PushResult.ConflictKind.REMOVED, "The field "
                    + (current == null ? fieldId : "'" + current.name() + "'")
                    + " was removed on the server by another designer, so your change to it cannot apply. "
                    + (current == null ? "It is gone for good." : "Restore it first to keep your change, or "
                    + "drop your change."), new LinkedHashMap<>(op.changes().json()), null, null);
        }
        boolean clearInvalid = Boolean.TRUE.equals(body.remove("clearInvalid"));
        Map<String, Object> base = body.remove("base") instanceof Map<?, ?> bm ? (Map<String, Object>) bm : Map.of();
        if (body.get("name") instanceof String mine && base.get("name") instanceof String baseName
                && !current.name().equals(baseName) && !current.name().equals(mine)) {
            return PushResult.Conflict.of(target, PushResult.ConflictKind.RENAME, "Someone else renamed this field "
                    + "to '" + current.name() + "' while you renamed it to '" + mine + "'; it keeps '"
                    + current.name() + "'. Rename it again to use yours.", mine, current.name(), baseName);
        }
        Map<String, Object>[] res = new Map[1];
        PushResult.Applied[] r = {PushResult.Applied.of(target)};
        if (restore) {
            // restored under its name, or "Name (2)" if a visible field took the name meanwhile
            String asked = body.get("name") instanceof String s ? s : current.name();
            withFreeName(c, asked, body, r, () -> {
                tables.restoreField(c, p, tableId, fieldId, body.get("name") instanceof String s ? s : null);
                Map<String, @Nullable Object> rest = new LinkedHashMap<>(body);
                rest.remove("name");
                if (!rest.isEmpty()) res[0] = tables.changeField(c, p, tableId, fieldId, rest, clearInvalid);
                return null;
            });
        } else {
            String asked = body.get("name") instanceof String s ? s : null;
            withFreeName(c, asked, body, r, () -> {
                res[0] = tables.changeField(c, p, tableId, fieldId, body, clearInvalid);
                return null;
            });
        }
        Map<String, Object> conversion = res[0] != null && res[0].get("conversion") instanceof Map<?, ?> cm
                ? (Map<String, Object>) cm : null;
        return r[0].withRestored(conversion, restore);
    }

    PushResult deleteField(Connection c, Principal p, PushResult.Target target, Operation.DeleteField op)
            throws SQLException {
        UUID tableId = tableOf(op.parentId(), "field");
        TableDef def = schemas.lock(c, p, tableId, true);
        FieldDef current = def.fieldById(op.entityId()).orElse(null);
        PushResult.Applied r = PushResult.Applied.of(target);
        if (current == null || current.hidden()) return r.withNote("already removed");
        tables.removeField(c, p, tableId, op);
        return r;
    }

    // ---------------------------------------------------------------- views

    /**
     * CREATE and UPDATE {@code {name, type, config?, personal?, locked?, position?, base?}} (with {@code base} an update
     * is merged setting by setting, see {@link ViewHandler#save}), DELETE {@code {}}:
     * run by the views feature's handler, the one REST uses (rules, change log, audit).
     */
    PushResult view(Connection c, Principal p, UUID clientId, PushResult.Target target, Operation op, UUID viewId,
                    @Nullable UUID parentId, Operation.@Nullable Definition view) throws SQLException {
        UUID tableId = tableOf(parentId, "view");
        PushResult.Applied r = PushResult.Applied.of(target);
        ViewHandler.Result done;
        if (view == null) {
            done = views.delete(c, p, tableId, viewId, true);
            if (!done.existed()) r = r.withNote("already deleted");
        } else {
            done = views.save(c, p, tableId, viewId, view.json(), clientId);
            if (!done.contests().isEmpty()) return contested(target, done);
        }
        return r.withSeq(done.seq());
    }

    /**
     * A view update that won settings someone else had changed since its base: applied, and answered as a
     * {@code SETTINGS} conflict whose {@code theirs} holds the values that lost, so the desktop shows them.
     */
    private static PushResult contested(PushResult.Target target, ViewHandler.Result done) {
        Map<String, @Nullable Object> mine = new java.util.LinkedHashMap<>();
        Map<String, @Nullable Object> theirs = new java.util.LinkedHashMap<>();
        Map<String, @Nullable Object> base = new java.util.LinkedHashMap<>();
        for (var k : done.contests()) {
            mine.put(k.setting(), k.mine());
            theirs.put(k.setting(), k.theirs());
            base.put(k.setting(), k.base());
        }
        return new PushResult.Conflict(target, false, PushResult.ConflictKind.SETTINGS,
                "Someone else changed the same settings of this view meanwhile; yours were kept (the last change wins)",
                done.seq(), null, null, List.of(), mine, theirs, base);
    }

    // ---------------------------------------------------------------- shared

    private static UUID tableOf(@Nullable UUID parentId, String what) {
        if (parentId == null) {
            throw RowanException.invalid("parentId", "A " + what + " mutation names its table in parentId");
        }
        return parentId;
    }

    @FunctionalInterface
    private interface Work {
        @Nullable Object run() throws SQLException;
    }

    /**
     * Runs a schema write; if its name clashes with one another designer took meanwhile, it is retried as
     * "Name (2)", "Name (3)"... and the result says so. Ids are the identity and names are labels, so the
     * offline designer's field (and every record value pushed for it) survives instead of being rejected.
     */
    private static void withFreeName(Connection c, @Nullable String asked, Map<String, @Nullable Object> body,
                                     PushResult.Applied[] result, Work work) throws SQLException {
        for (int n = 1; ; n++) {
            Savepoint sp = c.setSavepoint();
            try {
                work.run();
                if (n > 1) {
                    result[0] = result[0].renamed(String.valueOf(body.get("name")), "The name '" + asked
                            + "' was taken meanwhile; it was saved as '" + body.get("name") + "'");
                }
                return;
            } catch (RowanException e) {
                c.rollback(sp);
                boolean taken = e instanceof Conflict dup && dup.reason() == Conflict.Reason.DUPLICATE_NAME;
                if (!taken || asked == null || n >= MAX_RENAMES) throw e;
                body.put("name", asked + " (" + (n + 1) + ")");
            }
        }
    }

    private static @Nullable String name(Map<String, @Nullable Object> body) {
        return body.get("name") instanceof String s ? s : null;
    }

    private static UUID parseUuid(String s, String key) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid(key, key + " must be a UUID");
        }
    }
}
