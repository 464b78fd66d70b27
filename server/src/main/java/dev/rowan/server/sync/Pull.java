package dev.rowan.server.sync;

import dev.rowan.model.Ids;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.access.AccessRepository;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.tables.TableJson;
import dev.rowan.server.tables.TableRepository;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Answers a pull. Each page is read in one REPEATABLE READ, read-only transaction whose first statement reads the
 * watermark, so the change-log rows, table definitions and row values of a page all come from one snapshot in
 * which every sequence up to the watermark has committed and none above it is visible.
 *
 * <p>Two phases, told apart by the cursor (opaque to clients): a log cursor {@code "<seq>"}, and the snapshot
 * cursor {@code "s:<upper>:<tableId>:<lastRecordId>"} of a first sync, which walks current rows by keyset with a
 * fixed upper sequence (rows written after it are skipped here and arrive from the log instead), then hands over
 * to the log cursor {@code "<upper>"}. History is never replayed.
 *
 * <p>Tables the caller cannot see (restricted, not granted) are left out of both phases. An {@code access} change
 * of the caller's is evaluated against access now: a table they no longer see goes out as a table delete (the client
 * purges it); one they now see is backfilled like a one-table snapshot, cursor {@code "b:<seq>:<upper>:<tableId>:
 * <lastRecordId>"}, whose rows written after {@code upper} arrive from the log after {@code seq} as usual.
 */
final class Pull {
    static final int MAX_LIMIT = 10_000;
    /** Records read per statement in the log phase. */
    private static final int BATCH = 500;

    private final Tx tx;
    private final SyncRepository repo;
    private final TableRepository tables;
    private final RecordRepository records;
    private final AccessRepository access;
    private final dev.rowan.server.views.ViewRankRepository viewRanks = new dev.rowan.server.views.ViewRankRepository();
    private final long pageBytes;

    Pull(Tx tx, SyncRepository repo, TableRepository tables, RecordRepository records, AccessRepository access,
         long pageBytes) {
        this.pageBytes = pageBytes;
        this.tx = tx;
        this.repo = repo;
        this.tables = tables;
        this.records = records;
        this.access = access;
    }

    /** A parsed cursor: a log position, a snapshot position, or a backfill position. */
    sealed interface Position permits LogPos, SnapPos, BackPos {
        static Position parse(@Nullable Object raw) {
            if (raw == null) return new SnapPos(-1, null, null);
            String s = raw.toString().strip();
            try {
                if (s.isEmpty() || s.equals("0")) return new SnapPos(-1, null, null);
                if (s.startsWith("s:")) {
                    String[] p = s.split(":", -1);
                    if (p.length != 4) throw new IllegalArgumentException();
                    return new SnapPos(Long.parseLong(p[1]), p[2].equals("-") ? null : UUID.fromString(p[2]),
                            p[3].equals("-") ? null : UUID.fromString(p[3]));
                }
                if (s.startsWith("b:")) {
                    String[] p = s.split(":", -1);
                    if (p.length != 5) throw new IllegalArgumentException();
                    long seq = Long.parseLong(p[1]);
                    long upper = Long.parseLong(p[2]);
                    if (seq < 0 || upper < seq) throw new IllegalArgumentException();
                    return new BackPos(seq, upper, UUID.fromString(p[3]), p[4].equals("-") ? null : UUID.fromString(p[4]));
                }
                long seq = Long.parseLong(s);
                if (seq < 0) throw new IllegalArgumentException();
                return new LogPos(seq);
            } catch (IllegalArgumentException e) {
                throw RowanException.invalid("cursor", "cursor must be a cursor this server returned (or 0 / absent "
                        + "for a first sync)");
            }
        }
    }

    record LogPos(long seq) implements Position {
    }

    /** Backfilling one table after the access change at {@code seq}, with rows up to {@code upper}. */
    record BackPos(long seq, long upper, UUID tableId, @Nullable UUID lastId) implements Position {
        /** A refresh asked for by the client starts at the first page's watermark. */
        BackPos startingAt(long watermark) {
            return new BackPos(seq, watermark, tableId, lastId);
        }

        String encode() {
            return "b:" + seq + ":" + upper + ":" + tableId + ":" + (lastId == null ? "-" : lastId);
        }
    }

    /** {@code upper} is -1 before the snapshot starts. */
    record SnapPos(long upper, @Nullable UUID tableId, @Nullable UUID lastId) implements Position {
        String encode() {
            return "s:" + upper + ":" + (tableId == null ? "-" : tableId) + ":" + (lastId == null ? "-" : lastId);
        }
    }

    Map<String, Object> pull(Principal p, Position pos, int limit, @Nullable UUID clientId, long resultsAfter) {
        Map<String, Object> out = tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            long watermark = repo.watermark(c, p.companyId());
            Set<UUID> hidden = access.hidden(c, p);
            Map<String, Object> page = switch (pos) {
                case LogPos l -> logPage(c, p, l.seq(), watermark, limit, hidden);
                case SnapPos s -> snapshotPage(c, p, s, watermark, limit, hidden);
                case BackPos b -> backfillPage(c, p, b.upper() < 0 ? b.startingAt(watermark) : b, watermark, limit,
                        hidden);
            };
            page.put("watermark", watermark);
            if (clientId != null) {
                List<Map<String, Object>> results = new ArrayList<>();
                long last = resultsAfter;
                PageBudget budget = new PageBudget(pageBytes);
                for (SyncRepository.Outcome o : repo.outcomes(c, p.companyId(), p.userId(), clientId, resultsAfter, 1000)) {
                    if (budget.full()) break; // the rest come with the next pull
                    Map<String, Object> r = new LinkedHashMap<>(asMap(SyncRepository.parse(o.resultJson())));
                    budget.add(r);
                    results.add(r);
                    last = o.id();
                }
                page.put("results", results);
                page.put("resultsCursor", last);
            }
            return page;
        });
        return out;
    }

    // ---------------------------------------------------------------- log phase

    private Map<String, Object> logPage(Connection c, Principal p, long after, long watermark, int limit,
                                        Set<UUID> hidden) throws SQLException {
        if (after > watermark) {
            throw RowanException.invalid("cursor", "The cursor is ahead of this company's changes; it belongs to "
                    + "another server or company");
        }
        List<SyncRepository.Change> changes = repo.changes(c, p.companyId(), after, watermark, limit);
        boolean more = changes.size() == limit;
        long upper = more ? changes.getLast().seq() : watermark;
        String backfill = null;
        for (int i = 0; i < changes.size(); i++) {
            SyncRepository.Change ch = changes.get(i);
            if (ch.entity().equals("access") && ch.entityId().equals(p.userId()) && ch.tableId() != null
                    && !hidden.contains(ch.tableId())) {
                // the caller sees this table now: this page stops before the grant, the next ones backfill it
                BackPos b = new BackPos(ch.seq(), watermark, ch.tableId(), null);
                if (i == 0) return backfillPage(c, p, b, watermark, limit, hidden);
                changes = changes.subList(0, i);
                more = true;
                upper = changes.getLast().seq();
                backfill = b.encode();
                break;
            }
        }
        Set<UUID> apps = new LinkedHashSet<>();
        Set<UUID> folders = new LinkedHashSet<>();
        Set<UUID> schemaTables = new LinkedHashSet<>();
        Set<UUID> revoked = new LinkedHashSet<>();
        // record id -> (table, last seq): several changes of one record after the cursor come as one state
        Map<UUID, UUID> recordTable = new LinkedHashMap<>();
        Map<UUID, Long> recordSeq = new HashMap<>();
        for (SyncRepository.Change ch : changes) {
            if (ch.tableId() != null && hidden.contains(ch.tableId())) {
                // left out; an access change of the caller's on it means the table must go from the replica
                if (ch.entity().equals("access") && ch.entityId().equals(p.userId())) revoked.add(ch.tableId());
                continue;
            }
            if (ch.entity().equals("table") && hidden.contains(ch.entityId())) continue;
            switch (ch.entity()) {
                case "access" -> {
                    // someone else's access: nothing for this caller
                }
                case "record", "view_rank" -> {
                    // a rank change sends its record again, which carries its ranks
                    if (ch.tableId() == null) continue;
                    recordTable.remove(ch.entityId());
                    recordTable.put(ch.entityId(), ch.tableId());
                    recordSeq.put(ch.entityId(), ch.seq());
                }
                case "app" -> apps.add(ch.entityId());
                case "folder" -> folders.add(ch.entityId());
                case "table" -> schemaTables.add(ch.entityId());
                default -> {
                    // field, view: their table's whole definition goes out
                    if (ch.tableId() != null) schemaTables.add(ch.tableId());
                }
            }
        }
        List<Map<String, Object>> schema = new ArrayList<>();
        for (UUID id : apps) {
            schema.add(entry("app", id, repo.app(c, p.companyId(), id).orElse(null)));
        }
        for (UUID id : folders) {
            schema.add(entry("folder", id, repo.folder(c, p.companyId(), id).orElse(null)));
        }
        Map<UUID, Optional<TableDef>> defs = new HashMap<>();
        Set<UUID> allTables = new LinkedHashSet<>(schemaTables);
        allTables.addAll(recordTable.values());
        for (UUID id : allTables) {
            Optional<TableDef> def = tables.loadWithLinks(c, p, id);
            defs.put(id, def);
            // a page's records are values at the watermark; their table's definition at the same instant comes
            // with them, so a client never meets a field it does not know yet
            schema.add(entry("table", id, def.isEmpty() ? null : tableJson(c, p, def.get())));
        }
        for (UUID id : revoked) {
            Map<String, Object> gone = entry("table", id, null);
            gone.put("reason", "access");
            schema.add(gone);
        }
        // records in the order of their last change, read in batches until the page's bytes are used up; a page
        // cut short ends at the last record it holds, and the next one continues from there
        List<Map<String, Object>> recs = new ArrayList<>();
        List<UUID> order = new ArrayList<>(recordTable.keySet());
        order.sort(java.util.Comparator.comparingLong(recordSeq::get));
        PageBudget budget = new PageBudget(pageBytes);
        long cut = -1;
        batches:
        for (int from = 0; from < order.size(); from += BATCH) {
            List<UUID> batch = order.subList(from, Math.min(order.size(), from + BATCH));
            Map<UUID, List<UUID>> byTable = new LinkedHashMap<>();
            for (UUID rid : batch) byTable.computeIfAbsent(recordTable.get(rid), k -> new ArrayList<>()).add(rid);
            Map<UUID, Map<String, Object>> found = new HashMap<>();
            for (Map.Entry<UUID, List<UUID>> e : byTable.entrySet()) {
                Optional<TableDef> def = defs.get(e.getKey());
                if (def == null || def.isEmpty()) continue; // the table's tombstone covers its rows
                records.byIds(c, def.get(), e.getValue(), r -> found.put((UUID) r.get("id"), r));
            }
            for (UUID rid : batch) {
                Optional<TableDef> def = defs.get(recordTable.get(rid));
                if (def == null || def.isEmpty()) continue;
                if (budget.full()) {
                    cut = recordSeq.get(rid) - 1;
                    break batches;
                }
                Map<String, Object> entry = recordEntry(recordTable.get(rid), rid, recordSeq.get(rid), found.get(rid));
                budget.add(entry);
                recs.add(entry);
            }
        }
        if (cut >= 0) {
            more = true;
            upper = cut;
            backfill = null;
        }
        recs.sort(java.util.Comparator.comparingLong(m -> (Long) m.get("seq")));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("phase", "log");
        page.put("cursor", backfill != null ? backfill : Long.toString(upper));
        page.put("hasMore", more);
        page.put("schema", schema);
        page.put("records", withRanks(c, p, recs));
        return page;
    }

    // ---------------------------------------------------------------- snapshot phase

    private Map<String, Object> snapshotPage(Connection c, Principal p, SnapPos pos, long watermark, int limit,
                                             Set<UUID> hidden) throws SQLException {
        List<Map<String, Object>> schema = new ArrayList<>();
        long upper = pos.upper();
        UUID tableId = pos.tableId();
        UUID lastId = pos.lastId();
        if (upper < 0) {
            // the snapshot starts: its upper sequence is this page's watermark; every app, folder and table
            // (with fields and views) goes out first
            upper = watermark;
            for (Map<String, Object> a : repo.apps(c, p.companyId())) schema.add(entry("app", (UUID) a.get("id"), a));
            for (Map<String, Object> f : repo.folders(c, p.companyId())) {
                schema.add(entry("folder", (UUID) f.get("id"), f));
            }
        } else if (upper > watermark) {
            throw RowanException.invalid("cursor", "The cursor is ahead of this company's changes");
        }
        List<UUID> ids = new ArrayList<>(repo.tableIds(c, p.companyId()));
        ids.removeIf(hidden::contains);
        Set<UUID> described = new HashSet<>();
        if (pos.upper() < 0) {
            for (UUID id : ids) {
                tables.loadWithLinks(c, p, id)
                        .ifPresent(def -> schema.add(entryUnchecked(c, p, def)));
                described.add(id);
            }
        }
        List<Map<String, Object>> recs = new ArrayList<>();
        int idx = 0;
        if (tableId != null) {
            idx = ids.size();
            for (int i = 0; i < ids.size(); i++) {
                // PostgreSQL's uuid order, which repo.tableIds follows (UUID.compareTo would disagree for ids from 8-f
                // and send the snapshot back to its first table for ever)
                int cmp = Ids.compareUnsigned(ids.get(i), tableId);
                if (cmp == 0) {
                    idx = i;
                    break;
                }
                if (cmp > 0) { // the table went away during the snapshot: continue with the next
                    idx = i;
                    lastId = null;
                    break;
                }
            }
            if (idx < ids.size() && !ids.get(idx).equals(tableId)) lastId = null;
        }
        String next = null;
        PageBudget budget = new PageBudget(pageBytes);
        while (idx < ids.size()) {
            UUID tid = ids.get(idx);
            Optional<TableDef> def = tables.loadWithLinks(c, p, tid);
            if (def.isEmpty()) {
                idx++;
                lastId = null;
                continue;
            }
            if (described.add(tid)) schema.add(entry("table", tid, tableJson(c, p, def.get())));
            int room = limit - recs.size();
            UUID[] last = {lastId};
            int n = records.snapshot(c, def.get(), lastId, upper, room, budget::full, r -> {
                Map<String, Object> entry = recordEntry(tid, (UUID) r.get("id"), (Long) r.get("rowVersion"), r);
                budget.add(entry);
                recs.add(entry);
                last[0] = (UUID) r.get("id");
            });
            if (n == room || budget.full()) {
                next = new SnapPos(upper, tid, last[0]).encode();
                break;
            }
            idx++;
            lastId = null;
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("phase", "snapshot");
        // the snapshot is complete: continue from its upper sequence in the log
        page.put("cursor", next != null ? next : Long.toString(upper));
        page.put("hasMore", next != null || upper < watermark);
        page.put("schema", schema);
        page.put("records", withRanks(c, p, recs));
        return page;
    }

    // ---------------------------------------------------------------- backfill phase

    private Map<String, Object> backfillPage(Connection c, Principal p, BackPos pos, long watermark, int limit,
                                             Set<UUID> hidden) throws SQLException {
        if (pos.upper() > watermark || pos.seq() > watermark) {
            throw RowanException.invalid("cursor", "The cursor is ahead of this company's changes");
        }
        List<Map<String, Object>> schema = new ArrayList<>();
        List<Map<String, Object>> recs = new ArrayList<>();
        String next = null;
        Optional<TableDef> def = hidden.contains(pos.tableId()) ? Optional.empty()
                : tables.loadWithLinks(c, p, pos.tableId());
        // a table gone or hidden again meanwhile: nothing to backfill, the log after the grant tells the rest; a
        // refreshed table the caller may not have goes out as a tombstone so the client drops it
        if (def.isEmpty() && pos.lastId() == null) {
            Map<String, Object> gone = entry("table", pos.tableId(), null);
            if (hidden.contains(pos.tableId())) gone.put("reason", "access");
            schema.add(gone);
        }
        if (def.isPresent()) {
            if (pos.lastId() == null) schema.add(entry("table", pos.tableId(), tableJson(c, p, def.get())));
            UUID[] last = {pos.lastId()};
            PageBudget budget = new PageBudget(pageBytes);
            int n = records.snapshot(c, def.get(), pos.lastId(), pos.upper(), limit, budget::full, r -> {
                Map<String, Object> entry = recordEntry(pos.tableId(), (UUID) r.get("id"), (Long) r.get("rowVersion"), r);
                budget.add(entry);
                recs.add(entry);
                last[0] = (UUID) r.get("id");
            });
            if (n == limit || n > 0 && budget.full()) next = new BackPos(pos.seq(), pos.upper(), pos.tableId(), last[0]).encode();
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("phase", "backfill");
        page.put("cursor", next != null ? next : Long.toString(pos.seq()));
        page.put("hasMore", next != null || pos.seq() < watermark);
        page.put("schema", schema);
        page.put("records", withRanks(c, p, recs));
        return page;
    }

    private Map<String, Object> entryUnchecked(Connection c, Principal p, TableDef def) {
        try {
            return entry("table", def.id(), tableJson(c, p, def));
        } catch (SQLException e) {
            throw Tx.translate(e);
        }
    }

    // ---------------------------------------------------------------- shapes

    /**
     * Adds to each record entry its places in the manual order of the views the caller sees ({@code "ranks":
     * {viewId: rank}}, left out when it has none): a client replaces the record's ranks with these.
     */
    private List<Map<String, Object>> withRanks(Connection c, Principal p, List<Map<String, Object>> recs)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (Map<String, Object> r : recs) if (r.containsKey("record")) ids.add((UUID) r.get("id"));
        Map<UUID, Map<UUID, String>> ranks = viewRanks.ofRecords(c, ids, p.userId());
        if (ranks.isEmpty()) return recs;
        for (Map<String, Object> r : recs) {
            Map<UUID, String> mine = ranks.get((UUID) r.get("id"));
            if (mine != null && r.containsKey("record")) r.put("ranks", mine);
        }
        return recs;
    }

    /** A table with every field (removed ones flagged) and its views: what a client needs to rebuild it. */
    private Map<String, Object> tableJson(Connection c, Principal p, TableDef def) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", def.id());
        m.put("appId", def.appId());
        m.put("name", def.name());
        repo.tableMeta(c, p.companyId(), def.id()).ifPresent(m::putAll);
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldDef f : def.fields()) fields.add(TableJson.field(f));
        m.put("fields", fields);
        m.put("views", dev.rowan.server.tables.Views.read(def, repo.views(c, def.id(), p.userId())));
        return m;
    }

    private static Map<String, Object> entry(String entity, UUID id, @Nullable Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entity", entity);
        m.put("id", id);
        m.put("op", data == null ? "delete" : "upsert");
        if (data != null) m.put("data", data);
        return m;
    }

    private static Map<String, Object> recordEntry(UUID tableId, UUID id, @Nullable Long seq,
                                                   @Nullable Map<String, Object> record) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tableId", tableId);
        m.put("id", id);
        m.put("op", record == null ? "delete" : "upsert");
        m.put("seq", seq == null ? 0L : seq);
        if (record != null) m.put("record", record);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(@Nullable Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
