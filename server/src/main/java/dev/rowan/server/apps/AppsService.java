package dev.rowan.server.apps;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TableRepository;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /api/apps}: create, list, read, update and delete apps (deleting drops their tables). */
public final class AppsService implements HttpService {
    private static final Set<String> FIELDS = Set.of("id", "name", "description", "icon", "color", "position");
    private final AppRepository apps;
    private final Tx tx;
    private final Journal journal;
    private final SchemaCache schemas;
    private final TableRepository tables;
    private final long maxBody;

    public AppsService(AppRepository apps, TableRepository tables, Tx tx, Journal journal, SchemaCache schemas,
                       long maxBody) {
        this.apps = apps;
        this.tables = tables;
        this.tx = tx;
        this.journal = journal;
        this.schemas = schemas;
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
        Bodies.allowOnly(body, FIELDS);
        String name = FieldSpec.checkName("App", body.get("name"));
        UUID id = Bodies.optionalUuid(body, "id");
        UUID appId = id == null ? UUID.randomUUID() : id;
        String description = Bodies.optionalText(body, "description", 10_000);
        String icon = Bodies.optionalText(body, "icon", 100);
        String color = Bodies.optionalText(body, "color", 30);
        if (id != null && apps.get(p.companyId(), id).isPresent()) {
            throw RowanException.conflict("An app with id " + id + " already exists");
        }
        tx.inTransaction(c -> {
            apps.insert(c, p.companyId(), appId, name, description, icon, color, p.userId());
            long seq = journal.reserve(c, p.companyId(), 1);
            journal.change(c, p, seq, "app", appId, null, "create", Map.of("name", name));
            journal.audit(c, p, "app.create", "app", appId, Map.of("name", name));
            return null;
        });
        Json.created(res, find(p, appId));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> current = find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, FIELDS);
        String name = body.containsKey("name") ? FieldSpec.checkName("App", body.get("name")) : (String) current.get("name");
        String description = body.containsKey("description") ? Bodies.optionalText(body, "description", 10_000)
                : (String) current.get("description");
        String icon = body.containsKey("icon") ? Bodies.optionalText(body, "icon", 100) : (String) current.get("icon");
        String color = body.containsKey("color") ? Bodies.optionalText(body, "color", 30) : (String) current.get("color");
        Integer position = body.containsKey("position") ? Bodies.optionalInt(body, "position") : null;
        int pos = position != null ? position : (Integer) current.get("position");
        tx.inTransaction(c -> {
            if (!apps.update(c, p.companyId(), id, name, description, icon, color, pos)) {
                throw RowanException.notFound("No app " + id);
            }
            long seq = journal.reserve(c, p.companyId(), 1);
            journal.change(c, p, seq, "app", id, null, "update", Map.of("name", name));
            journal.audit(c, p, "app.update", "app", id, Map.of("name", name));
            return null;
        });
        Json.ok(res, find(p, id));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        tx.inTransaction(c -> {
            int dropped = tables.dropAppTables(c, p.companyId(), p.schemaName(), id);
            if (!apps.delete(c, p.companyId(), id)) throw RowanException.notFound("No app " + id);
            long seq = journal.reserve(c, p.companyId(), 1);
            journal.change(c, p, seq, "app", id, null, "delete", null);
            journal.audit(c, p, "app.delete", "app", id, Map.of("tablesDropped", dropped));
            return null;
        });
        schemas.invalidateAll();
        res.status(204).send();
    }
}
