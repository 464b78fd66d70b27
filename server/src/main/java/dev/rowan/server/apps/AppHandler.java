package dev.rowan.server.apps;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.sync.Operation;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.SqlErrors;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The app operations, run inside the caller's transaction with their change-log and audit entries. The REST
 * service ({@link AppsService}) and the sync push both call these, so both refuse the same input with the same
 * words and record the same changes. No SQL here: the repository holds it.
 */
public final class AppHandler {
    /** Properties of an app definition ({@code id} only in a REST create; the push names it in entityId). */
    static final Set<String> FIELDS = Set.of("id", "name", "description", "icon", "color", "position");

    private final AppRepository apps;
    private final AppTables tables;
    private final Journal journal;

    public AppHandler(AppRepository apps, AppTables tables, Journal journal) {
        this.apps = apps;
        this.tables = tables;
        this.journal = journal;
    }

    /**
     * Creates an app ({@code id?, name, description?, icon?, color?}); its id is the definition's {@code id} if
     * given, else the operation's. An id already in use is refused.
     */
    public UUID create(Connection c, Principal p, Operation.CreateApp op) throws SQLException {
        Map<String, ?> body = op.app().json();
        Bodies.allowOnly(body, FIELDS);
        String name = FieldSpec.checkName("App", body.get("name"));
        UUID given = Bodies.optionalUuid(body, "id");
        UUID appId = given == null ? op.entityId() : given;
        String description = Bodies.optionalText(body, "description", 10_000);
        String icon = Bodies.optionalText(body, "icon", 100);
        String color = Bodies.optionalText(body, "color", 30);
        // a new app goes last; a position given must still be a position, not silently ignored garbage
        Bodies.optionalInt(body, "position");
        if (apps.exists(c, p.companyId(), appId)) throw SqlErrors.idTaken();
        apps.insert(c, p.companyId(), appId, name, description, icon, color, p.userId());
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "app", appId, null, "create", Map.of("name", name));
        journal.audit(c, p, "app.create", "app", appId, Map.of("name", name));
        return appId;
    }

    /** Changes the properties given ({@code name, description, icon, color, position}); 404 if there is no such app. */
    public void update(Connection c, Principal p, Operation.UpdateApp op) throws SQLException {
        UUID id = op.entityId();
        Map<String, ?> body = op.changes().json();
        Bodies.allowOnly(body, FIELDS);
        String name = body.containsKey("name") ? FieldSpec.checkName("App", body.get("name")) : null;
        String description = Bodies.optionalText(body, "description", 10_000);
        String icon = Bodies.optionalText(body, "icon", 100);
        String color = Bodies.optionalText(body, "color", 30);
        Integer position = Bodies.optionalInt(body, "position");
        Map<String, Object> current = apps.lock(c, p.companyId(), id)
                .orElseThrow(() -> RowanException.notFound("No app " + id));
        String newName = name != null ? name : (String) current.get("name");
        apps.update(c, p.companyId(), id, newName,
                body.containsKey("description") ? description : (String) current.get("description"),
                body.containsKey("icon") ? icon : (String) current.get("icon"),
                body.containsKey("color") ? color : (String) current.get("color"),
                position != null ? position : (Integer) current.get("position"));
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "app", id, null, "update", Map.of("name", newName));
        journal.audit(c, p, "app.update", "app", id, Map.of("name", newName));
    }

    /**
     * Deletes an app with its folders and tables (physical tables dropped); false if the company has no such app.
     * Besides the app's own entry, the change log gets a tombstone for every table and folder that went with it,
     * so replicas drop them as well.
     */
    public boolean delete(Connection c, Principal p, Operation.DeleteApp op) throws SQLException {
        UUID id = op.entityId();
        if (apps.lock(c, p.companyId(), id).isEmpty()) return false;
        List<UUID> folderIds = apps.folderIds(c, p.companyId(), id);
        List<UUID> tableIds = apps.tableIds(c, p.companyId(), id);
        if (!tableIds.isEmpty()) Destructive.require(p, "delete an app that holds tables");
        for (UUID t : tableIds) {
            if (!tables.lockIfEditable(c, p, t)) {
                throw RowanException.forbidden("The app holds tables you may not change; ask an admin to delete it");
            }
        }
        int dropped = tables.dropAll(c, p, id);
        apps.delete(c, p.companyId(), id);
        long seq = journal.reserve(c, p.companyId(), 1 + tableIds.size() + folderIds.size());
        for (UUID t : tableIds) journal.change(c, p, seq++, "table", t, t, "delete", null);
        for (UUID f : folderIds) journal.change(c, p, seq++, "folder", f, null, "delete", null);
        journal.change(c, p, seq, "app", id, null, "delete", null);
        journal.audit(c, p, "app.delete", "app", id, Map.of("tablesDropped", dropped));
        tables.forgetAll();
        return true;
    }
}
