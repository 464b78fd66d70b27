package dev.rowan.desktop.workspace;

import org.h2.api.Trigger;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The H2 row trigger that tells {@link RollupDirt} which rows of a table changed: created by {@link RollupDirt} on the
 * tables a stored rollup reads (its own table, the junction, the linked table) and on {@code rowan.tables} and
 * {@code rowan.fields} (any schema change). H2 makes an instance per trigger (and again when the database opens or a
 * table is copied by an ALTER), so everything it needs comes from its name, never from the table name H2 passes
 * (that is a temporary copy's during an ALTER).
 */
public final class RollupTrigger implements Trigger {
    /** Trigger names: this prefix and the physical name of the table. */
    static final String PREFIX = "rowan_rollup_";

    private String table = "";
    private @Nullable String database;

    @Override
    public void init(Connection c, String schema, String triggerName, String tableName, boolean before, int type) {
        String name = triggerName.toLowerCase(java.util.Locale.ROOT);
        table = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    }

    @Override
    public void fire(Connection c, Object @Nullable [] oldRow, Object @Nullable [] newRow) throws SQLException {
        if (database == null) database = database(c);
        RollupDirt.fired(database, table, oldRow, newRow);
    }

    /** What identifies the database a connection is on, as {@link RollupDirt#forDatabase} keys it. */
    static String database(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COALESCE(DATABASE_PATH(), DATABASE())")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
