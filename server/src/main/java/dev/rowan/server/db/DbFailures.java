package dev.rowan.server.db;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.error.Unavailable;
import org.jspecify.annotations.Nullable;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Tells "the database is not there right now" apart from every other failure, wherever it surfaces (a JDBC call in
 * {@link Tx}, the Helidon DB Client, a pool that timed out), so all of them answer 503 with Retry-After and none
 * looks like a bug (500). The server recovers by itself: the pool drops broken connections and opens new ones.
 */
public final class DbFailures {
    public static final String TYPE = Unavailable.Reason.UNAVAILABLE.slug();

    private DbFailures() {
    }

    /** A 503 for {@code t} if it, or anything that caused it, means the database is unreachable or busy. */
    public static Optional<RowanException> unavailable(@Nullable Throwable t) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof Unavailable r) return Optional.of(r);
            if (t instanceof SQLException e && isUnavailable(e)) return Optional.of(toProblem(e));
        }
        return Optional.empty();
    }

    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) return true; // the pool waited in vain
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08")          // connection exception: refused, broken, lost
                || state.equals("57P01")       // admin_shutdown
                || state.equals("57P02")       // crash_shutdown
                || state.equals("57P03")       // cannot_connect_now (starting up, recovering)
                || state.equals("53300")       // too_many_connections
                || state.equals("55P03")       // lock_not_available (lock_timeout)
                || state.equals("57014")       // query_canceled (statement_timeout)
                || state.equals("25P03");      // idle_in_transaction_session_timeout
    }

    static RowanException toProblem(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("55P03") || state.equals("57014") || state.equals("25P03")) {
            return RowanException.unavailable(Unavailable.Reason.BUSY, "The database is busy; nothing was changed. Try again shortly");
        }
        return RowanException.unavailable(Unavailable.Reason.UNAVAILABLE, "The database is unavailable right now; nothing was changed. Try "
                + "again shortly");
    }
}
