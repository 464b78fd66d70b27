package dev.rowan.server.tables;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.apps.AppRepository;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tables and their fields: {@code /api/apps/{appId}/tables}, {@code /api/tables/{id}} and
 * {@code /api/tables/{id}/fields[/{fieldId}]}. Each schema change runs in one transaction with its DDL, its
 * metadata, the change log and the audit log.
 */
public final class TablesService implements HttpService {

    private final TableRepository tables;
    private final AppRepository apps;
    private final SchemaCache schemas;
    private final TableHandler handler;
    private final Tx tx;
    private final Journal journal;
    private final long maxBody;

    public TablesService(TableRepository tables, AppRepository apps, SchemaCache schemas, TableHandler handler, Tx tx,
                         Journal journal, long maxBody) {
        this.tables = tables;
        this.apps = apps;
        this.schemas = schemas;
        this.handler = handler;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/apps/{appId}/tables", this::list)
                .post("/apps/{appId}/tables", this::create)
                .get("/tables/{id}", this::get)
                .put("/tables/{id}", this::update)
                .patch("/tables/{id}", this::update)
                .delete("/tables/{id}", this::delete)
                .post("/tables/{id}/fields", this::addField)
                .patch("/tables/{id}/fields/{fieldId}", this::changeField)
                .delete("/tables/{id}/fields/{fieldId}", this::removeField)
                .post("/tables/{id}/fields/{fieldId}/restore", this::restoreField);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        requireApp(p, appId);
        Json.ok(res, Json.data(tables.listByApp(p, appId).stream().map(TableJson::summary).toList()));
    }

    private void requireApp(Principal p, UUID appId) {
        if (apps.get(p.companyId(), appId).isEmpty()) throw RowanException.notFound("No app " + appId);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Json.ok(res, tableJson(p, id, Params.boolQuery(req, "includeRemoved")));
    }

    private Map<String, Object> tableJson(Principal p, UUID id, boolean includeRemoved) {
        TableDef def = schemas.get(p, id);
        TableRepository.TableMeta meta = tables.meta(p.companyId(), id)
                .orElseThrow(() -> RowanException.notFound("No table " + id));
        return TableJson.table(meta, def, includeRemoved, Views.read(def, tables.views(id, p.userId())));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        Map<String, Object> body = Json.readObject(req, maxBody);
        TableDef def = tx.inTransaction(c -> handler.createTable(c, p, appId, body));
        Json.created(res, tableJson(p, def.id(), false));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            handler.updateTable(c, p, id, body);
            return null;
        });
        Json.ok(res, tableJson(p, id, false));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        tx.inTransaction(c -> {
            handler.deleteTable(c, p, id);
            return null;
        });
        schemas.invalidate(id);
        res.status(204).send();
    }

    // ---------------------------------------------------------------- fields

    private void addField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> body = Json.readObject(req, maxBody);
        schemas.get(p, id);
        FieldDef added = tx.inTransaction(c -> handler.addField(c, p, id, body));
        Json.created(res, TableJson.field(added));
    }

    private void changeField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        Map<String, Object> body = new LinkedHashMap<>(Json.readObject(req, maxBody));
        boolean clearInvalid = Params.boolQuery(req, "clearInvalid") || Boolean.TRUE.equals(body.remove("clearInvalid"));
        boolean dryRun = Params.boolQuery(req, "dryRun") || Boolean.TRUE.equals(body.remove("dryRun"));
        schemas.get(p, id);
        Map<String, Object> out = tx.inTransaction(c -> handler.changeField(c, p, id, fieldId, body, clearInvalid, dryRun));
        Map<String, Object> field = (Map<String, Object>) out.remove("field");
        Map<String, Object> response = new LinkedHashMap<>(field);
        response.putAll(out);
        Json.ok(res, response);
    }

    private void removeField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        boolean purge = Params.boolQuery(req, "purge");
        schemas.get(p, id);
        tx.inTransaction(c -> {
            handler.removeField(c, p, id, fieldId, purge);
            return null;
        });
        res.status(204).send();
    }

    private void restoreField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        schemas.get(p, id);
        FieldDef restored = tx.inTransaction(c -> handler.restoreField(c, p, id, fieldId, null));
        Json.ok(res, TableJson.field(restored));
    }

}
