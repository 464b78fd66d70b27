package dev.rowan.server.db;

import dev.rowan.model.error.RowanException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a unit of work in one JDBC transaction: commit on success, rollback on any failure. SQL errors that are
 * the caller's fault (unique violation, lock timeout) become RowanExceptions; the rest are internal errors.
 *
 * <p>A request holds at most one pooled connection: while a thread is inside {@link #inTransaction} or
 * {@link #read}, taking another one (here or through the DB Client) fails at once instead of waiting for the
 * pool. Under load, units of work that each hold one connection and wait for a second deadlock the whole pool.
 */
public final class Tx {
    private static final Logger LOG = LoggerFactory.getLogger(Tx.class);

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final ThreadLocal<Connection> HELD = new ThreadLocal<>();

    private final DataSource ds;
    private final long bulkStatementMs;

    Tx(DataSource ds, long bulkStatementMs) {
        this.ds = ds;
        this.bulkStatementMs = bulkStatementMs;
    }

    /**
     * Fails if the calling thread already holds a connection from {@link Tx}: work must use the connection it was
     * given. Called wherever the pool hands out a connection.
     */
    static void checkNotHolding() {
        if (HELD.get() != null) {
            throw new IllegalStateException("A second pooled connection was requested while this thread holds one; "
                    + "use the connection of the running unit of work");
        }
    }

    public <T> T inTransaction(Work<T> work) {
        return inTransaction(work, false);
    }

    /**
     * A transaction for bulk loads, pushes and schema changes: its statements may run up to the bulk statement
     * timeout instead of the ordinary one.
     */
    public <T> T inLongTransaction(Work<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(Work<T> work, boolean longRunning) {
        checkNotHolding();
        try (Connection c = ds.getConnection()) {
            HELD.set(c);
            c.setAutoCommit(false);
            try {
                if (longRunning) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCAL statement_timeout = " + bulkStatementMs);
                    }
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    LOG.warn("Rollback failed", re);
                }
                throw t;
            } finally {
                HELD.remove();
                if (!c.isClosed()) c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Read-only work on one connection without a transaction of its own. */
    public <T> T read(Work<T> work) {
        checkNotHolding();
        try (Connection c = ds.getConnection()) {
            HELD.set(c);
            try {
                return work.run(c);
            } finally {
                HELD.remove();
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** See {@link SqlErrors#translate}: the one place database failures become answers. */
    public static RuntimeException translate(SQLException e) {
        if (DbFailures.isUnavailable(e)) return DbFailures.toProblem(e);
        return SqlErrors.translate(e);
    }
}
