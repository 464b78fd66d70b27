package dev.rowan.server.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Rows;
import dev.rowan.server.http.Json;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Table, field and view metadata in schema {@code rowan}, and the DDL that keeps physical tables in step. */
public final class TableRepository {
    private final DbClient db;
    private final Ddl ddl;

    /** {@code trigram}: whether pg_trgm is available (see {@code Database.trigram()}). */
    public TableRepository(DbClient db, boolean trigram) {
        this.db = db;
        this.ddl = new Ddl(SqlDialect.POSTGRES, trigram);
    }

    public record TableMeta(UUID id, UUID appId, @Nullable UUID folderId, String name, @Nullable String description,
                            String physicalName, int position, long version, String createdAt, String updatedAt) {
    }

    // ---------------------------------------------------------------- reads (DB Client)

    /**
     * A table's version and what one user may do with it: whether the table is restricted, and the user's grant
     * on it ({@code read}, {@code edit} or null).
     */
    public record Access(long version, boolean restricted, @Nullable String grant) {
        public boolean canRead(Principal p) {
            return p.admin() || !restricted || grant != null;
        }

        public boolean canEdit(Principal p) {
            return p.admin() || !restricted || "edit".equals(grant);
        }
    }

    private static final String ACCESS = "SELECT t.version, t.restricted, (SELECT a.level FROM rowan.table_access a "
            + "WHERE a.table_id = t.id AND a.user_id = ?) AS grant_level FROM rowan.tables t "
            + "WHERE t.company_id = ? AND t.id = ?";

    /** Tables one user sees, as a condition on {@code rowan.tables}: binds (admin, userId). */
    private static final String VISIBLE = " AND (CAST(? AS boolean) OR NOT restricted OR EXISTS (SELECT 1 FROM "
            + "rowan.table_access a WHERE a.table_id = rowan.tables.id AND a.user_id = CAST(? AS uuid)))";

    public Optional<Access> access(Principal p, UUID tableId) {
        return db.execute().createGet("SELECT t.version, t.restricted, (SELECT a.level FROM rowan.table_access a "
                        + "WHERE a.table_id = t.id AND a.user_id = CAST(? AS uuid)) AS grant_level FROM rowan.tables t "
                        + "WHERE t.company_id = CAST(? AS uuid) AND t.id = CAST(? AS uuid)")
                .addParam(p.userId()).addParam(p.companyId()).addParam(tableId).execute()
                .map(r -> new Access(Rows.longValue(r, "version"), r.column("restricted").getBoolean(),
                        Rows.string(r, "grant_level")));
    }

    public Optional<TableMeta> meta(UUID companyId, UUID tableId) {
        return db.execute().createGet("SELECT * FROM rowan.tables WHERE company_id = CAST(? AS uuid) AND id = CAST(? AS uuid)")
                .addParam(companyId).addParam(tableId).execute().map(TableRepository::meta);
    }

