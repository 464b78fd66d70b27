package dev.rowan.server.indexes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.IndexShape;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.config.AutoIndexSettings;
import dev.rowan.server.db.Database;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Indexes nobody has to declare. Every page and count request reports its query shape ({@link IndexShape}); a
 * shape seen {@code threshold} times gets its index, built on one background thread with
 * {@code CREATE INDEX CONCURRENTLY} (writes go on) on a connection of its own outside any transaction, within a
 * per-table budget. A build that fails or is cancelled leaves no INVALID index behind. A periodic sweep drops
 * automatic indexes PostgreSQL has not scanned for {@code unusedAfter}. What was built and why is kept in
 * {@code rowan.auto_indexes} and shown by {@code GET /api/tables/{id}/indexes}.
 *
 * <p>Also keeps planner statistics fresh after bulk inserts of any size ({@link #bulkLoaded}), at most one
 * ANALYZE per table per {@code analyzeEvery}, off the request thread.
 */
public final class AutoIndexes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoIndexes.class);
    /** Candidates kept in memory per table, and tables tracked: the counters stay small whatever clients send. */
    private static final int MAX_CANDIDATES = 64;
    private static final int MAX_TABLES = 10_000;

    private final Database db;
    private final Tx tx;
    private final AutoIndexSettings settings;
    private final Ddl ddl;
    private final RecordSql sql = new RecordSql(SqlDialect.POSTGRES);
    private final boolean trigram;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("rowan-auto-index").factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rowan-planner-stats").factory());
    private final Map<UUID, Map<String, Candidate>> candidates = new ConcurrentHashMap<>();
    private final Map<UUID, AnalyzeState> analyze = new ConcurrentHashMap<>();

    /** A query shape being counted, and what became of it. */
    static final class Candidate {
        final IndexShape shape;
        final AtomicInteger seen = new AtomicInteger();
        volatile String status = "counting";

        Candidate(IndexShape shape) {
            this.shape = shape;
        }
    }

    private static final class AnalyzeState {
        long lastNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
        boolean scheduled;
    }

    public AutoIndexes(Database db, AutoIndexSettings settings) {
        this.db = db;
        this.tx = db.tx();
        this.settings = settings;
        this.trigram = db.trigram();
        this.ddl = new Ddl(SqlDialect.POSTGRES, trigram);
    }

    public AutoIndexes start() {
        long every = settings.sweepEvery().toMillis();
        // the sweep's DROP INDEX CONCURRENTLY runs on the build thread too (see bulkLoaded: no two such commands at once)
        timer.scheduleWithFixedDelay(() -> {
            try {
                builder.execute(() -> {
                    try {
                        sweep(settings.unusedAfter());
                    } catch (RuntimeException e) {
                        LOG.warn("Sweeping automatic indexes failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    public AutoIndexSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- counting

    /** A page or count ran with this filter and sort: counts its shape, and queues the build at the threshold. */
    public void seen(TableDef t, @Nullable Filter filter, List<Sort> sorts) {
        if (!settings.enabled() || settings.budget() == 0) return;
        List<IndexShape> shapes;
        try {
            shapes = IndexShape.forQuery(t, filter, sorts, trigram);
        } catch (RuntimeException e) {
            return; // the query itself has already answered
        }
        if (shapes.isEmpty()) return;
        if (candidates.size() >= MAX_TABLES && !candidates.containsKey(t.id())) candidates.clear();
        Map<String, Candidate> mine = candidates.computeIfAbsent(t.id(), k -> new ConcurrentHashMap<>());
        for (IndexShape shape : shapes) {
            String key = shape.signature();
            Candidate c = mine.get(key);
            if (c == null) {
                if (mine.size() >= MAX_CANDIDATES) continue;
                c = mine.computeIfAbsent(key, k -> new Candidate(shape));
            }
            if (c.seen.incrementAndGet() == settings.threshold()) {
                Candidate queued = c;
                queued.status = "queued";
                try {
                    builder.execute(() -> build(t, queued));
                } catch (RejectedExecutionException e) {
                    return; // shutting down
                }
            }
        }
    }

    // ---------------------------------------------------------------- building

    private void build(TableDef t, Candidate cand) {
        IndexShape shape = cand.shape;
        String name = shape.indexName(t);
        String refused;
        try {
            refused = tx.inTransaction(c -> reserve(c, t, shape, name, cand.seen.get()));
        } catch (RuntimeException e) {
            LOG.debug("Automatic index for table {} not started", t.id(), e); // e.g. the table was deleted
            cand.status = "counting";
            cand.seen.set(0);
            return;
        }
        if (refused != null) {
            cand.status = refused;
            // a table that grows or frees budget later gets another chance after as many sightings again
            if (!refused.equals("built")) cand.seen.set(0);
            return;
        }
        cand.status = "building";
        try (Connection c = db.openDedicated(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SET statement_timeout = " + settings.buildTimeout().toMillis());
            s.execute("SET lock_timeout = 0");
            long t0 = System.nanoTime();
            s.execute(ddl.createIndexConcurrently(t, shape));
            if (!valid(c, t, name)) throw new SQLException("the index is not valid after its build");
            tx.inTransaction(tc -> update(tc, t.id(), name, "UPDATE rowan.auto_indexes SET state = 'ready', "
                    + "built_at = now(), last_used_at = now() WHERE table_id = ? AND name = ?"));
            cand.status = "built";
            LOG.info("Built automatic {} index on table {} ({}) in {} ms", shape.kind().name().toLowerCase(),
                    t.id(), shape.signature(), (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Automatic index on table {} ({}) failed; removing what the build left: {}", t.id(),
                    shape.signature(), e.getMessage());
            cand.status = "failed";
            try {
                tx.inTransaction(tc -> update(tc, t.id(), name, "UPDATE rowan.auto_indexes SET state = 'failed' "
                        + "WHERE table_id = ? AND name = ?"));
            } catch (RuntimeException re) {
                LOG.debug("Could not mark the automatic index as failed", re);
            }
            drop(t.schemaName(), name);
        }
    }

    /** Records the build about to start, or says why not (null: go ahead). */
    private @Nullable String reserve(Connection c, TableDef t, IndexShape shape, String name, int seen)
            throws SQLException {
        // one builder at a time per table, also across server processes sharing the database
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 14))")) {
            ps.setString(1, t.id().toString());
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM rowan.auto_indexes WHERE table_id = ? "
                + "AND name = ?")) {
            ps.setObject(1, t.id());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getString(1).equals("failed") ? "failed" : "built";
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rowan.auto_indexes WHERE table_id = ? "
                + "AND state <> 'failed'")) {
            ps.setObject(1, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= settings.budget()) return "over budget";
            }
        }
        if (settings.minRows() > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + sql.from(t)
                    + " LIMIT " + settings.minRows() + ") s")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) < settings.minRows()) return "table too small";
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.auto_indexes (table_id, name, schema_name, "
                + "kind, columns, state, seen) VALUES (?, ?, ?, ?, CAST(? AS jsonb), 'building', ?)")) {
            ps.setObject(1, t.id());
            ps.setString(2, name);
            ps.setString(3, t.schemaName());
            ps.setString(4, shape.kind() == IndexShape.Kind.BTREE ? "btree" : "trigram");
            ps.setString(5, columnsJson(shape));
            ps.setInt(6, seen);
            ps.executeUpdate();
        }
        return null;
    }

    private static String columnsJson(IndexShape shape) {
        List<Map<String, Object>> cols = new ArrayList<>();
        for (IndexShape.Key k : shape.keys()) {
            cols.add(Map.of("column", k.column(), "ref", k.ref(), "descending", k.descending()));
        }
        try {
            return Json.MAPPER.writeValueAsString(cols);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean valid(Connection c, TableDef t, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT i.indisvalid FROM pg_index i JOIN pg_class x ON "
                + "x.oid = i.indexrelid JOIN pg_namespace n ON n.oid = x.relnamespace WHERE x.relname = ? "
                + "AND n.nspname = ?")) {
            ps.setString(1, name);
            ps.setString(2, t.schemaName().isEmpty() ? "public" : t.schemaName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int update(Connection c, UUID tableId, String name, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setObject(1, tableId);
            ps.setString(2, name);
            return ps.executeUpdate();
        }
    }

    /** DROP INDEX CONCURRENTLY on a connection of its own; waits for running transactions on the table. */
    private void drop(String schema, String name) {
        try (Connection c = db.openDedicated(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SET statement_timeout = 0");
            s.execute(ddl.dropIndexConcurrently(schema, name));
        } catch (SQLException e) {
            LOG.warn("Dropping automatic index failed (the next sweep tries again): {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- sweeping

    /**
     * Drops automatic indexes without a scan for {@code unusedAfter}, forgets ones whose index went away with its
     * column, cleans up builds that never finished, and lets failed shapes be tried again after
     * {@code unusedAfter}. Returns how many indexes it dropped.
     */
    public int sweep(Duration unusedAfter) {
        record Row(UUID tableId, String name, String schema, String state, long lastScans, @Nullable Long scans,
                   boolean stale, boolean stuck, boolean exists) {
        }
        double age = unusedAfter.toMillis() / 1000.0;
        double stuckAge = settings.buildTimeout().toMillis() / 1000.0 + 60;
        List<Row> rows = tx.read(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.table_id, a.name, a.schema_name, a.state, "
                    + "a.last_scans, s.idx_scan, a.last_used_at <= now() - make_interval(secs => ?), "
                    + "a.created_at <= now() - make_interval(secs => ?), to_regclass(quote_ident(a.schema_name) "
                    + "|| '.' || quote_ident(a.name)) IS NOT NULL FROM rowan.auto_indexes a "
                    + "LEFT JOIN pg_stat_user_indexes s ON s.schemaname = a.schema_name AND s.indexrelname = a.name")) {
                ps.setDouble(1, age);
                ps.setDouble(2, stuckAge);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long scans = rs.getLong(6);
                        out.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5), rs.wasNull() ? null : scans, rs.getBoolean(7),
                                rs.getBoolean(8), rs.getBoolean(9)));
                    }
                }
            }
            return out;
        });
        int dropped = 0;
        for (Row r : rows) {
            switch (r.state()) {
                case "ready" -> {
                    if (!r.exists()) {
                        delete(r.tableId(), r.name()); // dropped with its column or table
                    } else if (r.scans() != null && r.scans() > r.lastScans()) {
                        tx.inTransaction(c -> {
                            try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.auto_indexes SET "
                                    + "last_scans = ?, last_used_at = now() WHERE table_id = ? AND name = ?")) {
                                ps.setLong(1, r.scans());
                                ps.setObject(2, r.tableId());
                                ps.setString(3, r.name());
                                return ps.executeUpdate();
                            }
                        });
                    } else if (r.stale()) {
                        LOG.info("Dropping automatic index of table {}: not used for {}", r.tableId(), unusedAfter);
                        drop(r.schema(), r.name());
                        delete(r.tableId(), r.name());
                        dropped++;
                    }
                }
                case "building" -> {
                    if (r.stuck()) { // the server stopped during the build
                        drop(r.schema(), r.name());
                        tx.inTransaction(c -> update(c, r.tableId(), r.name(), "UPDATE rowan.auto_indexes SET "
                                + "state = 'failed' WHERE table_id = ? AND name = ?"));
                    }
                }
                default -> {
                    if (r.exists()) drop(r.schema(), r.name());
                    if (r.stale()) delete(r.tableId(), r.name());
                }
            }
        }
        return dropped;
    }

    private void delete(UUID tableId, String name) {
        tx.inTransaction(c -> update(c, tableId, name, "DELETE FROM rowan.auto_indexes WHERE table_id = ? "
                + "AND name = ?"));
        Map<String, Candidate> mine = candidates.get(tableId);
        if (mine != null) mine.values().removeIf(cand -> cand.status.equals("built") || cand.status.equals("failed"));
    }

    // ---------------------------------------------------------------- what was chosen and why

    /** The automatic indexes of a table, the manual ones, and the shapes still being counted, for the API. */
    public Map<String, Object> describe(TableDef t) {
        List<Map<String, Object>> auto = tx.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.kind, a.columns::text, a.state, a.seen, "
                    + "a.created_at, a.built_at, a.last_used_at, s.idx_scan, to_regclass(quote_ident(a.schema_name) "
                    + "|| '.' || quote_ident(a.name)) IS NOT NULL FROM rowan.auto_indexes a "
                    + "LEFT JOIN pg_stat_user_indexes s ON s.schemaname = a.schema_name AND s.indexrelname = a.name "
                    + "WHERE a.table_id = ? ORDER BY a.created_at")) {
                ps.setObject(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("kind", rs.getString(1));
                        m.put("fields", fields(t, rs.getString(2)));
                        String state = rs.getString(3);
                        // dropped with its column (a type change or purge); the next sweep forgets it
                        m.put("state", state.equals("ready") && !rs.getBoolean(9) ? "gone" : state);
                        m.put("reason", "queries filtered or sorted this way " + rs.getInt(4) + " times");
                        m.put("createdAt", String.valueOf(rs.getObject(5, java.time.OffsetDateTime.class)));
                        var built = rs.getObject(6, java.time.OffsetDateTime.class);
                        m.put("builtAt", built == null ? null : built.toString());
                        m.put("lastUsedAt", String.valueOf(rs.getObject(7, java.time.OffsetDateTime.class)));
                        long scans = rs.getLong(8);
                        m.put("scans", rs.wasNull() ? 0 : scans);
                        out.add(m);
                    }
                }
            }
            return out;
        });
        List<Map<String, Object>> manual = new ArrayList<>();
        t.activeFields().stream().filter(f -> f.indexed() || f.unique()).forEach(f -> manual.add(Map.of(
                "field", f.name(), "fieldId", f.id().toString(), "unique", f.unique(), "indexed", f.indexed())));
        List<Map<String, Object>> counting = new ArrayList<>();
        Map<String, Candidate> mine = candidates.getOrDefault(t.id(), Map.of());
        for (Candidate c : mine.values()) {
            if (c.status.equals("built")) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", c.shape.kind() == IndexShape.Kind.BTREE ? "btree" : "trigram");
            m.put("fields", keys(t, c.shape));
            m.put("seen", c.seen.get());
            m.put("status", c.status);
            counting.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("automatic", auto);
        out.put("manual", manual);
        out.put("candidates", counting);
        out.put("threshold", settings.threshold());
        out.put("budget", settings.budget());
        out.put("enabled", settings.enabled());
        return out;
    }

    private static List<Map<String, Object>> fields(TableDef t, String columnsJson) {
        List<Map<String, Object>> cols;
        try {
            cols = Json.MAPPER.readValue(columnsJson, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> col : cols) {
            out.add(field(t, String.valueOf(col.get("ref")), Boolean.TRUE.equals(col.get("descending"))));
        }
        return out;
    }

    private static List<Map<String, Object>> keys(TableDef t, IndexShape shape) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IndexShape.Key k : shape.keys()) out.add(field(t, k.ref(), k.descending()));
        return out;
    }

    /** A key as the API shows it: the field's current name (system columns by their API name) and direction. */
    private static Map<String, Object> field(TableDef t, String ref, boolean descending) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", t.field(ref).map(f -> f.name()).orElse(ref));
        if (t.field(ref).isPresent()) m.put("fieldId", ref);
        m.put("direction", descending ? "desc" : "asc");
        return m;
    }

    // ---------------------------------------------------------------- planner statistics

    /**
     * Rows were bulk-inserted: ANALYZE the table soon, off the request thread, at most once per
     * {@code analyzeEvery}; inserts meanwhile are covered by the one run already scheduled.
     */
    public void bulkLoaded(TableDef t, long rows) {
        if (rows <= 0) return;
        if (analyze.size() >= MAX_TABLES && !analyze.containsKey(t.id())) analyze.clear();
        AnalyzeState st = analyze.computeIfAbsent(t.id(), k -> new AnalyzeState());
        long delayNanos;
        synchronized (st) {
            if (st.scheduled) return;
            st.scheduled = true;
            delayNanos = Math.max(0, st.lastNanos + settings.analyzeEvery().toNanos() - System.nanoTime());
        }
        try {
            // ANALYZE runs on the build thread, never beside a CREATE INDEX CONCURRENTLY: an ANALYZE waiting for the
            // table's lock while the build waits for older transactions (the ANALYZE's among them) is a deadlock that
            // PostgreSQL resolves by cancelling the build (seen at 1,000,000 rows in ./rowan bench)
            timer.schedule(() -> {
                try {
                    builder.execute(() -> analyzeNow(t, st));
                } catch (RejectedExecutionException e) {
                    // shutting down: autovacuum will analyze
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: autovacuum will analyze
        }
    }

    private void analyzeNow(TableDef t, AnalyzeState st) {
        synchronized (st) {
            st.scheduled = false; // rows loaded from now on schedule the next run
            st.lastNanos = System.nanoTime();
        }
        try {
            tx.read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("ANALYZE " + sql.from(t));
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("ANALYZE of table {} failed (deleted meanwhile?)", t.id(), e);
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
        timer.shutdownNow();
    }
}
