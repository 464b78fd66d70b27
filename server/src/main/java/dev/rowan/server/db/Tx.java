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

    public static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "23505" -> RowanException.conflict("A value that must be unique is already used: "
                    + detail(e));
            case "23503" -> RowanException.conflict("The change refers to something that no longer exists");
            case "40001", "40P01" -> RowanException.conflict("The change collided with another one; try again");
            case "55P03", "57014" -> new RowanException(503, "busy", "The database is busy; try again");
            default -> new IllegalStateException("Database error " + state + ": " + e.getMessage(), e);
        };
    }

    private static String detail(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf("Detail:");
        return i >= 0 ? m.substring(i + 7).strip() : "duplicate value";
    }
}
