package dev.rowan.server.apps;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /api/apps}: create, list, read, update and delete apps (deleting drops their tables). */
public final class AppsService implements HttpService {
    private static final Set<String> FIELDS = Set.of("id", "name", "description", "icon", "color", "position");
    private final AppRepository apps;
    private final Tx tx;
    private final Journal journal;
    private final AppTables tables;
    private final long maxBody;

    public AppsService(AppRepository apps, AppTables tables, Tx tx, Journal journal, long maxBody) {
        this.apps = apps;
        this.tables = tables;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/apps", this::list)
                .post("/apps", this::create)
                .get("/apps/{id}", this::get)
                .put("/apps/{id}", this::update)
                .patch("/apps/{id}", this::update)
                .delete("/apps/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, Json.data(apps.list(AuthFilter.principal(req).companyId())));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, find(p, Params.uuid(req, "id")));
    }

    private Map<String, Object> find(Principal p, UUID id) {
        return apps.get(p.companyId(), id).orElseThrow(() -> RowanException.notFound("No app " + id));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, Object> body = Json.readObject(req, maxBody);
        UUID appId = tx.inTransaction(c -> createApp(c, p, body));
        Json.created(res, find(p, appId));
    }

    /**
     * Creates an app from a create body ({@code id?, name, description?, icon?, color?}) inside the caller's
     * transaction, with its change-log and audit entries; returns its id. REST create and sync push share it.
     */
    public UUID createApp(Connection c, Principal p, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, FIELDS);
        String name = FieldSpec.checkName("App", body.get("name"));
        UUID id = Bodies.optionalUuid(body, "id");
        UUID appId = id == null ? UUID.randomUUID() : id;
        String description = Bodies.optionalText(body, "description", 10_000);
        String icon = Bodies.optionalText(body, "icon", 100);
        String color = Bodies.optionalText(body, "color", 30);
        // a new app goes last; a position given must still be a position, not silently ignored garbage
        Bodies.optionalInt(body, "position");
        if (id != null && apps.exists(c, p.companyId(), id)) {
            throw dev.rowan.server.db.SqlErrors.idTaken();
        }
        apps.insert(c, p.companyId(), appId, name, description, icon, color, p.userId());
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "app", appId, null, "create", Map.of("name", name));
        journal.audit(c, p, "app.create", "app", appId, Map.of("name", name));
        return appId;
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            updateApp(c, p, id, body);
            return null;
        });
        Json.ok(res, find(p, id));
    }

    /**
     * Changes the properties given ({@code name, description, icon, color, position}) inside the caller's
     * transaction, with change-log and audit entries; 404 if the company has no such app.
     */
    public void updateApp(Connection c, Principal p, UUID id, Map<String, ?> body) throws SQLException {
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

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        if (!tx.inTransaction(c -> deleteApp(c, p, id))) throw RowanException.notFound("No app " + id);
        res.status(204).send();
    }

    /**
     * Deletes an app with its folders and tables (physical tables dropped) inside the caller's transaction; false
     * if the company has no such app. Besides the app's own entry, the change log gets a tombstone for every table
     * and folder that went with it, so replicas drop them as well.
     */
    public boolean deleteApp(Connection c, Principal p, UUID id) throws SQLException {
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
