package dev.rowan.desktop.workspace;

import dev.rowan.model.Ids;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.ColumnConversion;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.IsoText;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies what a pull returned to the workspace, without writing the outbox (it is the server's state, not a local
 * change). Schema entries come first (H2 commits DDL on its own, so the schema part is idempotent: it compares and
 * changes only what differs); the records of the page and the new cursor then commit in one transaction, so a
 * crash re-applies the page from the old cursor instead of skipping it.
 *
 * <p>Local changes not yet pushed win over the server's older state: a record with pending edits takes the pulled
 * values of the other fields only, a record deleted locally stays deleted, and apps, folders, tables and fields with
 * pending mutations keep their local definition until the push answers.
 */
public final class Replica {
    private static final Logger LOG = Logger.getLogger(Replica.class.getName());
    private static final SqlDialect D = SqlDialect.H2;
    public static final String CURSOR = "sync.cursor";
    public static final String RESULTS_CURSOR = "sync.results_cursor";

    private final Workspace ws;
    private final SchemaStore schema;
    private final Ddl ddl = new Ddl(D);
    private final RecordSql sql = new RecordSql(D);
    private final ColumnConversion conversion = new ColumnConversion(ddl, MemberDirectory.source());

    /** What one page changed, for screens to refresh. */
    public record Applied(int records, boolean schemaChanged, Set<UUID> tables) {
    }

    public Replica(Workspace ws) {
        this.ws = ws;
        this.schema = new SchemaStore(ws);
    }

    /** Tables to reload whole from the server (a change to them was refused after being made locally). */
    public static final String REFRESH = "sync.refresh";

    /**
     * Queues a table for a reload, in the caller's transaction (the one that stores the refusal), so a crash cannot
     * lose the need to reload.
     */
    public static void queueRefresh(Connection c, UUID tableId) throws SQLException {
        Set<String> ids = new java.util.LinkedHashSet<>(refreshIds(Workspace.setting(c, REFRESH).orElse("")));
        if (ids.add(tableId.toString())) Workspace.putSetting(c, REFRESH, String.join(",", ids));
    }

