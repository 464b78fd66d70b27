package dev.rowan.server.db;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The one translation of database failures into answers. PostgreSQL's own texts name physical tables and
 * columns and quote stored values ("Key (f_…)=(…) already exists"), so no part of them ever reaches a client:
 * each SQLSTATE class becomes a message in the user's terms, and the technical text goes to the log. Callers that
 * know more (which field is unique, which records clash) catch the violation first and say so.
 */
public final class SqlErrors {
    private static final Logger LOG = LoggerFactory.getLogger(SqlErrors.class);

    private SqlErrors() {
    }

    /**
     * The answer to a client-chosen id that is already used, wherever it is used: in the caller's company or in
     * another one (ids are unique across companies). Always the same words, so the answer tells nothing about
     * other companies.
     */
    public static RowanException idTaken() {
        return RowanException.conflict(dev.rowan.model.error.Conflict.Reason.ID_TAKEN, "This id is already in use; make a new id and send the change again");
    }

    /** The constraint a violation names (PostgreSQL only), or null. */
    public static @Nullable String constraint(SQLException e) {
        // a batch reports the server's error as the next exception of a BatchUpdateException
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
                return pe.getServerErrorMessage().getConstraint();
            }
            if (s.getCause() instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
                return pe.getServerErrorMessage().getConstraint();
            }
        }
        return null;
    }

    /** Whether {@code e} is a unique violation of a primary key (a taken id). */
    public static boolean isTakenId(SQLException e) {
        String c = constraint(e);
        return "23505".equals(e.getSQLState()) && c != null && c.endsWith("_pkey");
    }

    public static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        LOG.debug("Database refused a statement ({}): {}", state, e.getMessage());
        if (isTakenId(e)) return idTaken();
        return switch (state) {
            case "23505" -> RowanException.conflict("A value that must be unique is already used");
            case "23503" -> RowanException.conflict("The change refers to something that no longer exists");
            case "23502" -> RowanException.invalid("value", "A required value is missing");
            case "23514", "23P01" -> RowanException.invalid("value", "A value breaks a rule of the table");
            case "40001", "40P01" -> RowanException.conflict("The change collided with another one; try again");
            case "55P03", "57014" -> RowanException.unavailable(dev.rowan.model.error.Unavailable.Reason.BUSY, "The database is busy; try again");
            default -> {
                if (state.startsWith("22")) {
                    // data exceptions: a value out of range or not storable (the input rules should have said so first)
                    yield RowanException.invalid("value", "A value in the request cannot be stored: it is out of "
                            + "range or not valid for its field");
                }
                if (state.startsWith("54")) {
                    yield RowanException.invalid("value", "The request is too large for the database (too many or "
                            + "too long values); make it smaller");
                }
                yield new IllegalStateException("Database error " + state, e);
            }
        };
    }
}
