package dev.rowan.server.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.BodySpool;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.http.Untrusted;
import dev.rowan.server.indexes.AutoIndexes;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records of a table: {@code /api/tables/{tableId}/records} with filters, sorts and keyset paging, single-record
 * CRUD, streaming bulk insert with per-row results, and bulk delete. Every write lands in the same transaction as
 * its change-log and audit entries.
 */
public final class RecordsService implements HttpService {
    public static final int MAX_LIMIT = 1000;
    /** The cap of {@code count=capped} when no {@code cap} is given, and the largest cap allowed. */
    public static final int DEFAULT_COUNT_CAP = 10_000;
    public static final int MAX_COUNT_CAP = 1_000_000;

    private final RecordRepository records;
    private final RecordWrites writes;
    private final SchemaCache schemas;
    private final Tx tx;
    private final Journal journal;
    private final long maxBody;
    private final long maxBulkBytes;
    private final int maxBulkRows;
    private final AutoIndexes autoIndexes;

    /** Updates and deletes are followed by {@code records}' {@link RecordWriteFollowers} (e.g. kept view groups). */
    public RecordsService(RecordRepository records, SchemaCache schemas, Tx tx, Journal journal, long maxBody,
                          long maxBulkBytes, int maxBulkRows, AutoIndexes autoIndexes) {
        this.records = records;
        this.writes = new RecordWrites(records, journal);
        this.schemas = schemas;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
        this.maxBulkBytes = maxBulkBytes;
        this.maxBulkRows = maxBulkRows;
        this.autoIndexes = autoIndexes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tables/{tableId}/records", this::list)
                .post("/tables/{tableId}/records", this::create)
                .post("/tables/{tableId}/records/query", this::query)
                .get("/tables/{tableId}/records/count", this::count)
                .post("/tables/{tableId}/records/bulk", this::bulkInsert)
                .post("/tables/{tableId}/records/bulk-delete", this::bulkDelete)
                .get("/tables/{tableId}/records/{recordId}", this::get)
                .patch("/tables/{tableId}/records/{recordId}", (req, res) -> write(req, res, RecordInput.Mode.PATCH))
                .put("/tables/{tableId}/records/{recordId}", (req, res) -> write(req, res, RecordInput.Mode.REPLACE))
                .delete("/tables/{tableId}/records/{recordId}", this::delete);
    }

