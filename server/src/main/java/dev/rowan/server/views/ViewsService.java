package dev.rowan.server.views;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.http.Untrusted;
import dev.rowan.server.indexes.AutoIndexes;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Saved views over REST: {@code /api/tables/{id}/views} (list, create, replace by id, reorder) and
 * {@code /api/views/{viewId}} (read, change, duplicate, delete, its records and its groups). Every change goes through
 * {@link ViewHandler}, the same code the sync push uses.
 */
public final class ViewsService implements HttpService {
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_SEARCH = RecordQuery.MAX_SEARCH;

    private final ViewHandler handler;
    private final ViewGroupsRepository groups;
    private final RecordRepository records;
    private final SchemaCache schemas;
    private final AutoIndexes autoIndexes;
    private final Tx tx;
    private final long maxBody;

    public ViewsService(ViewHandler handler, ViewGroupsRepository groups, RecordRepository records,
                        SchemaCache schemas, AutoIndexes autoIndexes, Tx tx, long maxBody) {
        this.autoIndexes = autoIndexes;
        this.handler = handler;
        this.groups = groups;
        this.records = records;
        this.schemas = schemas;
        this.tx = tx;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tables/{id}/views", this::list)
                .post("/tables/{id}/views", this::create)
                .post("/tables/{id}/views/reorder", this::reorder)
                .put("/tables/{id}/views/{viewId}", this::put)
                .get("/views/{viewId}", this::get)
                .patch("/views/{viewId}", this::patch)
                .delete("/views/{viewId}", this::delete)
                .post("/views/{viewId}/duplicate", this::duplicate)
                .get("/views/{viewId}/records", this::records)
                .get("/views/{viewId}/groups", this::groups);
    }

