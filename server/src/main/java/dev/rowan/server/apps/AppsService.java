package dev.rowan.server.apps;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.sync.Operation;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.UUID;

/** {@code /api/apps}: create, list, read, update and delete apps (deleting drops their tables). */
public final class AppsService implements HttpService {
    private final AppRepository apps;
    private final AppHandler handler;
    private final Tx tx;
    private final long maxBody;

    public AppsService(AppRepository apps, AppHandler handler, Tx tx, long maxBody) {
        this.apps = apps;
        this.handler = handler;
        this.tx = tx;
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
        UUID appId = tx.inTransaction(c -> handler.create(c, p,
                new Operation.CreateApp(UUID.randomUUID(), new Operation.Definition(body))));
        Json.created(res, find(p, appId));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            handler.update(c, p, new Operation.UpdateApp(id, new Operation.Definition(body)));
            return null;
        });
        Json.ok(res, find(p, id));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        boolean deleted = tx.inTransaction(c -> handler.delete(c, p,
                new Operation.DeleteApp(id, Operation.Definition.empty())));
        if (!deleted) throw RowanException.notFound("No app " + id);
        res.status(204).send();
    }
}