    // ---------------------------------------------------------------- reads

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId"));
        Filter filter = Params.query(req, "filter").filter(s -> !s.isBlank()).map(QueryParser::parseFilter).orElse(null);
        List<Sort> sorts = Params.query(req, "sort").filter(s -> !s.isBlank()).map(RecordsService::parseSort)
                .orElse(List.of());
        Cursor cursor = Params.query(req, "cursor").filter(s -> !s.isBlank()).map(Cursor::decode).orElse(null);
        int limit = Params.intQuery(req, "limit", 50, 1, MAX_LIMIT);
        Integer countCap = pageCountCap(Params.query(req, "count").orElse(null),
                Params.query(req, "cap").isPresent() ? Params.intQuery(req, "cap", DEFAULT_COUNT_CAP, 1, MAX_COUNT_CAP)
                        : null);
        sendPage(res, p, t, filter, sorts, cursor, limit, countCap);
    }

    /**
     * {@code count=capped} (optionally with {@code cap}) or {@code count=exact} asks for the count of matching
     * records with the page: the cap to count up to, {@link Long#MAX_VALUE} for exact, null for no count.
     */
    private static @Nullable Integer pageCountCap(@Nullable String mode, @Nullable Integer cap) {
        if (mode == null || mode.isBlank()) {
            if (cap != null) throw RowanException.invalid("cap", "cap goes with count=capped");
            return null;
        }
        return switch (mode.strip()) {
            case "capped" -> cap == null ? DEFAULT_COUNT_CAP : cap;
            case "exact" -> {
                if (cap != null) throw RowanException.invalid("cap", "cap goes with count=capped, not count=exact");
                yield Integer.MAX_VALUE;
            }
            default -> throw RowanException.invalid("count", "count must be capped or exact");
        };
    }

    private void sendPage(ServerResponse res, Principal p, TableDef t, @Nullable Filter given, List<Sort> sorts,
                          @Nullable Cursor cursor, int limit, @Nullable Integer countCap) {
        // "is me" on a user field is the caller (saved views and clients keep "@me")
        Filter filter = dev.rowan.model.query.MeFilter.resolve(t, given, p.userId());
        Map<String, Object> out = new LinkedHashMap<>();
        tx.read(c -> {
            RecordRepository.Page page = records.page(c, t, filter, sorts, cursor, limit);
            out.put("data", page.data());
            out.put("nextCursor", page.nextCursor());
            if (countCap != null) putCount(out, records.countCapped(c, t, filter, countCap), countCap, "countCapped");
            return null;
        });
        autoIndexes.seen(t, filter, sorts);
        records.seen(p.companyId(), t); // e.g. its table summary built in the background (views.TableSummaries)
        Json.ok(res, out);
    }

    /** {@code count} (at most the cap) and whether more records match than the cap. */
    private static void putCount(Map<String, Object> out, long counted, int cap, String cappedKey) {
        boolean capped = counted > cap;
        out.put("count", capped ? cap : counted);
        out.put(cappedKey, capped);
    }

    /** Listing with the query in a JSON body, for filters too long for a URL. */
    private void query(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId"));
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("filter", "sort", "limit", "cursor", "count", "cap"));
        Filter filter = body.get("filter") == null ? null : QueryParser.parseFilter(body.get("filter"));
        List<Sort> sorts = body.get("sort") == null ? List.of() : QueryParser.parseSort(body.get("sort"));
        Object rawCursor = body.get("cursor");
        if (rawCursor != null && !(rawCursor instanceof String)) {
            // ignoring it would silently restart the listing at the first page
            throw RowanException.invalid("cursor", "cursor must be the text of a previous nextCursor");
        }
        Cursor cursor = rawCursor instanceof String s ? Cursor.decode(s) : null;
        Integer limit = Bodies.optionalInt(body, "limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw RowanException.invalid("limit", "limit must be from 1 to " + MAX_LIMIT);
        }
        Object countMode = body.get("count");
        if (countMode != null && !(countMode instanceof String)) {
            throw RowanException.invalid("count", "count must be capped or exact");
        }
        Integer cap = Bodies.optionalInt(body, "cap");
        if (cap != null && (cap < 1 || cap > MAX_COUNT_CAP)) {
            throw RowanException.invalid("cap", "cap must be from 1 to " + MAX_COUNT_CAP);
        }
        sendPage(res, p, t, filter, sorts, cursor, limit == null ? 50 : limit,
                pageCountCap((String) countMode, cap));
    }

    /** {@code sort} is JSON ([{"field","direction"}]) or the short form {@code Due,-Qty}. */
    static List<Sort> parseSort(String s) {
        String t = s.strip();
        if (t.startsWith("[") || t.startsWith("{")) return QueryParser.parseSort(t);
        List<Sort> out = new ArrayList<>();
        for (String part : t.split(",")) {
            String f = part.strip();
            if (f.isEmpty()) continue;
            out.add(f.startsWith("-") ? Sort.desc(f.substring(1)) : Sort.asc(f));
        }
        if (out.size() > QueryParser.MAX_SORTS) throw RowanException.invalid("sort", "at most 8 sort keys");
        return out;
    }

    private void count(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId"));
        Filter filter = dev.rowan.model.query.MeFilter.resolve(t, Params.query(req, "filter")
                .filter(s -> !s.isBlank()).map(QueryParser::parseFilter).orElse(null), p.userId());
        String mode = Params.query(req, "mode").orElse("exact");
        if (!mode.equals("exact") && !mode.equals("estimate") && !mode.isEmpty()) {
            throw RowanException.invalid("mode", "mode must be exact or estimate");
        }
        boolean estimate = mode.equals("estimate");
        Map<String, Object> out = new LinkedHashMap<>();
        if (Params.query(req, "cap").filter(s -> !s.isBlank()).isPresent()) {
            if (estimate) throw RowanException.invalid("cap", "cap counts exactly up to the cap; leave out mode=estimate");
            int cap = Params.intQuery(req, "cap", DEFAULT_COUNT_CAP, 1, MAX_COUNT_CAP);
            long counted = tx.read(c -> records.countCapped(c, t, filter, cap));
            putCount(out, counted, cap, "capped");
            out.put("exact", counted <= cap);
            autoIndexes.seen(t, filter, List.of());
        } else if (estimate && filter == null) {
            out.put("count", tx.read(c -> records.estimate(c, t)));
            out.put("exact", false);
        } else {
            out.put("count", tx.read(c -> records.count(c, t, filter)));
            out.put("exact", true);
            autoIndexes.seen(t, filter, List.of());
        }
        Json.ok(res, out);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef t = schemas.get(p, Params.uuid(req, "tableId"));
        UUID id = Params.uuid(req, "recordId");
        Json.ok(res, tx.read(c -> records.get(c, t, id))
                .orElseThrow(() -> RowanException.notFound("No record " + id + " in table " + t.name())));
    }

    // ---------------------------------------------------------------- single writes

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        Object body = Json.read(req, maxBody);
        Map<String, Object> created = tx.inTransaction(c -> {
            TableDef t = schemas.lock(c, p, tableId, false);
            return writes.create(c, p, t, body, journal.reserve(c, p.companyId(), 1));
        });
        Json.created(res, created);
    }

    private void write(ServerRequest req, ServerResponse res, RecordInput.Mode mode) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        UUID id = Params.uuid(req, "recordId");
        Object body = Json.read(req, maxBody);
        Map<String, Object> updated = tx.inTransaction(c -> {
            TableDef t = schemas.lock(c, p, tableId, false);
            long seq = journal.reserve(c, p.companyId(), 1);
            if (!writes.update(c, p, t, id, body, mode == RecordInput.Mode.REPLACE, seq)) {
                throw RowanException.notFound("No record " + id + " in table " + t.name());
            }
            return records.get(c, t, id).orElseThrow();
        });
        Json.ok(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        UUID id = Params.uuid(req, "recordId");
        tx.inTransaction(c -> {
            TableDef t = schemas.lock(c, p, tableId, false);
            long seq = journal.reserve(c, p.companyId(), 1);
            if (!writes.delete(c, p, t, id, seq)) {
                throw RowanException.notFound("No record " + id + " in table " + t.name());
            }
            return null;
        });
        res.status(204).send();
    }

    // ---------------------------------------------------------------- bulk

    /**
     * Streams {@code {"records": [...]}} (or a bare array) from the request into COPY chunks inside one
     * transaction. Rows that fail validation or a constraint get an error result and are skipped; malformed JSON
     * or a body over the limits rolls everything back.
     */
    private void bulkInsert(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        // the whole body first: a client that sends it slowly must not hold a connection or the company's
        // change-log lock while it does
        BulkResults out;
        TableDef[] loaded = new TableDef[1];
        try (BodySpool body = BodySpool.read(req, maxBulkBytes)) {
            out = tx.inLongTransaction(c -> {
                TableDef t = schemas.lock(c, p, tableId, false);
                loaded[0] = t;
                FieldLookup lookup = new FieldLookup(t);
                // attachment and user fields: the company's members are read once for the whole request, not per row
                RowRefs refs = new RowRefs(c, p, t);
                // parsing runs ahead on a thread of its own while this one loads (BulkParser)
                try (BulkLoader loader = new BulkLoader(c, t, p, journal, records);
                     BulkParser parser = new BulkParser(body, t, lookup, maxBulkRows)) {
                    rows:
                    while (true) {
                        switch (parser.next()) {
                            case BulkParser.Row row -> {
                                try {
                                    // attachment ids must name files of this table (the connection is this thread's)
                                    loader.add(refs.check(row.input(), row.index()), row.index());
                                } catch (RowanException e) {
                                    loader.reject(row.index(), e.errors().isEmpty()
                                            ? List.of(new FieldError("records[" + row.index() + "]", e.getMessage()))
                                            : e.errors());
                                }
                            }
                            case BulkParser.Refused refused -> loader.reject(refused.index(), refused.errors());
                            case BulkParser.Failed failed -> throw failed.error();
                            case BulkParser.End end -> {
                                break rows;
                            }
                        }
                    }
                    BulkResults results = loader.finish();
                    if (loader.created() > 0) {
                        // like a push's bulk create: a request that stored nothing leaves no trace
                        journal.audit(c, p, "record.bulk-create", "table", tableId, Map.of("created", loader.created(),
                                "failed", loader.failed()));
                    }
                    return results;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RowanException.badRequest("The body could not be read");
                }
            });
        }
        if (out.createdCount() > 0) {
            // fresh planner statistics after bulk work of any size, instead of waiting for autovacuum; throttled
            // per table, so a load in batches of 1,000 does not pay for one ANALYZE per batch
            autoIndexes.bulkLoaded(loaded[0], out.createdCount());
        }
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        try (var stream = res.outputStream(); JsonGenerator g = Json.MAPPER.createGenerator(stream)) {
            out.write(g);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Writing the bulk results failed", e);
        }
    }

    private void bulkDelete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        schemas.checkEdit(p, tableId);
        List<UUID> ids = readIds(req);
        List<UUID> deleted = tx.inLongTransaction(c -> {
            TableDef t = schemas.lock(c, p, tableId, false);
            var linked = writes.linkedOtherSide(c, t, ids);
            // the sequences first: the company's writers wait for this one while its records go (a follower of the
            // delete reads their part of kept answers before, RecordWriteFollowers); numbers of ids that were not
            // there stay unused
            long first = journal.reserve(c, p.companyId(), Math.max(1, ids.size()));
            List<UUID> gone = records.deleteMany(c, t, ids, p.companyId(), first);
            journal.recordChanges(c, p, first, tableId, "delete", gone);
            writes.journalOtherSide(c, p, linked, new java.util.HashSet<>(gone));
            journal.audit(c, p, "record.bulk-delete", "table", tableId, Map.of("deleted", gone.size()));
            return gone;
        });
        Set<UUID> gone = new java.util.HashSet<>(deleted);
        List<Map<String, Object>> results = new ArrayList<>();
        for (UUID id : ids) results.add(Map.of("id", id, "status", gone.contains(id) ? "deleted" : "not_found"));
        Json.ok(res, Map.of("deleted", deleted.size(), "results", results));
    }

    /**
     * Reads {@code {"ids": [...]}} token by token, keeping only the UUIDs: the byte cap ({@code maxBulkBytes}) and
     * the element cap ({@code maxBulkRows}) are checked as the body arrives, so memory is bounded by the ids kept
     * (about 100 bytes each), never by the body.
     */
    private List<UUID> readIds(ServerRequest req) {
        List<UUID> ids = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        // media type, byte cap and UTF-8 are checked as the body arrives (Json.stream)
        try (InputStream in = Json.stream(req, maxBulkBytes);
             JsonParser jp = Json.CAPPED.createParser(in)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) throw RowanException.badRequest("The body must be a JSON object");
            boolean seen = false;
            // a wrong key or value is remembered and the object read to its end, so the parser still sees what
            // is wrong with the rest of it (a key given twice is answered as that)
            RowanException wrong = null;
            JsonToken tok;
            while ((tok = jp.nextToken()) == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                Untrusted.check(java.util.Collections.singletonMap(name, null), "");
                if (!"ids".equals(name)) {
                    if (wrong == null) wrong = RowanException.invalid("Unknown properties: allowed are [ids]", List.of(new FieldError(
                            Bodies.shorten(name), "Unknown property '" + Bodies.shorten(name) + "'")));
                    jp.nextToken();
                    jp.skipChildren();
                    continue;
                }
                seen = true;
                if (jp.nextToken() != JsonToken.START_ARRAY) {
                    if (wrong == null) wrong = RowanException.invalid("ids", "ids must be a list of UUIDs");
                    jp.skipChildren();
                    continue;
                }
                int i = 0;
                JsonToken t;
                while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) throw RowanException.badRequest("The body ends before the ids list is closed");
                    if (i >= maxBulkRows) throw RowanException.tooLarge("At most " + maxBulkRows + " ids per request");
                    UUID id = null;
                    if (t == JsonToken.VALUE_STRING) Untrusted.check(jp.getText(), "ids[" + i + "]");
                    if (t == JsonToken.VALUE_STRING && jp.getTextLength() == 36) {
                        try {
                            id = Params.parseUuid(jp.getText(), "record");
                        } catch (RowanException e) {
                            // reported below
                        }
                    } else {
                        jp.skipChildren();
                    }
                    if (id == null) errors.add(new FieldError("ids[" + i + "]", "not a UUID"));
                    else ids.add(id);
                    i++;
                }
            }
            if (tok != JsonToken.END_OBJECT) throw RowanException.badRequest("The body is not valid JSON");
            if (jp.nextToken() != null) throw RowanException.badRequest("Unexpected content after the JSON object");
            if (wrong != null) throw wrong;
            if (!seen) throw RowanException.invalid("ids", "ids must be a list of UUIDs");
        } catch (JsonProcessingException e) {
            throw Json.invalid(e);
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
        if (!errors.isEmpty()) throw RowanException.invalid("Some ids are not UUIDs; nothing was deleted", errors);
        return ids;
    }
}
