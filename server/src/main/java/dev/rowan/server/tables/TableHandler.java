package dev.rowan.server.tables;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Operation;
import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The table and field operations, run inside the caller's transaction with their DDL, change-log and audit
 * entries. The sync push calls these (never the HTTP service); the REST routes of {@link TablesService} run the
 * same code. Definitions are in the REST shape. No SQL here: the repository and the DDL builder hold it.
 *
 * <p>The operation bodies still sit in {@code TablesService} (package-private, not part of its HTTP face) because
 * the field-type work of issue 9 rewrites its type-change switch at the same time; they move here after that
 * merge, without changing this class's methods.
 */
public final class TableHandler {
    private final TablesService tables;

    public TableHandler(TablesService tables) {
        this.tables = tables;
    }

    /** Creates a table (with fields, physical table and default views) in {@code appId}, with the operation's id. */
    public TableDef create(Connection c, Principal p, UUID appId, Operation.CreateTable op) throws SQLException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.table().json());
        body.put("id", op.entityId().toString());
        return tables.createTable(c, p, appId, body);
    }

    /** Changes the properties given ({@code name, description, folderId, position}). */
    public void update(Connection c, Principal p, UUID id, Map<String, ?> changes) throws SQLException {
        tables.updateTable(c, p, id, changes);
    }

    /** Sets the order of the table's fields; returns the listed ids the table no longer has (skipped). */
    public List<UUID> reorderFields(Connection c, Principal p, UUID id, List<UUID> order) throws SQLException {
        return tables.reorderFields(c, p, id, order);
    }

    /** Drops the table (physical table, metadata, views); 404 if there is none. */
    public void delete(Connection c, Principal p, Operation.DeleteTable op) throws SQLException {
        tables.deleteTable(c, p, op.entityId());
    }

    /** Adds a field (metadata, column, indexes) to the operation's table, with the operation's id. */
    public FieldDef addField(Connection c, Principal p, UUID tableId, UUID fieldId, Map<String, @Nullable Object> def)
            throws SQLException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(def);
        body.put("id", fieldId.toString());
        return tables.addField(c, p, tableId, body);
    }

    /**
     * Changes a field (rename, options, flags, type with conversion); answers {@code {"field", "conversion"?}}.
     * A type change some values cannot follow is refused with the report unless {@code clearInvalid}.
     */
    public Map<String, Object> changeField(Connection c, Principal p, UUID tableId, UUID fieldId,
                                           Map<String, @Nullable Object> changes, boolean clearInvalid)
            throws SQLException {
        return tables.changeField(c, p, tableId, fieldId, changes, clearInvalid, false);
    }

    /** Hides a field (restorable). */
    public void removeField(Connection c, Principal p, UUID tableId, Operation.DeleteField op) throws SQLException {
        tables.removeField(c, p, tableId, op.entityId(), false);
    }

    /** Brings a removed field back, renamed to {@code name} first if given. */
    public FieldDef restoreField(Connection c, Principal p, UUID tableId, UUID fieldId, @Nullable String name)
            throws SQLException {
        return tables.restoreField(c, p, tableId, fieldId, name);
    }
}