    private static List<String> refreshIds(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    public List<UUID> refreshQueue() {
        List<UUID> out = new ArrayList<>();
        for (String s : refreshIds(ws.setting(REFRESH).orElse(""))) {
            UUID id = uuid(s);
            if (id != null) out.add(id);
        }
        return out;
    }

    /** The reload of a table is complete. */
    public void refreshed(UUID tableId) {
        ws.write(c -> {
            List<String> ids = new ArrayList<>(refreshIds(Workspace.setting(c, REFRESH).orElse("")));
            ids.remove(tableId.toString());
            Workspace.putSetting(c, REFRESH, String.join(",", ids));
            return null;
        });
    }

    /**
     * Before a table is reloaded: its rows go, except those with changes still queued (new rows not yet pushed,
     * edits not yet answered), so rows the server never took disappear and the reload brings back the rest.
     */
    @SuppressWarnings("unchecked")
    public void clearForReload(UUID tableId) {
        Optional<TableDef> t = schema.findTable(tableId);
        if (t.isEmpty()) return;
        ws.write(c -> {
            Set<UUID> keep = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT entity_id, payload FROM rowan.outbox "
                    + "WHERE entity = 'RECORD' AND parent_id = ?")) {
                ps.setObject(1, tableId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keep.add(rs.getObject(1, UUID.class));
                        if (JsonText.parse(rs.getString(2)) instanceof Map<?, ?> p && p.get("records") instanceof List<?> rows) {
                            for (Object r : rows) {
                                if (r instanceof Map<?, ?> m && uuid(m.get("id")) instanceof UUID id) keep.add(id);
                            }
                        }
                    }
                }
            }
            List<UUID> drop = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + sql.from(t.get()))) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    if (!keep.contains(id)) drop.add(id);
                }
            }
            try (PreparedStatement del = c.prepareStatement(sql.delete(t.get()))) {
                for (UUID id : drop) {
                    del.setObject(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
            return null;
        });
    }

    public Optional<String> cursor() {
        return ws.setting(CURSOR);
    }

    public long resultsCursor() {
        return ws.setting(RESULTS_CURSOR).map(Long::parseLong).orElse(0L);
    }

    /** Applies one pull page (the server's JSON, parsed) and stores its cursors in the same transaction. */
    @SuppressWarnings("unchecked")
    public Applied apply(Map<String, @Nullable Object> page) {
        Pending pending = pending();
        boolean schemaChanged = false;
        Set<UUID> touched = new HashSet<>();
        for (Object e : list(page.get("schema"))) {
            if (e instanceof Map<?, ?> m && applySchema((Map<String, @Nullable Object>) m, pending, touched)) {
                schemaChanged = true;
            }
        }
        List<Object> recs = list(page.get("records"));
        String cursor = page.get("cursor") == null ? null : page.get("cursor").toString();
        Object rc = page.get("resultsCursor");
        boolean linksMayChange = schemaChanged;
        ws.write(c -> {
            if (linksMayChange) LinkTables.ensureJunctions(c);
            Map<UUID, Optional<TableDef>> defs = new HashMap<>();
            Map<UUID, List<Map<String, @Nullable Object>>> byTable = new LinkedHashMap<>();
            for (Object o : recs) {
                if (!(o instanceof Map<?, ?> r)) continue;
                UUID tableId = uuid(r.get("tableId"));
                if (tableId == null) continue;
                byTable.computeIfAbsent(tableId, k -> new ArrayList<>()).add((Map<String, @Nullable Object>) r);
            }
            for (Map.Entry<UUID, List<Map<String, @Nullable Object>>> e : byTable.entrySet()) {
                Optional<TableDef> def = defs.computeIfAbsent(e.getKey(), schema::findTable);
                if (def.isEmpty()) continue; // a table this replica does not have (deleted meanwhile)
                applyRecords(c, def.get(), e.getValue(), pending);
                touched.add(e.getKey());
            }
            applyRanks(c, recs, pending);
            for (Map.Entry<UUID, List<Map<String, @Nullable Object>>> e : byTable.entrySet()) {
                Optional<TableDef> def = defs.get(e.getKey());
                if (def == null || def.isEmpty()) continue;
                List<UUID> written = new ArrayList<>();
                for (Map<String, @Nullable Object> r : e.getValue()) {
                    UUID id = uuid(r.get("id"));
                    if (id != null && !"delete".equals(r.get("op"))) written.add(id);
                }
                UnrankedIndex.added(c, def.get(), written); // new records, and records whose ranks went
            }
            if (cursor != null) Workspace.putSetting(c, CURSOR, cursor);
            if (rc instanceof Number n) Workspace.putSetting(c, RESULTS_CURSOR, Long.toString(n.longValue()));
            return null;
        });
        return new Applied(recs.size(), schemaChanged, touched);
    }

    // ------------------------------------------------------------------ pending local changes

    /** Entities with mutations still in the outbox; for records, the fields they change. */
    private record Pending(Set<UUID> entities, Map<UUID, Set<UUID>> recordFields, Set<UUID> deletedRecords) {
        boolean has(UUID id) {
            return entities.contains(id);
        }
    }

    private Pending pending() {
        return ws.read(c -> {
            Set<UUID> entities = new HashSet<>();
            Map<UUID, Set<UUID>> fields = new HashMap<>();
            Set<UUID> deleted = new HashSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT entity, op, entity_id, payload FROM rowan.outbox ORDER BY seq")) {
                while (rs.next()) {
                    String entity = rs.getString(1);
                    String op = rs.getString(2);
                    UUID id = rs.getObject(3, UUID.class);
                    if (!"RECORD".equals(entity)) {
                        entities.add(id);
                        // a link made here made its inverse in the other table too: it is pending with it
                        if ("FIELD".equals(entity) && "CREATE".equals(op)
                                && JsonText.parse(rs.getString(4)) instanceof Map<?, ?> p
                                && p.get("config") instanceof Map<?, ?> cfg && cfg.get("inverseFieldId") != null) {
                            UUID inverse = uuid(cfg.get("inverseFieldId"));
                            if (inverse != null) entities.add(inverse);
                        }
                        continue;
                    }
                    switch (op) {
                        case "DELETE" -> deleted.add(id);
                        case "UPDATE" -> {
                            Set<UUID> f = fields.computeIfAbsent(id, k -> new HashSet<>());
                            if (JsonText.parse(rs.getString(4)) instanceof Map<?, ?> p && p.get("fields") instanceof Map<?, ?> fm) {
                                for (Object k : fm.keySet()) {
                                    UUID fid = uuid(k);
                                    if (fid != null) f.add(fid);
                                }
                            }
                        }
                        default -> {
                            // a create not yet pushed: the server cannot send that row back yet
                        }
                    }
                }
            }
            return new Pending(entities, fields, deleted);
        });
    }

    // ------------------------------------------------------------------ schema

    @SuppressWarnings("unchecked")
    private boolean applySchema(Map<String, @Nullable Object> entry, Pending pending, Set<UUID> touched) {
        String entity = String.valueOf(entry.get("entity"));
        UUID id = uuid(entry.get("id"));
        if (id == null || pending.has(id)) return false;
        boolean delete = "delete".equals(entry.get("op"));
        Map<String, @Nullable Object> data = entry.get("data") instanceof Map<?, ?> m ? (Map<String, @Nullable Object>) m : Map.of();
        switch (entity) {
            case "app" -> ws.write(c -> {
                if (delete) {
                    SchemaStore.exec(c, "DELETE FROM rowan.apps WHERE id = ?", id);
                } else if (SchemaStore.exec(c, "UPDATE rowan.apps SET name = ?, sort_order = ? WHERE id = ?",
                        str(data.get("name")), integer(data.get("position")), id) == 0) {
                    SchemaStore.exec(c, "INSERT INTO rowan.apps (id, name, sort_order, created_at) VALUES (?, ?, ?, ?)",
                            id, str(data.get("name")), integer(data.get("position")), OffsetDateTime.now());
                }
                return null;
            });
            case "folder" -> ws.write(c -> {
                if (delete) {
                    SchemaStore.exec(c, "UPDATE rowan.tables SET folder_id = NULL WHERE folder_id = ?", id);
                    SchemaStore.exec(c, "DELETE FROM rowan.folders WHERE id = ?", id);
                } else if (SchemaStore.exec(c, "UPDATE rowan.folders SET app_id = ?, name = ?, sort_order = ? WHERE id = ?",
                        uuid(data.get("appId")), str(data.get("name")), integer(data.get("position")), id) == 0) {
                    SchemaStore.exec(c, "INSERT INTO rowan.folders (id, app_id, name, sort_order) VALUES (?, ?, ?, ?)",
                            id, uuid(data.get("appId")), str(data.get("name")), integer(data.get("position")));
                }
                return null;
            });
            case "table" -> {
                touched.add(id);
                if (delete) dropTable(id);
                else applyTable(id, data, pending);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void dropTable(UUID id) {
        Optional<TableDef> t = schema.findTable(id);
        if (t.isEmpty()) return;
        ws.write(c -> {
            schema.drop(c, t.get());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private void applyTable(UUID id, Map<String, @Nullable Object> data, Pending pending) {
        UUID appId = uuid(data.get("appId"));
        String name = str(data.get("name"));
        UUID folderId = uuid(data.get("folderId"));
        int position = integer(data.get("position"));
        List<FieldDef> remote = new ArrayList<>();
        for (Object o : list(data.get("fields"))) {
            if (o instanceof Map<?, ?> m) remote.add(field((Map<String, @Nullable Object>) m));
        }
        Optional<TableDef> local = schema.findTable(id);
        if (local.isEmpty()) {
            TableDef t = new TableDef(id, appId, name, "", PhysicalNames.table(ws.id(), id), remote);
            ws.write(c -> {
                try (Statement s = c.createStatement()) {
                    for (String q : ddl.createTable(t)) s.execute(q);
                }
                SchemaStore.exec(c, "INSERT INTO rowan.tables (id, app_id, folder_id, name, physical_name, sort_order)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", id, appId, folderId, name, t.physicalName(), position);
                for (FieldDef f : remote) SchemaStore.insertField(c, id, f);
                return null;
            });
        } else {
            TableDef t = local.get();
            ws.write(c -> {
                SchemaStore.exec(c, "UPDATE rowan.tables SET app_id = ?, folder_id = ?, name = ?, sort_order = ? WHERE id = ?",
                        appId, folderId, name, position, id);
                return null;
            });
            Set<UUID> remoteIds = new HashSet<>();
            for (FieldDef f : remote) {
                remoteIds.add(f.id());
                if (pending.has(f.id())) continue;
                Optional<FieldDef> mine = t.fieldById(f.id());
                if (mine.isEmpty()) addColumn(t, f);
                else if (!mine.get().equals(f)) changeField(t, mine.get(), f);
            }
            for (FieldDef f : t.fields()) {
                // purged on the server (gone from its definition); a field created here and not yet pushed stays
                if (!remoteIds.contains(f.id()) && !pending.has(f.id())) dropColumn(t, f);
            }
        }
        applyViews(id, list(data.get("views")), pending);
    }

    private void addColumn(TableDef t, FieldDef f) {
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String q : ddl.addField(t, f)) s.execute(q);
                for (String q : ddl.indexes(t, f)) s.execute(q);
            }
            SchemaStore.insertField(c, t.id(), f);
            numbersFromTheServer(c, t, f);
            return null;
        });
    }

    /**
     * An autonumber added or changed to on the server numbered the existing records there, which the change log does
     * not list as changed: the table is reloaded from the server to bring the numbers (H2 numbers nothing itself).
     */
    private static void numbersFromTheServer(Connection c, TableDef t, FieldDef f) throws SQLException {
        if (dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer()) queueRefresh(c, t.id());
    }

    private void dropColumn(TableDef t, FieldDef f) {
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String q : ddl.dropIndexes(t, f)) s.execute(q);
                ws.indexes().dropFor(c, t, f);
                s.execute(ddl.dropColumn(t, f.columnName()));
                if (f.type() instanceof dev.rowan.model.schema.FieldType.Rollup) {
                    s.execute(ddl.dropStoredRollup(t.schemaName(), f.id()));
                }
            }
            SchemaStore.exec(c, "DELETE FROM rowan.fields WHERE id = ?", f.id());
            return null;
        });
    }

    /**
     * A field changed on the server. A type change converts the local column with the same shared rules the server
     * used (a value the server could not convert was refused there or cleared on request, so clearing it here
     * matches); settings and names only update the definition.
     */
    private void changeField(TableDef t, FieldDef from, FieldDef to) {
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String q : ddl.dropIndexes(t, from)) s.execute(q);
            }
            if (ColumnConversion.converts(from, to)) ws.indexes().dropFor(c, t, from);
            if (ColumnConversion.converts(from, to)) {
                conversion.apply(c, t, from, to, true, () -> false);
                numbersFromTheServer(c, t, to);
            }
            try (Statement s = c.createStatement()) {
                for (String q : ddl.indexes(t, to)) s.execute(q);
            }
            SchemaStore.updateFieldRow(c, t.id(), to);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private void applyViews(UUID tableId, List<Object> views, Pending pending) {
        ws.write(c -> {
            Set<UUID> keep = new HashSet<>();
            for (Object o : views) {
                if (!(o instanceof Map<?, ?> v)) continue;
                UUID id = uuid(v.get("id"));
                if (id == null) continue;
                keep.add(id);
                if (pending.has(id)) continue;
                String config = JsonText.write(v.get("config") instanceof Map<?, ?> m ? m : Map.of());
                boolean personal = Boolean.TRUE.equals(v.get("personal"));
                boolean locked = Boolean.TRUE.equals(v.get("locked"));
                UUID owner = uuid(v.get("ownerId"));
                if (SchemaStore.exec(c, "UPDATE rowan.views SET table_id = ?, name = ?, kind = ?, config = ?, sort_order = ?,"
                        + " personal = ?, locked = ?, owner_id = ? WHERE id = ?", tableId, str(v.get("name")),
                        str(v.get("type")), config, integer(v.get("position")), personal, locked, owner, id) == 0) {
                    SchemaStore.exec(c, "INSERT INTO rowan.views (id, table_id, name, kind, config, sort_order, personal,"
                            + " locked, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, tableId, str(v.get("name")),
                            str(v.get("type")), config, integer(v.get("position")), personal, locked, owner);
                }
            }
            List<UUID> local = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.views WHERE table_id = ?")) {
                ps.setObject(1, tableId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) local.add(rs.getObject(1, UUID.class));
                }
            }
            for (UUID id : local) {
                if (!keep.contains(id) && !pending.has(id)) SchemaStore.exec(c, "DELETE FROM rowan.views WHERE id = ?", id);
            }
            return null;
        });
    }

    /** A field from the server's API shape; a field it reports as removed is hidden here. */
    private static FieldDef field(Map<String, @Nullable Object> m) {
        Map<String, @Nullable Object> spec = new LinkedHashMap<>(m);
        boolean removed = Boolean.TRUE.equals(spec.remove("removed"));
        int position = integer(spec.remove("position"));
        spec.remove("columnName");
        Object dflt = spec.remove("defaultValue");
        FieldDef f = FieldSpec.parseNew(spec, position);
        if (dflt != null) {
            f = new FieldDef(f.id(), f.name(), f.type(), f.required(), f.unique(), f.indexed(), FieldValues.fromApi(f, dflt),
                    f.validation(), f.description(), f.hidden(), f.position());
        }
        return f.withHidden(removed);
    }

    // ------------------------------------------------------------------ records

    /**
     * Writes one table's part of a page. Rows that cannot exist locally yet go in with plain INSERTs (a snapshot
     * page into a table that holds nothing in the page's id range, e.g. every page of a first sync): no key lookup
     * per row. Otherwise, or if an INSERT finds the row after all, the page is written as before: MERGE per row,
     * the other fields only for records with pending local edits, nothing for records deleted locally.
     */
    @SuppressWarnings("unchecked")
    private void applyRecords(Connection c, TableDef t, List<Map<String, @Nullable Object>> entries, Pending pending)
            throws SQLException {
        // computed fields (formulas) come with the server's values but have no column: H2 computes its own
        List<FieldDef> fields = RecordSql.stored(t.activeFields());
        String[] keys = new String[fields.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = fields.get(i).id().toString();
        if (onlyNewRows(c, t, entries)) {
            Savepoint sp = c.setSavepoint();
            try {
                writeRecords(c, t, fields, keys, entries, pending, insertSql(t, fields));
                c.releaseSavepoint(sp);
                return;
            } catch (SQLException e) {
                if (!duplicateKey(e)) throw e;
                c.rollback(sp);
                LOG.log(Level.FINE, "A pulled row exists after all; writing the page with MERGE", e);
            }
        }
        writeRecords(c, t, fields, keys, entries, pending, mergeSql(t, fields));
    }

    @SuppressWarnings("unchecked")
    private void writeRecords(Connection c, TableDef t, List<FieldDef> fields, String[] keys,
                              List<Map<String, @Nullable Object>> entries, Pending pending, String upsert)
            throws SQLException {
        Map<UUID, Map<String, @Nullable Object>> linked = new LinkedHashMap<>();
        try (PreparedStatement up = c.prepareStatement(upsert);
             PreparedStatement del = c.prepareStatement(sql.delete(t))) {
            int batched = 0;
            for (Map<String, @Nullable Object> e : entries) {
                UUID id = uuid(e.get("id"));
                if (id == null || pending.deletedRecords().contains(id)) continue;
                if ("delete".equals(e.get("op"))) {
                    del.setObject(1, id);
                    del.addBatch();
                    continue;
                }
                if (!(e.get("record") instanceof Map<?, ?> rec)) continue;
                Map<String, @Nullable Object> values = rec.get("fields") instanceof Map<?, ?> fm
                        ? (Map<String, @Nullable Object>) fm : Map.of();
                Set<UUID> mine = pending.recordFields().get(id);
                if (mine != null) {
                    partialUpdate(c, t, id, (Map<String, @Nullable Object>) rec, values, mine);
                    continue;
                }
                bindRow(up, id, (Map<String, @Nullable Object>) rec, fields, keys, values);
                up.addBatch();
                if (++batched % BATCH == 0) up.executeBatch();
                if (hasLinks(t)) linked.put(id, values);
            }
            up.executeBatch();
            del.executeBatch();
            // links after the rows: the junction's keys need both records
            for (Map.Entry<UUID, Map<String, @Nullable Object>> l : linked.entrySet()) {
                LinkTables.replicate(c, t, l.getKey(), l.getValue());
            }
        }
    }

    private static final int BATCH = 1000;

    /** Each pulled record's ranks in views' manual orders replace its local ones (see {@link RankStore#applyPulled}). */
    private static void applyRanks(Connection c, List<Object> recs, Pending pending) throws SQLException {
        boolean carried = false;
        for (Object o : recs) carried |= o instanceof Map<?, ?> r && r.get("ranks") != null;
        if (!carried && !RankStore.any(c)) return;
        Set<String> mine = RankStore.pending(c);
        for (Object o : recs) {
            if (!(o instanceof Map<?, ?> r) || "delete".equals(r.get("op"))) continue;
            UUID id = uuid(r.get("id"));
            if (id == null || pending.deletedRecords().contains(id)) continue;
            RankStore.applyPulled(c, id, r.get("ranks"), mine);
        }
    }

    private static boolean hasLinks(TableDef t) {
        return t.activeFields().stream().anyMatch(f -> f.type() instanceof dev.rowan.model.schema.FieldType.Link);
    }

    /**
     * Whether no record of these entries can be in the table already: only upserts, each id once, and no local row
     * between the smallest and the largest id (H2 orders UUIDs as unsigned numbers, high half first, like
     * PostgreSQL and the snapshot's keyset). A snapshot page's ids follow those of the page before, so on a first
     * sync this holds for every page; in the log phase ids are scattered and the range rarely is empty.
     */
    private boolean onlyNewRows(Connection c, TableDef t, List<Map<String, @Nullable Object>> entries) throws SQLException {
        if (entries.size() < 2) return false;
        Set<UUID> seen = new HashSet<>(entries.size() * 2);
        UUID min = null;
        UUID max = null;
        for (Map<String, @Nullable Object> e : entries) {
            UUID id = uuid(e.get("id"));
            if (id == null || "delete".equals(e.get("op")) || !seen.add(id)) return false;
            if (min == null || Ids.compareUnsigned(id, min) < 0) min = id;
            if (max == null || Ids.compareUnsigned(id, max) > 0) max = id;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + sql.from(t) + " WHERE id BETWEEN ? AND ? LIMIT 1")) {
            ps.setObject(1, min);
            ps.setObject(2, max);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        }
    }


    private static boolean duplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getErrorCode() == 23505 || "23505".equals(x.getSQLState())) return true;
        }
        return e.getCause() instanceof SQLException x && duplicateKey(x);
    }

    private String insertSql(TableDef t, List<FieldDef> fields) {
        return "INSERT INTO " + sql.from(t) + " (" + columns(fields) + ") VALUES (" + placeholders(fields) + ")";
    }

    private String mergeSql(TableDef t, List<FieldDef> fields) {
        return "MERGE INTO " + sql.from(t) + " (" + columns(fields) + ") KEY (id) VALUES (" + placeholders(fields) + ")";
    }

    private static String columns(List<FieldDef> fields) {
        StringBuilder cols = new StringBuilder("id, created_at, updated_at, created_by, updated_by, row_version");
        for (FieldDef f : fields) cols.append(", ").append(D.quote(f.columnName()));
        return cols.toString();
    }

    private static String placeholders(List<FieldDef> fields) {
        StringBuilder vals = new StringBuilder("?, ?, ?, ?, ?, ?");
        for (FieldDef f : fields) vals.append(", ").append(D.placeholder(f.type()));
        return vals.toString();
    }

    private static void bindRow(PreparedStatement ps, UUID id, Map<String, @Nullable Object> rec, List<FieldDef> fields,
                                String[] keys, Map<String, @Nullable Object> values) throws SQLException {
        ps.setObject(1, id);
        ps.setObject(2, time(rec.get("createdAt")));
        ps.setObject(3, time(rec.get("updatedAt")));
        ps.setObject(4, uuid(rec.get("createdBy")));
        ps.setObject(5, uuid(rec.get("updatedBy")));
        ps.setLong(6, rec.get("rowVersion") instanceof Number n ? n.longValue() : 0);
        for (int i = 0; i < keys.length; i++) {
            FieldDef f = fields.get(i);
            D.bind(ps, 7 + i, f.type(), value(f, values.get(keys[i])));
        }
    }

    /** A record with local edits not yet pushed: only the other fields and the server's version change. */
    private void partialUpdate(Connection c, TableDef t, UUID id, Map<String, @Nullable Object> rec,
                               Map<String, @Nullable Object> values, Set<UUID> mine) throws SQLException {
        List<FieldDef> fields = new ArrayList<>();
        for (FieldDef f : RecordSql.stored(t.activeFields())) {
            if (!mine.contains(f.id()) && values.containsKey(f.id().toString())) fields.add(f);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.update(t, fields))) {
            int i = 1;
            for (FieldDef f : fields) D.bind(ps, i++, f.type(), value(f, values.get(f.id().toString())));
            ps.setObject(i++, time(rec.get("updatedAt")));
            ps.setObject(i++, uuid(rec.get("updatedBy")));
            ps.setLong(i++, rec.get("rowVersion") instanceof Number n ? n.longValue() : 0);
            ps.setObject(i, id);
            ps.executeUpdate();
        }
    }

    private static @Nullable Object value(FieldDef f, @Nullable Object api) {
        try {
            return FieldValues.fromApi(f, api);
        } catch (RuntimeException e) {
            // the definition lags the value (an option added in the same instant): keep the row, log the cell
            LOG.log(Level.WARNING, "Pulled value for " + f.name() + " does not fit its local definition: " + e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Object> list(@Nullable Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return new ArrayList<>(l);
    }

    public static @Nullable UUID uuid(@Nullable Object o) {
        if (o == null) return null;
        if (o instanceof UUID u) return u;
        try {
            return UUID.fromString(o.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String str(@Nullable Object o) {
        return o == null ? null : o.toString();
    }

    private static int integer(@Nullable Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static OffsetDateTime time(@Nullable Object o) {
        if (o == null) return OffsetDateTime.now();
        String s = o.toString();
        OffsetDateTime quick = IsoText.offsetDateTime(s);
        return quick != null ? quick : OffsetDateTime.parse(s);
    }
}
