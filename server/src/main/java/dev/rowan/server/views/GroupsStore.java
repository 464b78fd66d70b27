package dev.rowan.server.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rowan.server.db.Tx;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kept {@code /groups} answers in the database ({@code rowan.kept_groups}, migration V30), so they outlive the server:
 * {@link GroupsCache} loads one on the first read of its question after a start and catches it up from the change
 * log like an answer kept in memory. Written off the request path: {@link #save} queues the newest rows of a question
 * and one background thread writes the queue {@link #DELAY_MS} later (a burst of writes and reads is one row written),
 * never replacing a row with an older version. At most {@link #PER_COMPANY} answers per company (least recently saved
 * go first) of at most {@link #MAX_BYTES} each, plus one table summary per table ({@link TableSummaries}, at most
 * {@link #MAX_SUMMARY_BYTES}).
 *
 * <p>A stored answer is the deepest group rows with the change sequence they describe (read in one snapshot, or
 * caught up to one), so it is exact at that version whatever happened since; whether it can be brought forward is
 * decided by the change log at load time, as for any kept answer. Rows of another {@link #generation} (another stored
 * form, or written before a schema migration that could have changed data) are not used.
 */
final class GroupsStore {
    private static final Logger LOG = LoggerFactory.getLogger(GroupsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stored answers kept per company. */
    static final int PER_COMPANY = 32;
    /** The largest stored answer (its encoded rows); larger answers are not stored. */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    /**
     * The largest stored table summary ({@link TableSummaries}): up to {@link TableSummaries#CELLS} cells of up to six
     * keys each (a select's key is its option id, ~45 bytes encoded) with four figures per number come to ~4-5 MB for
     * a table with a few numbers; there is one per table, and it stands for every grouping of its dimensions.
     */
    static final int MAX_SUMMARY_BYTES = 12 * 1024 * 1024;
    /** How long queued saves wait, so a burst of writes is written once. */
    static final long DELAY_MS = 500;
    /** Answers written to the store. */
    static final AtomicLong SAVED = new AtomicLong();

    /** What a stored answer holds. */
    record Stored(long version, GroupRows rows) {
    }

    /**
     * A stored answer with what it asked: its group and summed-up field ids and its filter (fields by id), from which
     * the question is built again against the table as it is now ({@code hash} says whether it is the same one).
     */
    record Asked(String hash, long version, GroupRows rows, List<UUID> by, List<UUID> numbers,
                 dev.rowan.model.query.@Nullable Filter filter, boolean summary) {
    }

    private record Pending(GroupsQuestion question, long version, GroupRows rows) {
    }

    private final @Nullable Tx tx;
    private final Map<String, Pending> queue = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "rowan-kept-groups");
        t.setDaemon(true);
        return t;
    });

    {
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a stop runs them at once instead
    }
    private boolean scheduled;
    /** Work queued by {@link #later} and not started (a stop runs it at once). */
    private final java.util.Queue<Runnable> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When the queue was last written (System.nanoTime), for the first save after a quiet spell to go at once. */
    private long flushed = System.nanoTime() - DELAY_MS * 2_000_000;
    private volatile @Nullable String generation;

    /** With {@code tx} null nothing is stored (answers are kept in memory only). */
    GroupsStore(@Nullable Tx tx) {
        this.tx = tx;
    }

    /** Runs {@code work} on the background thread after {@link #DELAY_MS} (with its own connection, as it needs). */
    void later(Runnable work) {
        later(work, DELAY_MS);
    }

    /** Whether the background thread is stopping (work queued now runs at once, on the caller's thread). */
    boolean closing() {
        return worker.isShutdown();
    }

    /** Runs {@code work} on the background thread after {@code delayMs}. */
    void later(Runnable work, long delayMs) {
        if (tx == null || worker.isTerminated()) return;
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Background work on kept group answers failed", e);
            }
        };
        waiting.add(guarded);
        try {
            worker.schedule(() -> {
                if (waiting.remove(guarded)) guarded.run();
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (waiting.remove(guarded)) guarded.run(); // closing: work queued by queued work runs at once
        }
    }

    /**
     * Runs what is queued (each after its delay, a save queued by a queued catch-up at once) and stops the
     * background thread; called before the database closes, so a restart finds what was kept.
     */
    void close() {
        worker.shutdown();
        // not waiting for their delays (the database closes next): queued catch-ups, then the queued saves
        for (Runnable work = waiting.poll(); work != null; work = waiting.poll()) work.run();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("Kept group answers were not all stored");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** The background thread's database access (null when nothing is stored). */
    @Nullable Tx tx() {
        return tx;
    }

    /** Queues {@code rows} at {@code version} to be stored as the answer of {@code q} (a newer queued one wins). */
    void save(GroupsQuestion q, long version, GroupRows rows) {
        if (tx == null || !q.storable() || rows.hasExact()) return;
        String key = q.company() + "/" + q.hash();
        long waited;
        synchronized (queue) {
            Pending p = queue.get(key);
            if (p == null || p.version() < version) queue.put(key, new Pending(q, version, rows));
            if (scheduled) return;
            scheduled = true;
            // the first save after a quiet spell goes at once (a full read is stored within milliseconds), later
            // ones wait for the rest of the spell and go together
            waited = (System.nanoTime() - flushed) / 1_000_000;
        }
        later(this::flush, Math.max(0, DELAY_MS - waited));
    }

    /** Writes every queued answer. */
    private void flush() {
        List<Pending> all;
        synchronized (queue) {
            all = new ArrayList<>(queue.values());
            queue.clear();
            scheduled = false;
            flushed = System.nanoTime();
        }
        if (all.isEmpty() || tx == null) return;
        for (Pending p : all) {
            try {
                tx.inTransaction(c -> {
                    write(c, p);
                    return null;
                });
            } catch (RuntimeException e) { // e.g. its table deleted meanwhile: the others are still written
                LOG.info("A kept group answer was not stored: {}", e.getMessage());
            }
        }
    }

    private void write(Connection c, Pending p) throws SQLException {
        byte[] bytes = encode(p.rows());
        if (bytes == null || bytes.length > (p.question().summary() ? MAX_SUMMARY_BYTES : MAX_BYTES)) return;
        UUID company = p.question().company();
        if (p.question().summary()) { // one summary per table: one of an older definition goes
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.kept_groups WHERE company_id = ? "
                    + "AND table_id = ? AND question <> ? AND asked LIKE ?")) {
                ps.setObject(1, company);
                ps.setObject(2, p.question().table());
                ps.setString(3, p.question().hash());
                ps.setString(4, SUMMARY_PREFIX + "%");
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.kept_groups (company_id, question, table_id, "
                + "generation, asked, version, answer) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, question) "
                + "DO UPDATE SET table_id = EXCLUDED.table_id, generation = EXCLUDED.generation, asked = EXCLUDED.asked, "
                + "version = EXCLUDED.version, answer = EXCLUDED.answer, saved_at = now() "
                + "WHERE kept_groups.generation <> EXCLUDED.generation OR kept_groups.version < EXCLUDED.version")) {
            ps.setObject(1, company);
            ps.setString(2, p.question().hash());
            ps.setObject(3, p.question().table());
            ps.setString(4, generation(c));
            ps.setString(5, asked(p.question()));
            ps.setLong(6, p.version());
            ps.setBytes(7, bytes);
            ps.executeUpdate();
        }
        // table summaries are not counted (one per table, replaced above, gone with the table): the answers rolled up
        // from one must not push it out
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.kept_groups WHERE company_id = ? "
                + "AND asked NOT LIKE ? AND question NOT IN (SELECT question FROM rowan.kept_groups WHERE company_id = ? "
                + "AND asked NOT LIKE ? ORDER BY saved_at DESC LIMIT ?)")) {
            ps.setObject(1, company);
            ps.setString(2, SUMMARY_PREFIX + "%");
            ps.setObject(3, company);
            ps.setString(4, SUMMARY_PREFIX + "%");
            ps.setInt(5, PER_COMPANY);
            ps.executeUpdate();
        }
        SAVED.incrementAndGet();
    }

    /** The stored answer of {@code q} of this generation, if any (read on the caller's connection). */
    Optional<Stored> load(Connection c, GroupsQuestion q) throws SQLException {
        if (tx == null || !q.storable()) return Optional.empty();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, answer FROM rowan.kept_groups "
                + "WHERE company_id = ? AND question = ? AND generation = ?")) {
            ps.setObject(1, q.company());
            ps.setString(2, q.hash());
            ps.setString(3, generation(c));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                long version = rs.getLong(1);
                GroupRows rows = decode(rs.getBytes(2), q.numbers().size());
                return rows == null ? Optional.empty() : Optional.of(new Stored(version, rows));
            }
        }
    }

    /**
     * The stored answers of {@code company}'s table {@code table} of this generation with what they asked (read on the
     * caller's connection, inside a writer's transaction: a plain select by the primary key's company).
     */
    List<Asked> ofTable(Connection c, UUID company, UUID table) throws SQLException {
        return ofTable(c, company, table, false);
    }

    /** The stored table summaries of {@code company}'s table {@code table} (one, or none), as {@link #ofTable}. */
    List<Asked> summaries(Connection c, UUID company, UUID table) throws SQLException {
        return ofTable(c, company, table, true);
    }

    private List<Asked> ofTable(Connection c, UUID company, UUID table, boolean summaries) throws SQLException {
        List<Asked> out = new ArrayList<>();
        if (tx == null) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT question, version, answer, asked FROM rowan.kept_groups "
                + "WHERE company_id = ? AND table_id = ? AND generation = ?" + (summaries ? " AND asked LIKE ?" : ""))) {
            ps.setObject(1, company);
            ps.setObject(2, table);
            ps.setString(3, generation(c));
            if (summaries) ps.setString(4, SUMMARY_PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        JsonNode asked = JSON.readTree(rs.getString(4));
                        List<UUID> by = ids(asked.get("by"));
                        List<UUID> numbers = ids(asked.get("numbers"));
                        JsonNode f = asked.get("filter");
                        var filter = f == null || f.isNull() ? null : dev.rowan.model.query.QueryParser.parseFilter(
                                dev.rowan.model.json.JsonText.parse(f.toString()));
                        GroupRows rows = decode(rs.getBytes(3), numbers.size());
                        JsonNode summary = asked.get("summary");
                        if (rows != null) out.add(new Asked(rs.getString(1), rs.getLong(2), rows, by, numbers, filter,
                                summary != null && summary.asBoolean()));
                    } catch (IOException | RuntimeException e) { // not this form: not loaded, the read is full
                        LOG.info("A stored group answer's question could not be read: {}", e.toString());
                    }
                }
            }
        }
        return out;
    }

    private static List<UUID> ids(JsonNode list) {
        List<UUID> out = new ArrayList<>();
        for (JsonNode n : list) out.add(UUID.fromString(n.asText()));
        return out;
    }

    /** How the stored question of a table summary begins (found by it without reading the others). */
    private static final String SUMMARY_PREFIX = "{\"summary\":true,";

    /**
     * {@code {"by": [ids], "numbers": [ids], "filter": the filter as the API writes it, fields by id}}, a table
     * summary's with {@code "summary": true} first.
     */
    private static String asked(GroupsQuestion q) {
        var root = NODES.objectNode();
        if (q.summary()) root.put("summary", true);
        ArrayNode by = root.putArray("by");
        q.by().forEach(r -> by.add(r.id().toString()));
        ArrayNode numbers = root.putArray("numbers");
        q.numbers().forEach(r -> numbers.add(r.id().toString()));
        root.set("filter", JSON.valueToTree(filterTree(q.filter())));
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A filter in the API's JSON form (what {@code QueryParser.parseFilter} reads). */
    private static @Nullable Object filterTree(dev.rowan.model.query.@Nullable Filter f) {
        return switch (f) {
            case null -> null;
            case dev.rowan.model.query.Filter.Group g -> {
                List<Object> conditions = new ArrayList<>();
                for (var c : g.conditions()) conditions.add(filterTree(c));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("operator", g.logic() == dev.rowan.model.query.Filter.Logic.OR ? "or" : "and");
                m.put("conditions", conditions);
                yield m;
            }
            case dev.rowan.model.query.Filter.Condition c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("field", c.field());
                m.put("operator", c.operator().api());
                if (c.operator().takesValue()) m.put("value", c.value());
                yield m;
            }
        };
    }

    /**
     * The stored form and the newest schema migration applied: a migration may rewrite record data without the
     * change log, so answers stored before it are not used after it.
     */
    private String generation(Connection c) throws SQLException {
        String g = generation;
        if (g != null) return g;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max(installed_rank) FROM rowan.flyway_schema_history WHERE success");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            g = "rows-1/migration-" + rs.getLong(1);
        }
        generation = g;
        return g;
    }

    // ------------------------------------------------------------------------------------------- stored form

    /**
     * {@code {"numbers": n, "rows": [[key, count, valueCounts, sums, mins, maxes], …]}}: each key value tagged with
     * its Java type (text, decimal, boolean, date, instant, text list), decimals as their exact text, so decoding
     * gives back equal keys and figures of the same scale. Null when a key holds a value of another type (not stored).
     */
    static byte @Nullable [] encode(GroupRows rows) {
        ArrayNode all = NODES.arrayNode();
        boolean[] ok = {true};
        rows.forEach((key, row) -> {
            ArrayNode r = all.addArray();
            ArrayNode k = r.addArray();
            for (Object v : key) {
                JsonNode tagged = tag(v);
                if (tagged == null) ok[0] = false;
                k.add(tagged);
            }
            r.add(row.count);
            ArrayNode counts = r.addArray();
            for (long n : row.valueCounts) counts.add(n);
            for (BigDecimal[] figures : List.of(row.sum, row.min, row.max)) {
                ArrayNode a = r.addArray();
                for (BigDecimal d : figures) a.add(d == null ? null : d.toString());
            }
        });
        if (!ok[0]) return null;
        var root = NODES.objectNode();
        root.put("numbers", rows.numbers);
        root.set("rows", all);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable JsonNode tag(@Nullable Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case String s -> NODES.arrayNode().add("s").add(s);
            case BigDecimal d -> NODES.arrayNode().add("n").add(d.toString());
            case Boolean b -> NODES.arrayNode().add("b").add(b);
            case LocalDate d -> NODES.arrayNode().add("d").add(d.toString());
            case OffsetDateTime t -> NODES.arrayNode().add("t").add(t.toString());
            case List<?> list -> {
                ArrayNode a = NODES.arrayNode().add("a");
                ArrayNode items = a.addArray();
                for (Object o : list) {
                    if (!(o instanceof String s)) yield null;
                    items.add(s);
                }
                yield a;
            }
            default -> null;
        };
    }

    private static @Nullable Object untag(JsonNode n) {
        if (n.isNull()) return null;
        String value = n.get(1).isTextual() ? n.get(1).asText() : null;
        return switch (n.get(0).asText()) {
            case "s" -> value;
            case "n" -> new BigDecimal(value);
            case "b" -> n.get(1).asBoolean();
            case "d" -> LocalDate.parse(value);
            case "t" -> OffsetDateTime.parse(value);
            case "a" -> {
                List<String> items = new ArrayList<>();
                for (JsonNode i : n.get(1)) items.add(i.asText());
                yield List.copyOf(items);
            }
            default -> throw new IllegalArgumentException("unknown tag " + n.get(0));
        };
    }

    /** The rows {@link #encode} wrote, or null when they do not fit {@code numbers} summed-up fields. */
    static @Nullable GroupRows decode(byte[] bytes, int numbers) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root.get("numbers").asInt() != numbers) return null;
            GroupRows out = new GroupRows(numbers);
            for (JsonNode r : root.get("rows")) {
                Object[] key = new Object[r.get(0).size()];
                for (int i = 0; i < key.length; i++) key[i] = untag(r.get(0).get(i));
                GroupRows.Row row = new GroupRows.Row(numbers);
                row.count = r.get(1).asLong();
                for (int k = 0; k < numbers; k++) {
                    row.valueCounts[k] = r.get(2).get(k).asLong();
                    row.sum[k] = decimal(r.get(3).get(k));
                    row.min[k] = decimal(r.get(4).get(k));
                    row.max[k] = decimal(r.get(5).get(k));
                }
                out.put(GroupRows.key(key), row);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warn("A stored group answer could not be read; reading in full: {}", e.toString());
            return null;
        }
    }

    private static @Nullable BigDecimal decimal(JsonNode n) {
        return n.isNull() ? null : new BigDecimal(n.asText());
    }
}
