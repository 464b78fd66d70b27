package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One H2 file database holding a workspace. All access goes through {@link #read} and {@link #write}, which run on
 * one connection under a lock; a write commits its data and its outbox rows together or not at all.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Workspace.class.getName());
    public static final String URL_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final Path folder;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** When the workspace was last entered or left ({@link System#nanoTime}): see {@link #quietMillis}. */
    private volatile long lastUse = System.nanoTime();
    private final LocalIndexes indexes = new LocalIndexes(this);
    private final UUID workspaceId;
    /** Which stored rollups' side tables are fresh (H2 triggers report every change; see {@link RollupDirt}). */
    private final RollupDirt rollups;
    private final String database;
    private int depth;
    /** Writes begun ({@link #writes}); changed under the lock only. */
    private volatile long writes;
    private final java.util.List<Runnable> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Results derived from the data ({@link #readDerived}); guarded by {@link #lock}, emptied by every write. */
    private final java.util.Map<Object, Object> derived = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Object, Object> eldest) {
            return size() > DERIVED_KEPT;
        }
    };
    /** Derived results kept at most (the least recently read go first). */
    static final int DERIVED_KEPT = 32;
    /**
     * H2's page cache: a sixteenth of the heap (64 MB at the app's 1 GB), between these bounds; the system property
     * {@code rowan.workspace.cacheMb} overrides it. It was a quarter of the heap (256 MB): a scroll-bar jump (an
     * OFFSET read) walks the whole {@code (created_at, id)} index, and the cache then kept every key of a
     * 1,000,000-row table as objects (~1 M {@code Sparse} rows, ~130 MB of heap), RSS 480-500 MB with the table open
     * against 340 MB now (desktop {@code bench.Benchmark}). Grouped reads no longer need a big cache: their results
     * are kept and followed by edits ({@link GroupSummaries}), so a table is scanned once, not on every read.
     */
    static final long CACHE_MIN_KB = 16 * 1024;
    static final long CACHE_MAX_KB = 256 * 1024;

    /** The page cache in KB for a heap of {@code maxHeapBytes}, or {@code overrideMb} when given. */
    static long cacheKb(long maxHeapBytes, @Nullable String overrideMb) {
        if (overrideMb != null) {
            try {
                return Math.clamp(Long.parseLong(overrideMb.trim()) * 1024, 1024, 4L * 1024 * 1024);
            } catch (NumberFormatException e) {
                LOG.warning("rowan.workspace.cacheMb is not a number of megabytes: " + overrideMb);
            }
        }
        return Math.clamp(maxHeapBytes / 16 / 1024, CACHE_MIN_KB, CACHE_MAX_KB);
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A kept result ({@link #readMaintained}) that a write of known records brings up to date instead of dropping
     * it: told which records of a table are about to change and which have changed, inside the write, it takes
     * their old part out and puts their new part in. Answering false drops it (the next read computes it again).
     * A write that rolls back drops every kept result, so a half-applied change never survives.
     */
    public interface Maintained<T> {
        /** The result as it stands (immutable; asked under the workspace's lock). */
        T value();

        /** Before records of {@code table} change (or are deleted): their part is taken out. */
        boolean removing(Connection c, UUID table, java.util.Collection<UUID> ids) throws SQLException;

        /** After records of {@code table} changed (or were inserted): their part is put in. */
        boolean adding(Connection c, UUID table, java.util.Collection<UUID> ids) throws SQLException;
    }

    /** Records changed in one write at most for a kept result to be updated by them rather than read again. */
    static final int MAX_MAINTAINED_CHANGE = 1_000;
    /** Whether the write under way is a record write ({@link #writeRecords}) whose kept results may survive it. */
    private boolean keeping;
    /** Whether the write under way changes settings only ({@link #writeSetting}): every kept result survives it. */
    private boolean settingOnly;
    /** Whether the write under way changes no data ({@link #writeNoData}): maintained results survive it. */
    private boolean viewsOnly;

    private Workspace(Path folder, Connection connection) throws SQLException {
        this.folder = folder;
        this.connection = connection;
        this.workspaceId = loadOrCreateId(connection);
        this.database = RollupTrigger.database(connection);
        this.rollups = RollupDirt.open(database); // nothing known at open: every stored rollup is refreshed whole
        derived.putAll(SavedResults.load(connection)); // what the last close kept (SavedResults)
    }

    /** The stored rollups' freshness; used under this workspace's lock ({@link #read}). */
    RollupDirt rollups() {
        return rollups;
    }

    /** The automatic indexes of this workspace's tables: every read of records reports its query shape here. */
    public LocalIndexes indexes() {
        return indexes;
    }

    /** What a second window on a workspace that is open already says (H2 allows one process per file). */
    static final String IN_USE = "The workspace in %s is open in another Rowan window. Use that window, or close it"
            + " and start Rowan again (ROWAN_WORKSPACE chooses another workspace folder).";

    public static Workspace open(Path folder) {
        Connection c = null;
        try {
            Files.createDirectories(folder);
            String url = url(folder);
            c = DriverManager.getConnection(url, "rowan", "");
            // after our connection is open, so the database stays open while Flyway uses its own connections
            WorkspaceMigrations.bringUpToDate(c, url, "rowan", "");
            long cacheKb = cacheKb(Runtime.getRuntime().maxMemory(), System.getProperty("rowan.workspace.cacheMb"));
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET CACHE_SIZE " + cacheKb); // a number computed here, no input
            }
            return new Workspace(folder, c);
        } catch (IOException | SQLException e) {
            closeQuietly(c);
            if (e instanceof SQLException s && s.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                LOG.log(Level.WARNING, "Workspace in use: " + folder, e);
                throw RowanException.internal(dev.rowan.model.error.Internal.Reason.WORKSPACE, IN_USE.formatted(folder));
            }
            LOG.log(Level.SEVERE, "Cannot open workspace in " + folder, e);
            throw RowanException.internal(dev.rowan.model.error.Internal.Reason.WORKSPACE, "Cannot open the workspace in " + folder
                    + ". Is another Rowan window using it? (" + e.getMessage() + ")");
        } catch (FlywayException e) {
            closeQuietly(c);
            LOG.log(Level.SEVERE, "Cannot upgrade workspace in " + folder, e);
            throw RowanException.internal(dev.rowan.model.error.Internal.Reason.WORKSPACE, "The workspace in " + folder
                    + " could not be brought up to this version of Rowan; the log has the details.");
        }
    }

    private void enter() {
        lock.lock();
        lastUse = System.nanoTime();
    }

    private void leave() {
        lastUse = System.nanoTime();
        lock.unlock();
    }

    /**
     * How long nothing has read or written the workspace, in milliseconds (0 while something does): long work that
     * holds it (an automatic index build) waits for a quiet moment, so a page a person asked for does not wait
     * behind it.
     */
    long quietMillis() {
        return lock.isLocked() ? 0 : (System.nanoTime() - lastUse) / 1_000_000;
    }

    /** The H2 file is {@code workspace.mv.db} in the folder. */
    static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("workspace").toAbsolutePath() + URL_OPTIONS;
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "close", e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The id this workspace uses as "company" part of physical table names and as sync client id. */
    public UUID id() {
        return workspaceId;
    }

    public <T> T read(SqlWork<T> work) {
        enter();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            leave();
        }
    }

    /**
     * A read whose result is kept (under {@code key}, which must hold everything the result depends on besides the
     * data: the table definition, the filter, ...) until the next write of this workspace, so reading the same thing
     * again without a change in between costs nothing. Writes and reads take the same lock, so a result is never
     * kept from data a write has changed meanwhile. The result must be immutable: every caller gets the same object.
     */
    @SuppressWarnings("unchecked")
    public <T> T readDerived(Object key, SqlWork<T> work) {
        enter();
        try {
            Object kept = derived.get(key);
            if (kept != null) return (T) kept;
            T result = work.run(connection);
            if (depth == 0) derived.put(key, result); // not inside a write: its changes may still be rolled back
            return result;
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            leave();
        }
    }

    /**
     * Like {@link #readDerived}, for a result that record writes keep up to date ({@link Maintained}): a record
     * write ({@link #writeRecords}) updates it in place instead of dropping it.
     */
    public <T> T readMaintained(Object key, SqlWork<Maintained<T>> work) {
        return readMaintained(key, work, null);
    }

    /**
     * Like {@link #readMaintained(Object, SqlWork)}, and a result kept when the workspace last closed is taken
     * instead of reading it again when nothing was written since the open ({@link SavedResults}): the key must then
     * be {@link SavedResults.Fingerprinted} and the result {@link SavedResults.Savable}; {@code restore} makes it
     * back from its text.
     */
    @SuppressWarnings("unchecked")
    <T> T readMaintained(Object key, SqlWork<Maintained<T>> work, SavedResults.@Nullable Restore<T> restore) {
        enter();
        try {
            Object kept = derived.get(key);
            if (kept instanceof Maintained<?> m) return (T) m.value();
            if (restore != null && depth == 0 && key instanceof SavedResults.Fingerprinted f
                    && derived.remove(SavedResults.keyOf(f)) instanceof SavedResults.Saved s) {
                Maintained<T> back = restore.from(s.payload());
                if (back != null) {
                    derived.put(key, back);
                    return back.value();
                }
            }
            Maintained<T> result = work.run(connection);
            if (depth == 0) derived.put(key, result);
            return result.value();
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            leave();
        }
    }

    /**
     * The kept result under {@code key} itself (not its value), or one saved at the last close made back by
     * {@code restore} when nothing was written since the open; empty when neither. Nothing is read. Used by
     * {@link TableSummary}, whose parts are kept results it rolls up from.
     */
    @SuppressWarnings("unchecked")
    <T> Optional<Maintained<T>> kept(Object key, SavedResults.@Nullable Restore<T> restore) {
        enter();
        try {
            Object kept = derived.get(key);
            if (kept instanceof Maintained<?> m && !(m instanceof SavedResults.Saved)) return Optional.of((Maintained<T>) m);
            if (restore != null && depth == 0 && key instanceof SavedResults.Fingerprinted f
                    && derived.remove(SavedResults.keyOf(f)) instanceof SavedResults.Saved s) {
                Maintained<T> back = restore.from(s.payload());
                if (back != null) {
                    derived.put(key, back);
                    return Optional.of(back);
                }
            }
            return Optional.empty();
        } finally {
            leave();
        }
    }

    /** Keeps {@code result} under {@code key} as {@link #readMaintained} would have (not inside a write). */
    void keep(Object key, Maintained<?> result) {
        enter();
        try {
            if (depth == 0) derived.put(key, result);
        } finally {
            leave();
        }
    }

    /**
     * Writes begun so far (committed or not): a result read outside the lock (on another connection) is current
     * when this has not moved between the start of its read and its keeping under the lock.
     */
    long writes() {
        return writes;
    }

    /**
     * A second connection to this workspace's database, for a long read that must not hold the lock
     * ({@link TableSummary}'s build); the caller closes it.
     */
    Connection readerConnection() throws SQLException {
        return DriverManager.getConnection(url(folder), "rowan", "");
    }

    /**
     * The value of a result kept by {@link #readMaintained} whose key {@code matches}, if one is kept (current: kept
     * results are brought up to date by every write or dropped); the most recently used first. Nothing is read.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> keptMaintained(java.util.function.Predicate<Object> matches) {
        enter();
        try {
            java.util.List<java.util.Map.Entry<Object, Object>> kept = new java.util.ArrayList<>(derived.entrySet());
            for (int i = kept.size() - 1; i >= 0; i--) { // access order: the most recently used last
                if (kept.get(i).getValue() instanceof Maintained<?> m && !(m instanceof SavedResults.Saved)
                        && matches.test(kept.get(i).getKey())) {
                    return Optional.of((T) m.value());
                }
            }
            return Optional.empty();
        } finally {
            leave();
        }
    }

    /**
     * A write that changes records only, each change announced with {@link #changing} before and {@link #changed}
     * after it: the kept results that can follow such changes ({@link Maintained}) survive it, updated; every
     * other kept result is dropped as by {@link #write}. Nested in another write it is part of that one (which
     * drops everything at its end).
     */
    public <T> T writeRecords(SqlWork<T> work) {
        return writeKeeping(true, work);
    }

    /**
     * A write that changes neither records nor table definitions (a view's settings, an automatic index): the results
     * kept by {@link #readMaintained} survive it (they depend on those two only: grouping a view keeps the table's
     * summary, {@link TableSummary}); every other derived result is dropped as by {@link #write}.
     */
    <T> T writeNoData(SqlWork<T> work) {
        enter();
        try {
            boolean top = depth == 0;
            if (top) viewsOnly = true;
            try {
                return write(work);
            } finally {
                if (top) viewsOnly = false;
            }
        } finally {
            leave();
        }
    }

    /** A write of settings only: kept results survive it (switching views remembers the view shown). */
    private <T> T writeSetting(SqlWork<T> work) {
        return writeKeeping(false, work);
    }

    /** {@link #write} whose kept results survive: updated by announced record changes, or all (settings only). */
    private <T> T writeKeeping(boolean records, SqlWork<T> work) {
        enter();
        try {
            boolean top = depth == 0;
            if (top) {
                keeping = records;
                settingOnly = !records;
            }
            try {
                return write(work);
            } finally {
                if (top) {
                    keeping = false;
                    settingOnly = false;
                }
            }
        } finally {
            leave();
        }
    }

    /** Inside a write: records of {@code table} are about to change or go; kept results take their part out. */
    public void changing(Connection c, UUID table, java.util.Collection<UUID> ids) throws SQLException {
        maintain(c, table, ids, true);
    }

    /**
     * Inside a write: records of {@code table} changed or were added; kept results put their part in. Every record
     * write ends with it (a deletion with no ids), so kept results settle what the write changed.
     */
    public void changed(Connection c, UUID table, java.util.Collection<UUID> ids) throws SQLException {
        maintain(c, table, ids, false);
    }

    private void maintain(Connection c, UUID table, java.util.Collection<UUID> ids, boolean before) throws SQLException {
        var it = derived.entrySet().iterator();
        while (it.hasNext()) {
            Object v = it.next().getValue();
            boolean keep = v instanceof Maintained<?> m && ids.size() <= MAX_MAINTAINED_CHANGE
                    && (before ? m.removing(c, table, ids) : m.adding(c, table, ids));
            if (!keep) it.remove();
        }
    }

    /** Runs {@code work} in one transaction; DDL inside commits implicitly in H2, so callers order DDL first. */
    public <T> T write(SqlWork<T> work) {
        enter();
        if (depth > 0) {
            // nested write: part of the caller's transaction
            depth++;
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw translate(e);
            } finally {
                depth--;
                leave();
            }
        }
        boolean committed = false;
        writes++;
        try {
            connection.setAutoCommit(false);
            depth = 1;
            try {
                T result = work.run(connection);
                connection.commit();
                committed = true;
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                depth = 0;
                // committed or not (DDL commits by itself in H2), what was derived may be stale; a committed record
                // write kept its maintained results up to date (and dropped the others)
                if (committed && viewsOnly) {
                    derived.values().removeIf(v -> !(v instanceof Maintained<?>));
                } else if (!committed || !(keeping || settingOnly)) {
                    derived.clear();
                }
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            leave();
            if (committed) commitListeners.forEach(Runnable::run);
        }
    }

    /** Called after every committed write, outside the lock (the sync engine wakes up to push). */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    private static RowanException translate(SQLException e) {
        if (e.getErrorCode() == 23505) {
            return RowanException.conflict("That value is already used in a unique field");
        }
        LOG.log(Level.WARNING, "Workspace SQL failed", e);
        return RowanException.internal(dev.rowan.model.error.Internal.Reason.WORKSPACE, "The workspace could not complete the change: " + e.getMessage());
    }

    private static UUID loadOrCreateId(Connection c) throws SQLException {
        Optional<String> existing = setting(c, "workspace_id");
        if (existing.isPresent()) return UUID.fromString(existing.get());
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.settings (name, val) VALUES ('workspace_id', ?)")) {
            ps.setString(1, id.toString());
            ps.executeUpdate();
        }
        return id;
    }

    static Optional<String> setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT val FROM rowan.settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public Optional<String> setting(String name) {
        return read(c -> setting(c, name));
    }

    /** Sets a setting. Kept results survive it (no result is derived from settings: the view shown, sign-in). */
    public void putSetting(String name, String value) {
        writeSetting(c -> {
            putSetting(c, name, value);
            return null;
        });
    }

    /** Forgets a setting; nothing happens when it is not set. */
    public void removeSetting(String name) {
        writeSetting(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.settings WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    static void putSetting(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO rowan.settings (name, val) KEY (name) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Whether {@link #close} was called (a timer that fires after it reads nothing). */
    public boolean closed() {
        return closing;
    }

    private volatile boolean closing;

    @Override
    public void close() {
        closing = true;
        indexes.close(); // a build in progress finishes first: it holds the lock
        enter();
        RollupDirt.closed(database, rollups);
        if (depth == 0) SavedResults.save(connection, derived); // kept results for the next open (none if it fails)
        try (Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.log(Level.FINE, "shutdown", e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "close", e);
            }
            leave();
        }
    }
}
