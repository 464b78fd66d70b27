package dev.rowan.server.indexes;

import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /api/tables/{tableId}/indexes}: which indexes serve the table, and why the automatic ones exist. */
public final class IndexesService implements HttpService {
    private final AutoIndexes indexes;
    private final SchemaCache schemas;

    public IndexesService(AutoIndexes indexes, SchemaCache schemas) {
        this.indexes = indexes;
        this.schemas = schemas;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tables/{tableId}/indexes", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId")); // 404 for a table the caller cannot see
        Json.ok(res, indexes.describe(t));
    }
}
