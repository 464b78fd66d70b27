package dev.rowan.server.apps;

import dev.rowan.server.auth.Principal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tables inside an app or folder, as the apps and folders features need them. Apps and folders sit below tables
 * (a table belongs to an app and maybe a folder), so they ask through this interface and the tables feature
 * implements it ({@code tables.ContainedTables}); the composition root wires the two. This keeps the feature
 * packages free of cycles.
 */
public interface AppTables {
    /**
     * Locks a table for a change made through its container (moved, dropped with its app); refuses with 403 if the
     * caller may only read it and with 404 if the caller cannot see it.
     */
    void lockForChange(Connection c, Principal p, UUID tableId) throws SQLException;

    /**
     * Locks a table that goes with its app (exclusively, without the access check of {@link #lockForChange});
     * whether the caller may change it.
     */
    boolean lockIfEditable(Connection c, Principal p, UUID tableId) throws SQLException;

    /** Drops every table of the app (data and definitions) in the caller's transaction; how many went. */
    int dropAll(Connection c, Principal p, UUID appId) throws SQLException;

    /** Forgets every cached table definition (after tables went with their app). */
    void forgetAll();

    /** The summaries ({@code type} not yet set) of the folder's tables the caller may see, as the API shows them. */
    List<Map<String, Object>> summariesIn(Principal p, UUID folderId);

    /** Whether the folder directly holds this table (visible to the caller). */
    default boolean holds(Principal p, UUID folderId, UUID tableId) {
        return summariesIn(p, folderId).stream().anyMatch(t -> tableId.equals(t.get("id")));
    }
}
