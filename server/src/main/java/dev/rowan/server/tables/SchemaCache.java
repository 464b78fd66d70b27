package dev.rowan.server.tables;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table definitions cached by id and version. Every use checks the version in the database (one indexed lookup,
 * which also enforces the caller's company), so a schema change made by another server instance is seen at once.
 */
public final class SchemaCache {
    private record Entry(long version, TableDef def) {
    }

    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();
    private final TableRepository tables;
    private final Tx tx;

    public SchemaCache(TableRepository tables, Tx tx) {
        this.tables = tables;
        this.tx = tx;
    }

    /** For reads: the current definition, or 404 if the table is not the caller's or not visible to them. */
    public TableDef get(Principal p, UUID tableId) {
        TableRepository.Access access = tables.access(p, tableId)
                .filter(a -> a.canRead(p))
                .orElseThrow(() -> RowanException.notFound("No table " + tableId));
        long version = access.version();
        Entry e = cache.get(tableId);
        TableDef def = e != null && e.version == version ? e.def : tx.read(c -> load(c, p, tableId, version));
        return def.linkTargets().isEmpty() ? def : tx.read(c -> withLinks(c, p, def));
    }

    /**
     * The definition with the tables its links reach that the caller may read (so a hidden or deleted table is
     * absent, and the fields reading it say so instead of showing its data).
     */
    private TableDef withLinks(Connection c, Principal p, TableDef def) throws SQLException {
        Map<UUID, TableDef> linked = new java.util.HashMap<>();
        for (UUID id : def.linkTargets()) {
            if (id.equals(def.id())) {
                linked.put(id, def);
                continue;
            }
            var access = tables.access(c, p, id).filter(a -> a.canRead(p));
            if (access.isEmpty()) continue;
            Entry e = cache.get(id);
            linked.put(id, e != null && e.version == access.get().version() ? e.def
                    : load(c, p, id, access.get().version()));
        }
        return def.withLinked(linked);
    }

    /**
     * Before reading a write's body: 404 if the caller cannot see the table, 403 if they may only read it (the
     * write itself locks and checks again in its transaction).
     */
    public void checkEdit(Principal p, UUID tableId) {
        TableRepository.Access access = tables.access(p, tableId)
                .filter(a -> a.canRead(p))
                .orElseThrow(() -> RowanException.notFound("No table " + tableId));
        if (!access.canEdit(p)) throw readOnly(tableId);
    }

    private static RowanException readOnly(UUID tableId) {
        return RowanException.forbidden("You may read table " + tableId + " but not change it; ask an admin "
                + "for edit access");
    }

    /**
     * For writes, inside the caller's transaction: locks the table's metadata row (exclusive for schema changes)
     * so the definition cannot change until commit, and returns it. A table the caller cannot see is 404; one
     * they may only read is 403.
     */
    public TableDef lock(Connection c, Principal p, UUID tableId, boolean exclusive) throws SQLException {
        TableRepository.Access access = tables.lock(c, p, tableId, exclusive);
        if (!access.canRead(p)) throw RowanException.notFound("No table " + tableId);
        if (!access.canEdit(p)) throw readOnly(tableId);
        long version = access.version();
        Entry e = cache.get(tableId);
        TableDef def = e != null && e.version == version ? e.def : load(c, p, tableId, version);
        return def.linkTargets().isEmpty() ? def : withLinks(c, p, def);
    }

    private TableDef load(Connection c, Principal p, UUID tableId, long version) throws SQLException {
        TableDef def = tables.load(c, p.companyId(), p.schemaName(), tableId)
                .orElseThrow(() -> RowanException.notFound("No table " + tableId));
        cache.put(tableId, new Entry(version, def));
        return def;
    }

    public void invalidate(UUID tableId) {
        cache.remove(tableId);
    }

    public void invalidateAll() {
        cache.clear();
    }
}