    /** The table's metadata read on the caller's connection (inside its transaction). */
    public Optional<TableMeta> meta(Connection c, UUID companyId, UUID tableId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, app_id, folder_id, name, description, "
                + "physical_name, position, version, created_at, updated_at FROM rowan.tables "
                + "WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new TableMeta(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getLong(8), utc(rs.getObject(9, java.time.OffsetDateTime.class)),
                        utc(rs.getObject(10, java.time.OffsetDateTime.class))));
            }
        }
    }

    private static String utc(java.time.OffsetDateTime t) {
        return t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toString();
    }

    /** The app's tables the caller may see. */
    public List<TableMeta> listByApp(Principal p, UUID appId) {
        return db.execute().createQuery("SELECT * FROM rowan.tables WHERE company_id = CAST(? AS uuid) AND app_id = CAST(? AS uuid)"
                        + VISIBLE + " ORDER BY position, created_at")
                .addParam(p.companyId()).addParam(appId).addParam(p.admin()).addParam(p.userId())
                .execute().map(TableRepository::meta).toList();
    }

    /** The folder's tables the caller may see. */
    public List<TableMeta> listByFolder(Principal p, UUID folderId) {
        return db.execute().createQuery("SELECT * FROM rowan.tables WHERE company_id = CAST(? AS uuid) AND folder_id = CAST(? AS uuid)"
                        + VISIBLE + " ORDER BY position, created_at")
                .addParam(p.companyId()).addParam(folderId).addParam(p.admin()).addParam(p.userId())
                .execute().map(TableRepository::meta).toList();
    }

    private static TableMeta meta(DbRow r) {
        return new TableMeta(Rows.uuid(r, "id"), Rows.uuid(r, "app_id"), Rows.uuid(r, "folder_id"),
                Rows.string(r, "name"), Rows.string(r, "description"), Rows.string(r, "physical_name"),
                Rows.integer(r, "position"), Rows.longValue(r, "version"), Rows.time(r, "created_at"),
                Rows.time(r, "updated_at"));
    }

    /** A table's views that {@code userId} may see (shared ones, and their own personal ones). */
    public List<Map<String, Object>> views(UUID tableId, UUID userId) {
        return db.execute().createQuery("SELECT id, name, kind, config::text AS config, is_default, position, "
                        + "personal, locked, owner_id FROM rowan.views WHERE table_id = CAST(? AS uuid) AND (NOT personal OR owner_id = "
                        + "CAST(? AS uuid)) ORDER BY position")
                .addParam(tableId).addParam(userId).execute().map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", Rows.uuid(r, "id"));
                    m.put("name", Rows.string(r, "name"));
                    m.put("type", Rows.string(r, "kind"));
                    m.put("isDefault", Rows.raw(r, "is_default"));
                    m.put("position", Rows.integer(r, "position"));
                    m.put("config", parse(Rows.string(r, "config")));
                    m.put("personal", Rows.raw(r, "personal"));
                    m.put("locked", Rows.raw(r, "locked"));
                    UUID owner = Rows.uuid(r, "owner_id");
                    if (owner != null) m.put("ownerId", owner);
                    return m;
                }).toList();
    }

    // ---------------------------------------------------------------- definitions (JDBC, inside transactions)

    /** Locks the table's metadata row (shared for data writes, exclusive for schema changes); returns its version. */
    public Access lock(Connection c, Principal p, UUID tableId, boolean exclusive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACCESS + (exclusive ? " FOR UPDATE OF t" : " FOR SHARE OF t"))) {
            ps.setObject(1, p.userId());
            ps.setObject(2, p.companyId());
            ps.setObject(3, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw RowanException.notFound("No table " + tableId);
                return new Access(rs.getLong(1), rs.getBoolean(2), rs.getString(3));
            }
        }
    }

    /** A table's version and the caller's access to it, read on the caller's connection (no lock). */
    public Optional<Access> access(Connection c, Principal p, UUID tableId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACCESS)) {
            ps.setObject(1, p.userId());
            ps.setObject(2, p.companyId());
            ps.setObject(3, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Access(rs.getLong(1), rs.getBoolean(2), rs.getString(3)));
            }
        }
    }

    /**
     * {@link #load} with the tables its links reach that {@code p} may read attached (hidden or deleted ones are
     * left out, so the fields reading them read as unavailable).
     */
    public Optional<TableDef> loadWithLinks(Connection c, Principal p, UUID tableId) throws SQLException {
        Optional<TableDef> def = load(c, p.companyId(), p.schemaName(), tableId);
        if (def.isEmpty() || def.get().linkTargets().isEmpty()) return def;
        Map<UUID, TableDef> linked = new java.util.HashMap<>();
        for (UUID id : def.get().linkTargets()) {
            if (id.equals(tableId)) {
                linked.put(id, def.get());
            } else if (access(c, p, id).filter(a -> a.canRead(p)).isPresent()) {
                load(c, p.companyId(), p.schemaName(), id).ifPresent(t -> linked.put(id, t));
            }
        }
        return Optional.of(def.get().withLinked(linked));
    }

    /** Loads a table definition with all its fields (hidden ones included, flagged). */
    public Optional<TableDef> load(Connection c, UUID companyId, String schema, UUID tableId) throws SQLException {
        UUID appId;
        String name;
        String physical;
        try (PreparedStatement ps = c.prepareStatement("SELECT app_id, name, physical_name FROM rowan.tables "
                + "WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                appId = rs.getObject(1, UUID.class);
                name = rs.getString(2);
                physical = rs.getString(3);
            }
        }
        List<FieldDef> fields = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, type, config::text, required, is_unique, "
                + "indexed, default_value::text, validation::text, description, hidden_at IS NOT NULL, position "
                + "FROM rowan.fields WHERE table_id = ? ORDER BY position, created_at")) {
            ps.setObject(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) fields.add(field(rs));
            }
        }
        return Optional.of(new TableDef(tableId, appId, name, schema, physical, fields));
    }

    @SuppressWarnings("unchecked")
    private static FieldDef field(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        Map<String, @Nullable Object> config = (Map<String, @Nullable Object>) parse(rs.getString(4));
        FieldType type = FieldTypes.parse(rs.getString(3), config, null);
        Map<String, Object> v = (Map<String, Object>) parse(rs.getString(9));
        Validation validation = new Validation(decimal(v.get("min")), decimal(v.get("max")),
                v.get("minLength") == null ? null : ((Number) v.get("minLength")).intValue(),
                v.get("maxLength") == null ? null : ((Number) v.get("maxLength")).intValue(),
                (String) v.get("pattern"));
        Object dflt = null;
        String dfltJson = rs.getString(8);
        if (dfltJson != null) {
            Object text = parse(dfltJson);
            dflt = text == null ? null : FieldValues.fromCanonicalText(type, text.toString());
        }
        return new FieldDef(id, rs.getString(2), type, rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), dflt,
                validation, rs.getString(10), rs.getBoolean(11), rs.getInt(12));
    }

    private static @Nullable BigDecimal decimal(@Nullable Object o) {
        return o == null ? null : new BigDecimal(o.toString());
    }

    static @Nullable Object parse(@Nullable String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt metadata JSON", e);
        }
    }

    static String json(@Nullable Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void insertTable(Connection c, UUID companyId, TableDef t, @Nullable UUID folderId,
                            @Nullable String description, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.tables (id, company_id, app_id, folder_id, "
                + "name, description, physical_name, position, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "(SELECT coalesce(max(position) + 1, 0) FROM rowan.tables WHERE app_id = ?), ?)")) {
            ps.setObject(1, t.id());
            ps.setObject(2, companyId);
            ps.setObject(3, t.appId());
            ps.setObject(4, folderId);
            ps.setString(5, t.name());
            ps.setString(6, description);
            ps.setString(7, t.physicalName());
            ps.setObject(8, t.appId());
            ps.setObject(9, userId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw nameClash(e, "A table named '" + t.name() + "' already exists in this app; table names are "
                    + "unique ignoring case");
        }
        insertFields(c, t.id(), t.fields());
        try (Statement s = c.createStatement()) {
            for (String sql : ddl.createTable(t)) s.addBatch(sql);
            s.executeBatch();
        }
    }

    public void updateTable(Connection c, UUID companyId, UUID tableId, String name, @Nullable String description,
                            @Nullable UUID folderId, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.tables SET name = ?, description = ?, "
                + "folder_id = ?, position = ?, version = version + 1, updated_at = now() WHERE company_id = ? AND id = ?")) {
            ps.setString(1, name);
            ps.setString(2, description);
            ps.setObject(3, folderId);
            ps.setInt(4, position);
            ps.setObject(5, companyId);
            ps.setObject(6, tableId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw nameClash(e, "A table named '" + name + "' already exists in this app");
        }
    }

    public void deleteTable(Connection c, UUID companyId, TableDef t) throws SQLException {
        // the junctions of its links go with it; the fields on the other side then read "table gone"
        for (FieldDef f : t.fields()) {
            if (f.type() instanceof dev.rowan.model.schema.FieldType.Link l && l.junction() != null) {
                execute(c, List.of(ddl.dropJunction(t.schemaName(), l.junction())));
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl.dropTable(t));
        }
        forgetStoredRollups(c, t);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.tables WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, t.id());
            ps.executeUpdate();
        }
    }

    /** Drops the physical tables of all tables of an app (the metadata goes with the app's row). */
    public int dropAppTables(Connection c, UUID companyId, String schema, UUID appId) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.tables WHERE company_id = ? AND app_id = ? "
                + "FOR UPDATE")) {
            ps.setObject(1, companyId);
            ps.setObject(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getObject(1, UUID.class));
            }
        }
        for (UUID id : ids) {
            Optional<TableDef> t = load(c, companyId, schema, id);
            if (t.isPresent()) {
                try (Statement s = c.createStatement()) {
                    s.execute(ddl.dropTable(t.get()));
                }
                forgetStoredRollups(c, t.get());
            }
        }
        return ids.size();
    }

    /** The side tables of a dropped table's stored rollups go with it (they have no foreign key to cascade). */
    private static void forgetStoredRollups(Connection c, TableDef t) throws SQLException {
        for (FieldDef f : t.fields()) {
            if (f.type() instanceof dev.rowan.model.schema.FieldType.Rollup) {
                dev.rowan.server.rollups.RollupFreshness.forget(c, t.schemaName(), f.id());
            }
        }
    }

    public void insertField(Connection c, UUID tableId, FieldDef f) throws SQLException {
        insertFields(c, tableId, List.of(f));
    }

    /** All fields in one round trip (the driver rewrites the batch into one multi-row INSERT). */
    public void insertFields(Connection c, UUID tableId, List<FieldDef> fields) throws SQLException {
        if (fields.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.fields (id, table_id, name, type, config, "
                + "required, is_unique, indexed, default_value, validation, description, position) "
                + "VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)")) {
            for (FieldDef f : fields) {
                ps.setObject(1, f.id());
                ps.setObject(2, tableId);
                bindField(ps, 3, f);
                ps.setInt(12, f.position());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw nameClash(e, fields.size() == 1 ? "A field named '" + fields.getFirst().name()
                    + "' already exists in this table; field names are unique ignoring case"
                    : "Two fields have the same name; field names are unique ignoring case");
        }
    }

    private static void bindField(PreparedStatement ps, int i, FieldDef f) throws SQLException {
        ps.setString(i, f.name());
        ps.setString(i + 1, f.type().kind());
        ps.setString(i + 2, json(f.type().config()));
        ps.setBoolean(i + 3, f.required());
        ps.setBoolean(i + 4, f.unique());
        ps.setBoolean(i + 5, f.indexed());
        if (f.defaultValue() == null) ps.setNull(i + 6, Types.VARCHAR);
        else ps.setString(i + 6, json(FieldValues.toCanonicalText(f.type(), f.defaultValue())));
        ps.setString(i + 7, json(f.validation().toMap()));
        ps.setString(i + 8, f.description());
    }

    public void updateField(Connection c, UUID tableId, FieldDef f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.fields SET name = ?, type = ?, "
                + "config = CAST(? AS jsonb), required = ?, is_unique = ?, indexed = ?, default_value = CAST(? AS jsonb), "
                + "validation = CAST(? AS jsonb), description = ?, position = ?, updated_at = now() "
                + "WHERE table_id = ? AND id = ?")) {
            bindField(ps, 1, f);
            ps.setInt(10, f.position());
            ps.setObject(11, tableId);
            ps.setObject(12, f.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw nameClash(e, "A field named '" + f.name() + "' already exists in this table");
        }
    }

    /** Sets the positions of these fields of the table (same-length lists) in one statement. */
    public void setFieldPositions(Connection c, UUID tableId, List<UUID> fieldIds, List<Integer> positions)
            throws SQLException {
        if (fieldIds.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.fields f SET position = u.pos, "
                + "updated_at = now() FROM unnest(?, ?) AS u(id, pos) WHERE f.table_id = ? AND f.id = u.id")) {
            ps.setArray(1, c.createArrayOf("uuid", fieldIds.toArray()));
            ps.setArray(2, c.createArrayOf("integer", positions.toArray()));
            ps.setObject(3, tableId);
            ps.executeUpdate();
        }
    }

    public void setHidden(Connection c, UUID tableId, UUID fieldId, boolean hidden) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.fields SET hidden_at = "
                + (hidden ? "now()" : "NULL") + ", updated_at = now() WHERE table_id = ? AND id = ?")) {
            ps.setObject(1, tableId);
            ps.setObject(2, fieldId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw nameClash(e, "A visible field already has this field's name; rename it first");
        }
    }

    public void deleteField(Connection c, UUID tableId, UUID fieldId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.fields WHERE table_id = ? AND id = ?")) {
            ps.setObject(1, tableId);
            ps.setObject(2, fieldId);
            ps.executeUpdate();
        }
    }

    /** Drops a field's column, indexes and metadata for good. */
    public void purgeField(Connection c, TableDef def, FieldDef f) throws SQLException {
        execute(c, ddl.dropIndexes(def, f));
        if (!Ddl.computed(f)) execute(c, List.of(ddl.dropColumn(def, f.columnName())));
        if (f.type() instanceof dev.rowan.model.schema.FieldType.Rollup) {
            dev.rowan.server.rollups.RollupFreshness.forget(c, def.schemaName(), f.id());
        }
        deleteField(c, def.id(), f.id());
        bumpVersion(c, def.id());
    }

    public record HiddenField(UUID companyId, String schemaName, UUID tableId, UUID fieldId) {
    }

    /** Fields removed (hidden) before the given time, oldest first: candidates for purging. */
    public List<HiddenField> hiddenBefore(Connection c, java.time.OffsetDateTime before, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.company_id, co.schema_name, f.table_id, f.id "
                + "FROM rowan.fields f JOIN rowan.tables t ON t.id = f.table_id JOIN rowan.companies co "
                + "ON co.id = t.company_id WHERE f.hidden_at < ? ORDER BY f.hidden_at LIMIT ?")) {
            ps.setObject(1, before);
            ps.setInt(2, limit);
            List<HiddenField> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HiddenField(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class)));
                }
            }
            return out;
        }
    }

    public void bumpVersion(Connection c, UUID tableId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.tables SET version = version + 1, "
                + "updated_at = now() WHERE id = ?")) {
            ps.setObject(1, tableId);
            ps.executeUpdate();
        }
    }

    public record ViewSpec(String name, String kind, Map<String, Object> config, boolean isDefault) {
    }

    /** Inserts views in one round trip, positioned in list order. */
    public void insertViews(Connection c, UUID tableId, List<ViewSpec> views) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.views (id, table_id, name, kind, config, "
                + "is_default, position) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?)")) {
            for (int i = 0; i < views.size(); i++) {
                ViewSpec v = views.get(i);
                ps.setObject(1, dev.rowan.model.Ids.newId());
                ps.setObject(2, tableId);
                ps.setString(3, v.name());
                ps.setString(4, v.kind());
                ps.setString(5, json(v.config()));
                ps.setBoolean(6, v.isDefault());
                ps.setInt(7, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Which of the ids are files uploaded to the table (the company schema's {@code files}, which the files feature
     * owns; read here so that a type change to attachment can check values without tables depending on it).
     */
    public java.util.Set<UUID> knownFiles(Connection c, TableDef t, java.util.Set<UUID> ids) throws SQLException {
        java.util.Set<UUID> out = new java.util.HashSet<>();
        if (ids.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + SqlDialect.POSTGRES.quote(t.schemaName())
                + ".files WHERE id = ANY (?) AND table_id = ?")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setObject(2, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    public void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }

    public Ddl ddl() {
        return ddl;
    }

    private static RuntimeException nameClash(SQLException e, String message) {
        // a taken id (here or in another company) answers like every taken id; only a name clash names the name
        if (dev.rowan.server.db.SqlErrors.isTakenId(e)) return dev.rowan.server.db.SqlErrors.idTaken();
        if ("23505".equals(e.getSQLState())) {
            return RowanException.duplicateName(message);
        }
        return dev.rowan.server.db.Tx.translate(e);
    }
}
