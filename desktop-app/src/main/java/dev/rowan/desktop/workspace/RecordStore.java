package dev.rowan.desktop.workspace;

import dev.rowan.model.Ids;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Column;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.Operation;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.RecordQuery;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Records of user tables through shared-model's {@link RecordSql} (H2 dialect): keyset pages, counts and writes.
 * Every write appends its RECORD mutations to the outbox in the same transaction (bulk inserts: one per chunk),
 * with values in the server API's JSON form keyed by field id: {@code {"fields": {...}, "baseVersion": n, "base":
 * {...}}} for updates, {@code {"baseVersion": n}} for deletes, {@code {"records": [{"id", "fields"}...]}} for rows
 * created together.
 */
public final class RecordStore implements RecordSource {
    private static final SqlDialect D = SqlDialect.H2;
    /** Rows per JDBC batch and per bulk outbox entry. */
    static final int CHUNK = 1000;
    private static final int MAX_PAYLOAD = 900_000;
    private final Workspace ws;
    private final RecordSql sql = new RecordSql(D);

    /** One changed cell: the value before (for undo and conflict detection later) and after. */
    public record CellChange(UUID recordId, UUID fieldId, @Nullable Object before, @Nullable Object after) {
    }

    public RecordStore(Workspace ws) {
        this.ws = ws;
    }

    public Workspace workspace() {
        return ws;
    }

    // ------------------------------------------------------------------ reads

    /**
     * {@code filter} with "is me" ({@code @me}) on user fields made the signed-in account's id (shared-model
     * {@code MeFilter}, as the server does per request), so a saved view with "is me" shows each person their own
     * records, offline too. Unchanged for a table without user fields.
     */
    static @Nullable Filter mine(Workspace ws, TableDef t, @Nullable Filter filter) {
        if (filter == null || t.activeFields().stream().noneMatch(f -> f.type() instanceof dev.rowan.model.schema.FieldType.User)) {
            return filter;
        }
        UUID me = ws.setting("account.user").map(UUID::fromString).orElse(null);
        return dev.rowan.model.query.MeFilter.resolve(t, filter, me);
    }

    /** The page after {@code cursor} (or the first page); rows come with the table's active fields. */
    @Override
    public Page page(TableDef t, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor, int limit) {
        @Nullable Filter f = mine(ws, t, filter);
        if (cursor == null) ws.indexes().seen(t, f, sorts); // a first page: somebody looks at this shape
        return ws.read(c -> {
            SqlFragment q = sqlFor(c, t, f, sorts).page(t, f, sorts, cursor, limit);
            return run(c, t, sorts, q.sql(), q, limit);
        });
    }

    /**
     * The compiler for a read of {@code t} filtered by {@code filter} and sorted by {@code sorts}, inside the
     * workspace's lock: the stored rollups these read are refreshed now and taken from their side tables (issue 12;
     * {@link RollupDirt}), so filtering and sorting by a rollup reads an index instead of computing it per record.
     */
    private RecordSql sqlFor(Connection c, TableDef t, @Nullable Filter filter, List<Sort> sorts) throws SQLException {
        java.util.Set<UUID> fresh = ws.rollups().fresh(c, t, filter, sorts);
        return fresh.isEmpty() ? sql : sql.withStoredRollups(fresh);
    }

