package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.IndexShape;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.view.ViewConfig;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Indexes nobody declares, in the workspace (issue 14; the server's {@code indexes.AutoIndexes} is the twin). Every
 * page and count the views read reports its query shape; the second time a shape is read, the index that serves it
 * ({@link IndexShape}: equality columns, then the sort keys, then id — the same choice as the server's, without
 * trigram, which H2 has not) is built on a thread of its own, within {@link #PER_TABLE} automatic indexes a table.
 * A build holds the workspace's lock like any write (H2 cannot build concurrently): writes queued meanwhile wait,
 * none is lost. Automatic indexes are named {@code ax_…} from ids. A saved view's shapes (its filter, its groups and
 * sorts) are built when the view is saved or opened, without waiting for sightings ({@link #prepare}). An automatic
 * index whose shape has not been read for {@link #UNUSED} is dropped by the {@link #sweep} (an hour apart, the
 * first ten minutes after the workspace opens); when each was last read is kept in the workspace's settings
 * ({@code index.used.<name>}), written by the sweep, not by every read. A field's manual "indexed" flag stays the
 * way to ask for an index up front and for good.
 */
public final class LocalIndexes implements AutoCloseable {
    /** Sightings of a shape before its index is built. */
    public static final int SIGHTINGS = 2;
    /** Automatic indexes a table may have. */
    public static final int PER_TABLE = 6;
    /** An automatic index not read this long is dropped (it comes back if its shape is read again). */
    public static final Duration UNUSED = Duration.ofDays(14);
    private static final String USED = "index.used.";
    private static final Logger LOG = Logger.getLogger(LocalIndexes.class.getName());
    private static final int MAX_SHAPES = 10_000;

    private final Workspace ws;
    private final Ddl ddl = new Ddl(SqlDialect.H2);
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** When each shape was last read in this session; the sweep moves these into the settings. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final ScheduledExecutorService builder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rowan-local-indexes");
        t.setDaemon(true);
        return t;
    });

    LocalIndexes(Workspace ws) {
        this.ws = ws;
        builder.scheduleWithFixedDelay(() -> {
            try {
                sweep(Instant.now());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "automatic index sweep", e);
            }
        }, 10, 60, TimeUnit.MINUTES);
    }

    /**
     * A view is saved or opened: the indexes its reads need are built now, within the budget, instead of after
     * its shapes have been read a few times: the shape of the reads the view's kind makes ({@link
     * ViewConfig#readShape}).
     */
    public void prepare(TableDef t, ViewConfig config) {
        dev.rowan.model.view.RecordQuery read = config.readShape(t);
        List<IndexShape> shapes;
        try {
            shapes = IndexShape.forQuery(t, read.filter(), read.sorts(), false);
        } catch (RuntimeException e) {
            return; // a view that no longer fits its table reads nothing useful to index
        }
        for (IndexShape shape : shapes) {
            String name = shape.indexName(t);
            used.put(name, Instant.now());
            if (queued.add(name)) schedule(t, shape, name);
        }
    }

    private void schedule(TableDef t, IndexShape shape, String name) {
        try {
            builder.execute(() -> build(t, shape, name));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.remove(name); // closing
        }
    }

    /** A page or count of {@code t} was read with this filter and these sorts. */
    public void seen(TableDef t, @Nullable Filter filter, List<Sort> sorts) {
        List<IndexShape> shapes;
        try {
            shapes = IndexShape.forQuery(t, filter, sorts, false);
        } catch (RuntimeException e) {
            return; // the query itself reports what is wrong with it
        }
        for (IndexShape shape : shapes) {
            String name = shape.indexName(t);
            used.put(name, Instant.now());
            if (queued.contains(name)) continue;
            if (seen.size() >= MAX_SHAPES) seen.clear();
            if (seen.merge(name, 1, Integer::sum) >= SIGHTINGS && queued.add(name)) schedule(t, shape, name);
        }
    }

    /**
     * How long the workspace must have been quiet before an index is built, in milliseconds: a build holds the
     * workspace (at 1,000,000 rows for seconds), so it waits until nothing has read or written for this long instead
     * of making the page a person just asked for (a new grouping's first rows) wait behind it. Tests set 0
     * ({@code rowan.indexes.quietMs}); found using the app on a 1,000,000-row table.
     */
    long quietMs = Long.getLong("rowan.indexes.quietMs", 1_500);
    /** Builds queued or waiting for a quiet moment ({@link #awaitBuilds}). */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    private void build(TableDef t, IndexShape shape, String name) {
        long quiet = ws.quietMillis();
        if (quiet < quietMs) {
            try {
                pending.incrementAndGet();
                builder.schedule(() -> {
                    pending.decrementAndGet();
                    build(t, shape, name);
                }, quietMs - quiet + 20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.decrementAndGet();
                queued.remove(name); // closing
            }
            return;
        }
        try {
            // an index changes no answer: kept grouped results and table summaries survive it (Workspace.writeNoData)
            ws.writeNoData(c -> {
                List<String> have = automatic(c, t);
                if (have.contains(name) || have.size() >= PER_TABLE) return null;
                try (Statement s = c.createStatement()) {
                    s.execute(ddl.createIndex(t, shape));
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the table was deleted or changed meanwhile: the next sighting of a shape of the new table decides again
            queued.remove(name);
            seen.remove(name);
            LOG.log(Level.FINE, "automatic index " + name, e);
        }
    }

    /**
     * Drops the automatic indexes that hold {@code f}'s column, inside the caller's write: H2 refuses to drop or swap
     * a column a multi-column index holds (PostgreSQL drops such indexes itself). They come back when their query
     * shapes are read again.
     */
    public void dropFor(Connection c, TableDef t, FieldDef f) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT index_name FROM information_schema.index_columns "
                + "WHERE table_schema = ? AND table_name = ? AND column_name = ? "
                + "AND index_name LIKE 'ax\\_%' ESCAPE '\\'")) {
            ps.setString(1, t.schemaName().isEmpty() ? "public" : t.schemaName());
            ps.setString(2, t.physicalName());
            ps.setString(3, f.columnName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP INDEX IF EXISTS " + SqlDialect.H2.quote(PhysicalNames.checked(name)));
                queued.remove(name);
                seen.remove(name);
            }
        }
    }

    /**
     * Drops the automatic indexes not read for {@link #UNUSED} before {@code now} and stores when the others were
     * last read. An index met for the first time (built by an older version, or its setting lost) starts its clock
     * now. Returns the names dropped.
     */
    public List<String> sweep(Instant now) {
        return ws.write(c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT index_name FROM information_schema.indexes "
                    + "WHERE index_name LIKE 'ax\\_%' ESCAPE '\\'")) {
                while (rs.next()) names.add(rs.getString(1));
            }
            List<String> dropped = new ArrayList<>();
            for (String name : names) {
                Instant stored = Workspace.setting(c, USED + name).flatMap(LocalIndexes::instant).orElse(null);
                Instant read = used.remove(name);
                Instant last = stored == null || (read != null && read.isAfter(stored)) ? read : stored;
                if (last == null) {
                    Workspace.putSetting(c, USED + name, now.toString());
                } else if (last.plus(UNUSED).isBefore(now)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP INDEX IF EXISTS " + SqlDialect.H2.quote(PhysicalNames.checked(name)));
                    }
                    forget(c, name);
                    dropped.add(name);
                } else if (!last.equals(stored)) {
                    Workspace.putSetting(c, USED + name, last.toString());
                }
            }
            // the settings of indexes that went with their table or column
            List<String> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rowan.settings WHERE name LIKE ?")) {
                ps.setString(1, USED + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1).substring(USED.length());
                        if (!names.contains(name)) stale.add(name);
                    }
                }
            }
            for (String name : stale) forget(c, name);
            return dropped;
        });
    }

    private void forget(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.settings WHERE name = ?")) {
            ps.setString(1, USED + name);
            ps.executeUpdate();
        }
        queued.remove(name);
        seen.remove(name);
    }

    private static java.util.Optional<Instant> instant(String s) {
        try {
            return java.util.Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** The automatic indexes {@code t} has now. */
    public List<String> automatic(TableDef t) {
        return ws.read(c -> automatic(c, t));
    }

    static List<String> automatic(Connection c, TableDef t) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT index_name FROM information_schema.indexes "
                + "WHERE table_schema = ? AND table_name = ? AND index_name LIKE 'ax\\_%' ESCAPE '\\' "
                + "ORDER BY index_name")) {
            // the workspace's tables live in its default schema
            ps.setString(1, t.schemaName().isEmpty() ? "public" : t.schemaName());
            ps.setString(2, t.physicalName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Waits for the builds queued so far (tests, benchmarks). */
    public void awaitBuilds() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            do {
                builder.submit(() -> { }).get(60, TimeUnit.SECONDS);
                if (pending.get() > 0) Thread.sleep(20);
            } while (pending.get() > 0 && System.nanoTime() < until);
        } catch (Exception e) {
            throw new IllegalStateException("automatic index builds did not finish", e);
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
        try {
            builder.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
