package dev.rowan.server.tables;

import dev.rowan.server.apps.AppTables;
import dev.rowan.server.auth.Principal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tables feature's answer to what apps and folders ask about the tables they hold. */
public final class ContainedTables implements AppTables {
    private final TableRepository tables;
    private final SchemaCache schemas;

    public ContainedTables(TableRepository tables, SchemaCache schemas) {
        this.tables = tables;
        this.schemas = schemas;
    }

    @Override
    public void lockForChange(Connection c, Principal p, UUID tableId) throws SQLException {
        schemas.lock(c, p, tableId, true);
    }

    @Override
    public boolean lockIfEditable(Connection c, Principal p, UUID tableId) throws SQLException {
        return tables.lock(c, p, tableId, true).canEdit(p);
    }

    @Override
    public int dropAll(Connection c, Principal p, UUID appId) throws SQLException {
        return tables.dropAppTables(c, p.companyId(), p.schemaName(), appId);
    }

    @Override
    public void forgetAll() {
        schemas.invalidateAll();
    }

    @Override
    public List<Map<String, Object>> summariesIn(Principal p, UUID folderId) {
        return tables.listByFolder(p, folderId).stream()
                .map(t -> (Map<String, Object>) new LinkedHashMap<>(TableJson.summary(t))).toList();
    }

    @Override
    public boolean holds(Principal p, UUID folderId, UUID tableId) {
        return tables.listByFolder(p, folderId).stream().anyMatch(t -> t.id().equals(tableId));
    }
}