    @Override
    public RankedPage rankedPage(TableDef t, @Nullable Filter given, UUID viewId, @Nullable Cursor cursor, int limit) {
        Filter filter = mine(ws, t, given);
        List<FieldDef> fields = t.activeFields();
        int rankColumn = RecordSql.SYSTEM_COLUMN_COUNT + fields.size() + 1;
        SqlFragment probe = sql.columnProbe(t, filter);
        if (cursor == null) UnrankedIndex.ensure(ws, t, viewId); // a column opens: its view's unranked are kept
        return ws.read(c -> {
            long probed;
            try (PreparedStatement ps = c.prepareStatement(probe.sql())) {
                probe.bind(D, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    probed = rs.getLong(1);
                }
            }
            List<SqlFragment> parts = sql.rankedPage(t, filter, viewId, cursor, limit, probed,
                    UnrankedIndex.kept(c, viewId));
            List<Row> rows = new ArrayList<>(limit + 1);
            Map<UUID, String> ranks = new HashMap<>();
            for (SqlFragment q : parts) {
                if (rows.size() > limit) break; // the ranked records filled the page: the unranked are not read
                try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                    q.bind(D, ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && rows.size() <= limit) {
                            Row r = read(rs, fields);
                            rows.add(r);
                            String rank = rs.getString(rankColumn);
                            if (rank != null) ranks.put(r.id(), rank);
                        }
                    }
                }
            }
            boolean more = rows.size() > limit;
            if (more) rows.removeLast();
            Cursor next = null;
            if (more && !rows.isEmpty()) {
                Row last = rows.getLast();
                next = RecordSql.rankCursor(viewId, ranks.get(last.id()), last.createdAt(), last.id());
            }
            return new RankedPage(new Page(rows, next), ranks);
        });
    }

    /**
     * The page starting at row {@code offset}, for jumps (scroll-bar drags) where no keyset cursor is known yet.
     * It is RecordSql's keyset query with an OFFSET instead of a cursor, so order and filter are the same.
     */
    @Override
    public Page pageAt(TableDef t, @Nullable Filter filter, List<Sort> sorts, long offset, int limit) {
        @Nullable Filter f = mine(ws, t, filter);
        if (offset <= 0) return page(t, f, sorts, null, limit);
        return ws.read(c -> {
            SqlFragment q = sqlFor(c, t, f, sorts).pageAt(t, f, sorts, offset, limit);
            return run(c, t, sorts, q.sql(), q, limit);
        });
    }

    private Page run(Connection c, TableDef t, List<Sort> sorts, String text, SqlFragment q, int limit) throws SQLException {
        List<FieldDef> fields = t.activeFields();
        List<Row> rows = new ArrayList<>(limit + 1);
        try (PreparedStatement ps = c.prepareStatement(text)) {
            q.bind(D, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(read(rs, fields));
            }
        }
        boolean more = rows.size() > limit;
        if (more) rows.removeLast();
        Cursor next = more && !rows.isEmpty() ? cursorAfter(t, sorts, rows.getLast()) : null;
        return new Page(rows, next);
    }

    /** The keyset cursor positioned after {@code row} for this sort. */
    public static Cursor cursorAfter(TableDef t, List<Sort> sorts, Row row) {
        List<Column> keys = RecordSql.sortColumns(t, sorts);
        List<@Nullable String> values = new ArrayList<>();
        for (Column k : keys) {
            Object v;
            if (k.field() != null) v = row.value(k.field().id());
            else if (k == Column.CREATED_AT) v = row.createdAt();
            else v = row.updatedAt();
            values.add(FieldValues.toCanonicalText(k.type(), v));
        }
        return new Cursor(RecordSql.signature(keys, sorts), values, row.id());
    }

    /**
     * Where a record stands in a filtered, sorted list (0-based), or -1 when it is not in it: the rows that sort
     * after it are counted with the page query's keyset condition, so the answer agrees with the pages. -2 when the
     * record does not exist (any more).
     */
    public long position(TableDef t, @Nullable Filter filter, List<Sort> sorts, UUID id) {
        return position(t, filter, sorts, id, count(t, filter));
    }

    /** {@link #position(TableDef, Filter, List, UUID)} for a caller that has just counted the list ({@code total}). */
    public long position(TableDef t, @Nullable Filter filter, List<Sort> sorts, UUID id, long total) {
        filter = mine(ws, t, filter);
        Optional<Row> row = byId(t, id);
        if (row.isEmpty()) return -2;
        @Nullable Filter f = filter;
        long behind = ws.read(c -> {
            SqlFragment after = sqlFor(c, t, f, sorts).page(t, f, sorts, cursorAfter(t, sorts, row.get()),
                    Integer.MAX_VALUE - 1);
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + after.sql() + ") x")) {
                after.bind(D, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        long at = total - behind - 1;
        if (at < 0) return -1;
        List<Row> check = pageAt(t, filter, sorts, at, 1).rows();
        return !check.isEmpty() && check.getFirst().id().equals(id) ? at : -1;
    }

    @Override
    public long count(TableDef t, @Nullable Filter filter) {
        @Nullable Filter f = mine(ws, t, filter);
        if (f != null) ws.indexes().seen(t, f, List.of());
        return ws.read(c -> {
            SqlFragment q = sqlFor(c, t, f, List.of()).count(t, f);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                q.bind(D, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Counts matching records but stops after {@code cap + 1}: the exact count when it is at most {@code cap},
     * {@code cap + 1} ("more than cap") otherwise, so a big filtered table never costs more than reading cap rows.
     * Without a filter H2 answers {@code count(*)} from the table's row count, so that one is always exact.
     */
    public long countCapped(TableDef t, @Nullable Filter filter, int cap) {
        filter = mine(ws, t, filter);
        if (filter == null || cap == Integer.MAX_VALUE) return count(t, filter);
        ws.indexes().seen(t, filter, List.of());
        if (!RollupDirt.read(t, filter, List.of()).isEmpty()) {
            // filtered by a rollup: counted through its side table's index when stored (RecordSql.count), which
            // beats computing the rollup for every record until cap of them match
            return count(t, filter);
        }
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t);
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + source.sql()
                    + " WHERE " + where.sql() + " LIMIT ?) s")) {
                int next = where.bind(D, ps, source.bind(D, ps, 1));
                ps.setLong(next, (long) cap + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Row> byId(TableDef t, UUID id) {
        return ws.read(c -> byId(c, t, id));
    }

    @Override
    public Page range(TableDef t, UUID dateField, LocalDate from, LocalDate to, ZoneId zone, RecordQuery query,
                      int limit) {
        FieldDef f = t.fieldById(dateField).filter(x -> !x.hidden()).orElseThrow(() -> RowanException.invalid(
                "dateField", "That field is not in table " + t.name()));
        if (!(f.type() instanceof FieldType.DateType d)) {
            throw RowanException.invalid("dateField", f.name() + " is not a date field");
        }
        if (!from.isBefore(to)) return new Page(List.of(), null);
        String id = f.id().toString();
        Filter inRange = Filter.and(Filter.where(id, Operator.GTE, bound(d, from, zone)),
                Filter.where(id, Operator.LT, bound(d, to, zone)));
        return inDateOrder(t, id, inRange, query, limit);
    }

    @Override
    public Page runningInto(TableDef t, UUID startField, UUID endField, LocalDate from, ZoneId zone,
                            RecordQuery query, int limit) {
        FieldDef s = dateField(t, startField, "startField");
        FieldDef e = dateField(t, endField, "endField");
        String start = s.id().toString();
        String end = e.id().toString();
        // began before the range (start index) and had not ended when it began: spans into or over the range
        Filter running = Filter.and(
                Filter.where(start, Operator.LT, bound((FieldType.DateType) s.type(), from, zone)),
                Filter.where(end, Operator.GTE, bound((FieldType.DateType) e.type(), from, zone)));
        return inDateOrder(t, start, running, query, limit);
    }

    private static FieldDef dateField(TableDef t, UUID id, String name) {
        FieldDef f = t.fieldById(id).filter(x -> !x.hidden()).orElseThrow(() -> RowanException.invalid(
                name, "That field is not in table " + t.name()));
        if (!(f.type() instanceof FieldType.DateType)) throw RowanException.invalid(name, f.name() + " is not a date field");
        return f;
    }

    /** The first moment of {@code day} as a value of a date field (a day, or its start in {@code zone}). */
    private static Object bound(FieldType.DateType d, LocalDate day, ZoneId zone) {
        return d.includeTime() ? day.atStartOfDay(zone).toOffsetDateTime().toString() : day.toString();
    }

    private Page inDateOrder(TableDef t, String dateField, Filter narrowing, RecordQuery query, int limit) {
        Filter filter = query.filter() == null ? narrowing : Filter.and(query.filter(), narrowing);
        List<Sort> sorts = new ArrayList<>();
        sorts.add(Sort.asc(dateField));
        for (Sort s : query.sorts()) if (!s.field().equals(dateField)) sorts.add(s);
        return page(t, filter, sorts, null, limit);
    }

    private Optional<Row> byId(Connection c, TableDef t, UUID id) throws SQLException {
        SqlFragment q = sql.selectById(t, id);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(D, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, t.activeFields())) : Optional.empty();
            }
        }
    }

    static Row read(ResultSet rs, List<FieldDef> fields) throws SQLException {
        Map<UUID, @Nullable Object> values = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDef f = fields.get(i);
            values.put(f.id(), D.read(rs, RecordSql.SYSTEM_COLUMN_COUNT + 1 + i, f.type()));
        }
        return new Row(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
                rs.getObject(3, OffsetDateTime.class), rs.getLong(6), values);
    }

    // ------------------------------------------------------------------ writes

    public Row insert(TableDef t, Map<UUID, @Nullable Object> values) {
        return insertAll(t, List.of(values), () -> false).getFirst();
    }

    /**
     * Inserts rows in one transaction. Creation times increase by a microsecond per row so a bulk insert keeps its
     * order under the default (created) sort. Missing values take the field's default. Ids are UUIDv7 (time-ordered,
     * as on the server), so the primary-key index grows at its end instead of splitting pages all over.
     */
    public List<Row> insertAll(TableDef t, List<Map<UUID, @Nullable Object>> rows, BooleanSupplier cancelled) {
        List<FieldDef> fields = RecordSql.stored(t.activeFields());
        // kept results (grouped grid numbers) follow small inserts; a bulk insert drops them (Workspace.changed)
        return ws.writeRecords(c -> {
            List<Row> out = new ArrayList<>(rows.size());
            OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement ins = c.prepareStatement(sql.insert(t, fields))) {
                List<Row> chunk = new ArrayList<>(CHUNK);
                for (int r = 0; r < rows.size(); r++) {
                    Map<UUID, @Nullable Object> given = rows.get(r);
                    Map<UUID, @Nullable Object> values = new HashMap<>();
                    for (FieldDef f : fields) {
                        values.put(f.id(), given.containsKey(f.id()) ? given.get(f.id()) : f.defaultValue());
                    }
                    Row row = new Row(Ids.newId(), base.plus(r, ChronoUnit.MICROS), base, 0, values);
                    bindInsert(ins, row, base, fields);
                    ins.addBatch();
                    out.add(row);
                    chunk.add(row);
                    if (chunk.size() == CHUNK) {
                        if (cancelled.getAsBoolean()) throw dev.rowan.model.error.RowanException.conflict(dev.rowan.model.error.Conflict.Reason.CANCELLED,
                                "Cancelled; nothing was added");
                        ins.executeBatch();
                        appendCreated(c, t, fields, chunk);
                        chunk.clear();
                    }
                }
                ins.executeBatch();
                appendCreated(c, t, fields, chunk);
            }
            UnrankedIndex.added(c, t, ids(out));
            ws.changed(c, t.id(), ids(out));
            return out;
        });
    }

    /** Puts deleted rows back with their ids and creation times (undo of a delete). */
    public void restore(TableDef t, List<Row> rows) {
        List<FieldDef> fields = RecordSql.stored(t.activeFields());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ws.writeRecords(c -> {
            try (PreparedStatement ins = c.prepareStatement(sql.insert(t, fields))) {
                for (int from = 0; from < rows.size(); from += CHUNK) {
                    List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                    for (Row row : chunk) {
                        bindInsert(ins, row, now, fields);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    appendCreated(c, t, fields, chunk);
                }
            }
            UnrankedIndex.added(c, t, ids(rows));
            ws.changed(c, t.id(), ids(rows));
            return null;
        });
    }

    private static List<UUID> ids(List<Row> rows) {
        List<UUID> out = new ArrayList<>(rows.size());
        for (Row r : rows) out.add(r.id());
        return out;
    }

    /**
     * Writes rows as the server has them (its version, no outbox entry), inside the caller's transaction: for
     * putting back a record the server kept, where pushing it again would be wrong.
     */
    public void putServerRows(Connection c, TableDef t, List<Row> rows) throws SQLException {
        List<FieldDef> fields = RecordSql.stored(t.activeFields());
        try (PreparedStatement del = c.prepareStatement(sql.delete(t));
             PreparedStatement ins = c.prepareStatement(sql.insert(t, fields))) {
            for (Row row : rows) {
                del.setObject(1, row.id());
                del.executeUpdate();
                bindInsert(ins, row, row.updatedAt(), fields);
                ins.executeUpdate();
            }
        }
        UnrankedIndex.added(c, t, ids(rows));
    }

    /**
     * The outbox entry for created rows. One row is an ordinary RECORD CREATE with {@code {"fields": {...}}}; several
     * rows written together share one entry (a bulk CREATE: entity id of the first row, payload
     * {@code {"records": [{"id": ..., "fields": {...}}, ...]}}), which keeps a 100,000-row paste to a hundred outbox
     * rows instead of 100,000 while still carrying every value the sync engine has to push.
     */
    private static void appendCreated(Connection c, TableDef t, List<FieldDef> stored, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) return;
        // what the server assigns (an autonumber) is not the desktop's to send: its row reads empty until the pull
        List<FieldDef> fields = RecordSql.written(stored);
        if (rows.size() == 1) {
            Row row = rows.getFirst();
            Outbox.append(c, new Operation.CreateRecord(row.id(), t.id(),
                    new Operation.Values(wire(fields, row.values()))));
            return;
        }
        // the wire form of an Operation.BulkCreateRecords, written directly rather than through maps: this is a
        // third of a bulk insert's own work otherwise
        List<String> keys = new ArrayList<>(fields.size());
        for (FieldDef f : fields) keys.add(JsonText.write(f.id().toString()) + ":");
        StringBuilder sb = new StringBuilder(rows.size() * 64 * (fields.size() + 1)).append("{\"records\":[");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (r > 0) sb.append(',');
            sb.append("{\"id\":\"").append(row.id()).append("\",\"fields\":{");
            boolean first = true;
            for (int i = 0; i < fields.size(); i++) {
                FieldDef f = fields.get(i);
                if (!row.values().containsKey(f.id())) continue;
                if (!first) sb.append(',');
                first = false;
                sb.append(keys.get(i)).append(JsonText.write(FieldValues.toWire(f.type(), row.value(f.id()))));
            }
            sb.append('}').append('}');
        }
        String json = sb.append("]}").toString();
        if (json.length() > MAX_PAYLOAD) {
            // the outbox column holds at most 1,000,000 characters (H2's VARCHAR); long texts split the chunk
            appendCreated(c, t, fields, rows.subList(0, rows.size() / 2));
            appendCreated(c, t, fields, rows.subList(rows.size() / 2, rows.size()));
            return;
        }
        Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.RECORD, rows.getFirst().id(), t.id(), json);
    }

    private static void bindInsert(PreparedStatement ps, Row row, OffsetDateTime updatedAt, List<FieldDef> fields)
            throws SQLException {
        ps.setObject(1, row.id());
        ps.setObject(2, row.createdAt());
        ps.setObject(3, updatedAt);
        ps.setObject(4, null);
        ps.setObject(5, null);
        ps.setLong(6, row.rowVersion());
        for (int i = 0; i < fields.size(); i++) {
            D.bind(ps, 7 + i, fields.get(i).type(), row.value(fields.get(i).id()));
        }
    }

    /** Applies cell changes in one transaction, one UPDATE and one mutation per changed record. */
    /**
     * Sets the records a record's link field links (in this order), in the workspace's junction with the shared
     * {@code LinkWriter} (unknown ids refused, limits of one on both sides) and as an outbox update carrying the
     * ids, in one transaction; the server applies the same list through its record writes.
     */
    public void setLinks(TableDef t, UUID recordId, FieldDef field, List<UUID> ids) {
        ws.write(c -> {
            writeLinks(c, t, recordId, field, ids);
            return null;
        });
    }

    /** The ids of a link value as a cell holds it ("<id> <title>" texts, ids, or null for none). */
    static List<UUID> linkIds(@Nullable Object value) {
        List<UUID> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) out.add(o instanceof UUID u ? u : dev.rowan.model.link.LinkValues.id(String.valueOf(o)));
        }
        return out;
    }

    private void writeLinks(Connection c, TableDef t, UUID recordId, FieldDef field, List<UUID> ids) throws SQLException {
        {
            long version = rowVersion(c, t, recordId)
                    .orElseThrow(() -> dev.rowan.model.error.RowanException.notFound("The record was deleted meanwhile"));
            List<UUID> before = LINKS.linked(c, t, field, recordId);
            LINKS.apply(c, t, recordId, field, new dev.rowan.model.link.LinkEdit.SetTo(ids), field.name());
            Map<String, @Nullable Object> after = new LinkedHashMap<>();
            after.put(field.id().toString(), ids.stream().map(UUID::toString).toList());
            Map<String, @Nullable Object> base = new LinkedHashMap<>();
            base.put(field.id().toString(), before.stream().map(UUID::toString).toList());
            Outbox.append(c, new Operation.UpdateRecord(recordId, t.id(), new Operation.Values(after), version,
                    new Operation.Values(base)));
        }
    }

    private static final dev.rowan.model.sql.LinkWriter LINKS = new dev.rowan.model.sql.LinkWriter(D);

    public void update(TableDef t, List<CellChange> changes) {
        Map<UUID, Map<UUID, @Nullable Object>> byRecord = new LinkedHashMap<>();
        Map<UUID, Map<UUID, @Nullable Object>> before = new HashMap<>();
        for (CellChange ch : changes) {
            byRecord.computeIfAbsent(ch.recordId(), k -> new LinkedHashMap<>()).put(ch.fieldId(), ch.after());
            before.computeIfAbsent(ch.recordId(), k -> new HashMap<>()).putIfAbsent(ch.fieldId(), ch.before());
        }
        ws.writeRecords(c -> {
            ws.changing(c, t.id(), byRecord.keySet());
            for (Map.Entry<UUID, Map<UUID, @Nullable Object>> e : byRecord.entrySet()) {
                // a link cell is written as its list of records (the picker, undo, redo): the one link writer
                for (Iterator<Map.Entry<UUID, @Nullable Object>> it = e.getValue().entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<UUID, @Nullable Object> v = it.next();
                    FieldDef lf = t.fieldById(v.getKey()).filter(f -> f.type() instanceof FieldType.Link).orElse(null);
                    if (lf == null) continue;
                    writeLinks(c, t, e.getKey(), lf, linkIds(v.getValue()));
                    it.remove();
                }
                if (e.getValue().isEmpty()) continue;
                List<FieldDef> fields = new ArrayList<>();
                for (UUID fid : e.getValue().keySet()) {
                    t.fieldById(fid).ifPresent(f -> FieldValues.refuseComputed(f, f.name()));
                    t.fieldById(fid).ifPresent(fields::add);
                }
                // the row version is the server's version this edit starts from; local edits keep it, so the
                // server can tell which fields someone else changed since (field-level conflicts)
                long version = rowVersion(c, t, e.getKey())
                        .orElseThrow(() -> dev.rowan.model.error.RowanException.notFound("The record was deleted meanwhile"));
                try (PreparedStatement ps = c.prepareStatement(sql.update(t, fields))) {
                    int i = 1;
                    for (FieldDef f : fields) D.bind(ps, i++, f.type(), e.getValue().get(f.id()));
                    ps.setObject(i++, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.setObject(i++, null);
                    ps.setLong(i++, version);
                    ps.setObject(i, e.getKey());
                    ps.executeUpdate();
                }
                Outbox.append(c, new Operation.UpdateRecord(e.getKey(), t.id(),
                        new Operation.Values(wire(fields, e.getValue())), version,
                        new Operation.Values(wire(fields, before.get(e.getKey())))));
            }
            ws.changed(c, t.id(), byRecord.keySet());
            return null;
        });
    }

    /** Deletes records and returns them as they were, so the deletion can be undone. */
    public List<Row> delete(TableDef t, List<UUID> ids) {
        return ws.writeRecords(c -> {
            ws.changing(c, t.id(), ids);
            List<Row> deleted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.delete(t))) {
                for (UUID id : ids) {
                    Optional<Row> row = byId(c, t, id);
                    if (row.isEmpty()) continue;
                    ps.setObject(1, id);
                    ps.executeUpdate();
                    deleted.add(row.get());
                    Outbox.append(c, new Operation.DeleteRecord(id, t.id(), row.get().rowVersion()));
                }
            }
            ws.changed(c, t.id(), List.of()); // nothing to add; kept results settle the deletion
            return deleted;
        });
    }

    static Optional<Long> rowVersion(Connection c, TableDef t, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT row_version FROM " + sql(t) + " WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static String sql(TableDef t) {
        return new RecordSql(D).from(t);
    }

    /** Values keyed by field id in the server API's JSON form (select labels, JSON as data), as pushes carry them. */
    static Map<String, @Nullable Object> wire(List<FieldDef> fields, Map<UUID, @Nullable Object> values) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            if (values.containsKey(f.id())) m.put(f.id().toString(), FieldValues.toWire(f.type(), values.get(f.id())));
        }
        return m;
    }

    /** The grouped grid's groups and footer summaries over this workspace's records (issue 11). */
    public GroupSummaries summaries() {
        return new GroupSummaries(ws);
    }

    /** Which of {@code ids} match {@code filter} (row colour rules ask this for the rows on screen). */
    public java.util.Set<UUID> matching(TableDef t, Filter filter, java.util.Collection<UUID> ids) {
        filter = mine(ws, t, filter);
        if (ids.isEmpty()) return java.util.Set.of();
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        StringBuilder q = new StringBuilder("SELECT t.id FROM ").append(source.sql()).append(" WHERE (")
                .append(where.sql()).append(") AND t.id IN (");
        for (int i = 0; i < ids.size(); i++) q.append(i == 0 ? "?" : ", ?");
        q.append(')');
        return ws.read(c -> {
            java.util.Set<UUID> out = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                int next = where.bind(D, ps, source.bind(D, ps, 1));
                for (UUID id : ids) ps.setObject(next++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        });
    }
}