    // ---------------------------------------------------------------- definitions

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        TableDef def = schemas.get(p, Params.uuid(req, "id"));
        Json.ok(res, Json.data(tx.read(c -> handler.list(c, p, def))));
    }

    /** Creates a view with a server-made id: {@code name, type, config?, personal?, locked?}; 201. */
    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "id");
        schemas.checkEdit(p, tableId);
        Map<String, Object> body = Json.readObject(req, maxBody);
        UUID viewId = UUID.randomUUID();
        tx.inTransaction(c -> handler.save(c, p, tableId, viewId, body));
        Json.created(res, read(p, viewId));
    }

    /** Creates or replaces a view with a client-made id; 201 when it is new. */
    private void put(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "id");
        UUID viewId = Params.uuid(req, "viewId");
        schemas.checkEdit(p, tableId);
        Map<String, Object> body = Json.readObject(req, maxBody);
        ViewHandler.Result r = tx.inTransaction(c -> handler.save(c, p, tableId, viewId, body));
        if (r.created()) {
            Json.created(res, read(p, viewId));
            return;
        }
        Json.ok(res, answer(p, viewId, r));
    }

    /** The view as stored now, with {@code contested} naming the settings whose other value lost (a merge's). */
    private Map<String, Object> answer(Principal p, UUID viewId, ViewHandler.Result r) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(read(p, viewId));
        if (!r.contests().isEmpty()) {
            out.put("contested", r.contests().stream().map(k -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("setting", k.setting());
                if (k.mine() != null) m.put("mine", k.mine());
                if (k.theirs() != null) m.put("theirs", k.theirs());
                if (k.base() != null) m.put("base", k.base());
                return m;
            }).toList());
        }
        return out;
    }

    /** {@code {"ids": [...]}}: the table's views in this order (those not listed follow). */
    private void reorder(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "id");
        schemas.checkEdit(p, tableId);
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("ids"));
        if (!(body.get("ids") instanceof List<?> raw)) throw RowanException.invalid("ids", "ids must be a list of view ids");
        if (raw.size() > ViewHandler.MAX_VIEWS_PER_TABLE) {
            throw RowanException.invalid("ids", "A table has at most " + ViewHandler.MAX_VIEWS_PER_TABLE + " views");
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ids.add(viewId(raw.get(i), "ids[" + i + "]"));
        }
        tx.inTransaction(c -> handler.reorder(c, p, tableId, ids));
        TableDef def = schemas.get(p, tableId);
        Json.ok(res, Json.data(tx.read(c -> handler.list(c, p, def))));
    }

    private static UUID viewId(@Nullable Object raw, String path) {
        try {
            if (raw instanceof String s && s.length() == 36) return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw RowanException.invalid(path, "A view id is a UUID");
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, read(p, Params.uuid(req, "viewId")));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        checkEditOf(p, viewId);
        Map<String, Object> body = Json.readObject(req, maxBody);
        ViewHandler.Result r = tx.inTransaction(c -> handler.patch(c, p, viewId, body));
        Json.ok(res, answer(p, viewId, r));
    }

    /** {@code {"name"?}}: a copy at the end of the list; 201 with the copy. */
    private void duplicate(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        checkEditOf(p, viewId);
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("name"));
        Object name = body.get("name");
        if (name != null && !(name instanceof String)) throw RowanException.invalid("name", "name must be text");
        UUID copy = UUID.randomUUID();
        tx.inTransaction(c -> handler.duplicate(c, p, viewId, copy, (String) name));
        Json.created(res, read(p, copy));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        checkEditOf(p, viewId);
        tx.inTransaction(c -> handler.delete(c, p, null, viewId, false));
        res.status(204).send();
    }

    /** Before reading a body: 404 for a view the caller cannot see, 403 if they may only read its table. */
    private void checkEditOf(Principal p, UUID viewId) {
        ViewRepository.Stored v = tx.read(c -> handler.visible(c, p, viewId));
        schemas.checkEdit(p, v.tableId());
    }

    private Map<String, Object> read(Principal p, UUID viewId) {
        ViewRepository.Stored v = tx.read(c -> handler.visible(c, p, viewId));
        return ViewHandler.json(schemas.get(p, v.tableId()), v);
    }

    // ---------------------------------------------------------------- data

    /** What a read of a view's data runs on: the table as the caller sees it, the view's query, what was dropped. */
    private record Opened(TableDef table, RecordQuery query, ViewConfig config, List<String> dropped) {
    }

    private Opened open(Principal p, UUID viewId) {
        ViewRepository.Stored v = tx.read(c -> handler.visible(c, p, viewId));
        TableDef def = schemas.get(p, v.tableId());
        if (ViewKind.fromApi(v.kind()).isEmpty()) {
            return new Opened(def, RecordQuery.ALL, ViewConfig.read(v.kind(), v.config(), def).config(),
                    List.of("type: unknown view type, read as a grid"));
        }
        ViewConfig.Read r = ViewConfig.read(v.kind(), v.config(), def);
        return new Opened(def, r.config().query(), r.config(), r.dropped());
    }

    /**
     * The view's filter (and the caller's {@code filter}, and {@code search} over its text fields), in the view's sort
     * order, keyset paged with {@code cursor} and {@code limit}.
     */
    private void records(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Opened o = open(p, Params.uuid(req, "viewId"));
        Filter filter = dev.rowan.model.query.MeFilter.resolve(o.table(), filter(req, o),
                AuthFilter.principal(req).userId());
        Cursor cursor = Params.query(req, "cursor").filter(s -> !s.isBlank()).map(Cursor::decode).orElse(null);
        int limit = Params.intQuery(req, "limit", 50, 1, MAX_LIMIT);
        Map<String, Object> out = new LinkedHashMap<>();
        tx.read(c -> {
            // a board in manual order reads in its cards' ranks (each row says its rank), not in the view's sorts
            boolean manual = o.config() instanceof dev.rowan.model.view.KanbanConfig k && k.manualOrder();
            RecordRepository.Page page = manual
                    ? records.rankedPage(c, o.table(), filter, Params.uuid(req, "viewId"), cursor, limit)
                    : records.page(c, o.table(), filter, o.query().sorts(), cursor, limit);
            out.put("data", page.data());
            out.put("nextCursor", page.nextCursor());
            return null;
        });
        autoIndexes.seen(o.table(), filter, o.query().sorts()); // view queries get their indexes like table queries
        records.seen(p.companyId(), o.table()); // its table summary built in the background if due (TableSummaries)
        if (!o.dropped().isEmpty()) out.put("dropped", o.dropped());
        Json.ok(res, out);
    }

    /**
     * Group keys with counts and sum/avg/min/max of each numeric field, nested up to three levels: by {@code groupBy}
     * (field names or ids, comma separated) or else the view's group field; the view's filter (and the caller's
     * {@code filter} and {@code search}) applies.
     */
    private void groups(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Opened o = open(p, Params.uuid(req, "viewId"));
        Filter filter = dev.rowan.model.query.MeFilter.resolve(o.table(), filter(req, o),
                AuthFilter.principal(req).userId());
        List<FieldDef> by = groupBy(req, o);
        List<FieldDef> numbers = aggregate(req, o);
        Map<String, Object> out = tx.read(c -> groups.groups(c, p.companyId(), o.table(), filter, by, numbers));
        if (!o.dropped().isEmpty()) out.put("dropped", o.dropped());
        Json.ok(res, out);
    }

    /** The numeric fields to sum up: {@code aggregate} (names or ids, comma separated; empty for none), else all. */
    private static List<FieldDef> aggregate(ServerRequest req, Opened o) {
        List<FieldDef> all = o.table().activeFields().stream().filter(f -> ViewGroupsRepository.numeric(f.type())).toList();
        String raw = Params.query(req, "aggregate").orElse(null);
        if (raw == null) return all;
        List<FieldDef> out = new ArrayList<>();
        if (raw.isBlank()) return out;
        String[] parts = raw.split(",", -1);
        if (parts.length > all.size()) throw RowanException.invalid("aggregate", "Name each field with numbers at most once");
        for (String part : parts) {
            String ref = part.strip();
            FieldDef f = o.table().field(ref).filter(all::contains).orElseThrow(() -> RowanException.invalid(
                    "aggregate", "No field '" + Untrusted.printable(ref) + "' with numbers to sum up"));
            if (out.contains(f)) throw RowanException.invalid("aggregate", "Field '" + f.name() + "' is listed twice");
            out.add(f);
        }
        return out;
    }

    private static List<FieldDef> groupBy(ServerRequest req, Opened o) {
        String raw = Params.query(req, "groupBy").orElse("");
        List<FieldDef> out = new ArrayList<>();
        if (raw.isBlank()) return out;
        String[] parts = raw.split(",", -1);
        if (parts.length > ViewGroupsRepository.MAX_LEVELS) {
            throw RowanException.invalid("groupBy", "Group by at most " + ViewGroupsRepository.MAX_LEVELS + " fields");
        }
        for (String part : parts) {
            String ref = part.strip();
            FieldDef f = o.table().field(ref).orElseThrow(() -> RowanException.invalid("groupBy",
                    "No field '" + Untrusted.printable(ref) + "' to group by"));
            if (!ViewGroupsRepository.groupable(f.type())) {
                throw RowanException.invalid("groupBy", "Field '" + f.name() + "' cannot be grouped by");
            }
            if (out.contains(f)) throw RowanException.invalid("groupBy", "Field '" + f.name() + "' is listed twice");
            out.add(f);
        }
        return out;
    }

    /** The view's filter AND the caller's {@code filter} AND {@code search} over the text fields. */
    private static @Nullable Filter filter(ServerRequest req, Opened o) {
        List<Filter> all = new ArrayList<>();
        if (o.query().filter() != null) all.add(o.query().filter());
        Params.query(req, "filter").filter(s -> !s.isBlank()).map(QueryParser::parseFilter).ifPresent(all::add);
        String search = Params.query(req, "search").map(String::strip).orElse(o.query().search());
        if (search.length() > MAX_SEARCH) {
            throw RowanException.invalid("search", "search must be at most " + MAX_SEARCH + " characters");
        }
        if (!search.isEmpty()) {
            List<Filter> any = new ArrayList<>();
            for (FieldDef f : o.table().activeFields()) {
                if (searchable(f.type())) any.add(new Filter.Condition(f.id().toString(), Operator.CONTAINS, search));
            }
            all.add(any.isEmpty() ? new Filter.Condition("createdAt", Operator.IS_NULL, null)
                    : new Filter.Group(Filter.Logic.OR, any));
        }
        if (all.isEmpty()) return null;
        return all.size() == 1 ? all.getFirst() : new Filter.Group(Filter.Logic.AND, all);
    }

    private static boolean searchable(FieldType t) {
        return t instanceof FieldType.Text || t instanceof FieldType.LongText || t instanceof FieldType.Url
                || t instanceof FieldType.Email || t instanceof FieldType.Phone;
    }
}
