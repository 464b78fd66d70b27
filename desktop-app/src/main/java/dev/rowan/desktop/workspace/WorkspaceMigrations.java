package dev.rowan.desktop.workspace;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings the fixed metadata tables of a workspace (schema {@code rowan}) to the version this build expects, with
 * Flyway and the scripts in {@code db/workspace} ({@code V1__workspace.sql} is the schema from before migrations).
 * The history table sits in schema {@code rowan} beside the tables it describes; user tables in the default schema
 * are not Flyway's business (SchemaStore creates them from ids).
 *
 * <p>A workspace written before migrations existed has schema {@code rowan} but no history: it is baselined at
 * version 1 (its tables are exactly V1) and the later versions run on it. A new workspace runs every version.
 */
final class WorkspaceMigrations {
    private static final Logger LOG = Logger.getLogger(WorkspaceMigrations.class.getName());
    static final String SCHEMA = "rowan";
    static final String HISTORY_TABLE = "flyway_schema_history";
    /**
     * The version of the newest script in {@link #LOCATION}. Adding {@code V3__….sql} means setting this to "3";
     * WorkspaceMigrationTest fails until both agree.
     */
    static final String NEWEST = "23";
    /** Its own folder: the server's {@code db/migration} is on the desktop test class path. */
    static final String LOCATION = "classpath:db/workspace";

    private WorkspaceMigrations() {
    }

    /**
     * Brings the workspace behind {@code url} to {@link #NEWEST}. {@code c} is the caller's open connection to it: it
     * keeps the embedded database open while Flyway connects and disconnects, and answers the quick check first.
     *
     * <p>Flyway costs about 0.3 s on a cold start (it loads some 1,500 classes, Jackson included), a quarter of the
     * start-to-window budget; so a workspace whose history already ends at {@link #NEWEST} is not handed to it. The
     * price: Flyway's checksum validation runs only when there is something to migrate, which is when it matters
     * (scripts ship inside the app and an applied one is never edited).
     */
    static void bringUpToDate(Connection c, String url, String user, String password) throws SQLException {
        if (!upToDate(c)) migrate(url, user, password);
    }

    /** True when the history table exists and its last versioned entry is {@link #NEWEST}, applied successfully. */
    static boolean upToDate(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ?")) {
            exists.setString(1, SCHEMA);
            exists.setString(2, HISTORY_TABLE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) return false;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM " + SCHEMA + "." + HISTORY_TABLE
                     + " WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() && NEWEST.equals(rs.getString(1)) && rs.getBoolean(2);
        }
    }

    /** Runs Flyway on the workspace behind {@code url} (the caller keeps a connection open, see above). */
    static MigrateResult migrate(String url, String user, String password) {
        long start = System.nanoTime();
        MigrateResult result = flyway(url, user, password).migrate();
        if (result.migrationsExecuted > 0 && LOG.isLoggable(Level.INFO)) {
            LOG.info("Workspace schema " + (result.initialSchemaVersion == null ? "created at version "
                    : "upgraded from " + result.initialSchemaVersion + " to ") + result.targetSchemaVersion + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return result;
    }

    /** The one configuration, also used by tests to read the history and the versions this build knows. */
    static Flyway flyway(String url, String user, String password) {
        return Flyway.configure(WorkspaceMigrations.class.getClassLoader())
                .dataSource(url, user, password)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .baselineDescription("workspace made before migrations")
                .load();
    }
}
