package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.IndexShape;
import dev.rowan.model.sql.SqlDialect;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Indexes nobody declares, in the workspace (issue 14; the server's {@code indexes.AutoIndexes} is the twin). Every
 * page and count the views read reports its query shape; the second time a shape is read, the index that serves it
 * ({@link IndexShape}: equality columns, then the sort keys, then id — the same choice as the server's, without
 * trigram, which H2 has not) is built on a thread of its own, within {@link #PER_TABLE} automatic indexes a table.
 * A build holds the workspace's lock like any write (H2 cannot build concurrently): writes queued meanwhile wait,
 * none is lost. Automatic indexes are named {@code ax_…} from ids and live as long as the table; a field's manual
 * "indexed" flag stays the way to ask for one up front.
 */
public final class LocalIndexes implements AutoCloseable {
    /** Sightings of a shape before its index is built. */
    public static final int SIGHTINGS = 2;
    /** Automatic indexes a table may have. */
    public static final int PER_TABLE = 6;
    private static final Logger LOG = Logger.getLogger(LocalIndexes.class.getName());
    private static final int MAX_SHAPES = 10_000;

    private final Workspace ws;
    private final Ddl ddl = new Ddl(SqlDialect.H2);
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rowan-local-indexes");
        t.setDaemon(true);
        return t;
    });

    LocalIndexes(Workspace ws) {
        this.ws = ws;
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
            if (queued.contains(name)) continue;
            if (seen.size() >= MAX_SHAPES) seen.clear();
            if (seen.merge(name, 1, Integer::sum) >= SIGHTINGS && queued.add(name)) {
                try {
                    builder.execute(() -> build(t, shape, name));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
    }

    private void build(TableDef t, IndexShape shape, String name) {
        try {
            ws.write(c -> {
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

    /** The automatic indexes {@code t} has now. */
    public List<String> automatic(TableDef t) {
        return ws.read(c -> automatic(c, t));
    }

    private static List<String> automatic(Connection c, TableDef t) throws SQLException {
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
        try {
            builder.submit(() -> { }).get(60, TimeUnit.SECONDS);
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
