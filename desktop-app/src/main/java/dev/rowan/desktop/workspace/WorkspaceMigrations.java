package dev.rowan.desktop.workspace;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

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
    /** Its own folder: the server's {@code db/migration} is on the desktop test class path. */
    static final String LOCATION = "classpath:db/workspace";

    private WorkspaceMigrations() {
    }

    /**
     * Migrates the workspace behind {@code url}; the caller keeps its own connection open so the embedded database
     * stays open while Flyway connects and disconnects.
     */
    static MigrateResult migrate(String url, String user, String password) {
        long start = System.nanoTime();
        MigrateResult result = flyway(url, user, password).migrate();
        if (result.migrationsExecuted > 0 && LOG.isLoggable(Level.INFO)) {
            LOG.info("Workspace schema " + (result.initialSchemaVersion == null ? "created" : "upgraded from "
                    + result.initialSchemaVersion) + " to " + result.targetSchemaVersion + " in "
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
