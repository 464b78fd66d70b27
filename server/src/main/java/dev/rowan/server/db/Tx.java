package dev.rowan.server.db;

import dev.rowan.model.error.RowanException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a unit of work in one JDBC transaction: commit on success, rollback on any failure. SQL errors that are
 * the caller's fault (unique violation, lock timeout) become RowanExceptions; the rest are internal errors.
 */
public final class Tx {
    private static final Logger LOG = LoggerFactory.getLogger(Tx.class);

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource ds;

    Tx(DataSource ds) {
        this.ds = ds;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
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
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Read-only work on one connection without a transaction of its own. */
    public <T> T read(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** See {@link SqlErrors#translate}: the one place database failures become answers. */
    public static RuntimeException translate(SQLException e) {
        return SqlErrors.translate(e);
    }
}
