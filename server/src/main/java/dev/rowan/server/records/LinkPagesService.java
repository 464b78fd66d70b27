package dev.rowan.server.records;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.LinkCursor;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.http.Untrusted;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A record's linked records a page at a time: {@code GET /api/tables/{tableId}/records/{recordId}/links/{fieldId}}
 * ({@code fieldId} = the link field's id or name; a field that is no link is 422) with {@code limit} and {@code after} (the {@code nextCursor} of the
 * page before). A page of records lists at most {@code LinkValues.CELL_LIMIT} linked records per cell and their
 * total in {@code linkTotals}; this reads them all, in link order, as {@code [{id, title}]}. A linked table the
 * caller cannot see reads nothing (404, like a record of it).
 */
public final class LinkPagesService implements HttpService {
    public static final int MAX_LIMIT = 500;

    private final RecordRepository records;
    private final SchemaCache schemas;
    private final Tx tx;

    public LinkPagesService(RecordRepository records, SchemaCache schemas, Tx tx) {
        this.records = records;
        this.schemas = schemas;
        this.tx = tx;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tables/{tableId}/records/{recordId}/links/{fieldId}", this::page);
    }

    private void page(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId"));
        UUID id = Params.uuid(req, "recordId");
        String ref = req.path().pathParameters().get("fieldId");
        FieldDef field = t.field(ref).orElseThrow(() -> RowanException.notFound("No link field '"
                + Untrusted.printable(ref.length() > 60 ? ref.substring(0, 60) + "…" : ref) + "' in table " + t.name()));
        if (!(field.type() instanceof FieldType.Link)) {
            throw RowanException.invalid("fieldId", field.name() + " is not a link field");
        }
        if (LinkFields.state(t, field) instanceof LinkFields.Unavailable u) {
            throw RowanException.notFound(field.name() + ": " + u.reason());
        }
        int limit = Params.intQuery(req, "limit", 50, 1, MAX_LIMIT);
        LinkCursor after = Params.query(req, "after").filter(s -> !s.isBlank()).map(LinkCursor::decode).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        tx.read(c -> {
            if (!records.exists(c, t, id)) throw RowanException.notFound("No record " + id + " in table " + t.name());
            RecordRepository.LinkPage page = records.linkPage(c, t, field, id, after, limit);
            out.put("data", page.data());
            out.put("nextCursor", page.nextCursor());
            return null;
        });
        Json.ok(res, out);
    }
}
