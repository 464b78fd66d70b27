package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.ColumnConversion;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Apps, folders, tables, fields and views of a workspace. Every change writes its outbox mutation in the same
 * transaction; physical tables and columns come from shared-model's {@link Ddl} with names made from ids.
 */
public final class SchemaStore {
    private static final SqlDialect D = SqlDialect.H2;
    private final Workspace ws;
    private final Ddl ddl = new Ddl(D);
    private final RecordSql records = new RecordSql(D);
    private final ColumnConversion conversion = new ColumnConversion(ddl, MemberDirectory.source());

    public SchemaStore(Workspace ws) {
        this.ws = ws;
    }

    public Workspace workspace() {
        return ws;
    }

    // ------------------------------------------------------------------ apps

    public List<AppInfo> apps() {
        return ws.read(c -> {
            List<AppInfo> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, sort_order FROM rowan.apps ORDER BY sort_order, name")) {
                while (rs.next()) out.add(new AppInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3)));
            }
            return out;
        });
    }

    public AppInfo createApp(String rawName) {
        String name = FieldSpec.checkName("App", rawName);
        AppInfo app = new AppInfo(UUID.randomUUID(), name, apps().size());
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rowan.apps (id, name, sort_order, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, app.id());
                ps.setString(2, name);
                ps.setInt(3, app.position());
                ps.setObject(4, OffsetDateTime.now());
                ps.executeUpdate();
            }
            Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.APP, app.id(), null, JsonText.write(Map.of("name", name)));
            return null;
        });
        return app;
    }

    public void renameApp(UUID id, String rawName) {
        rename("rowan.apps", Mutation.Entity.APP, id, FieldSpec.checkName("App", rawName), null);
    }

    public void deleteApp(UUID id) {
        for (TableInfo t : tables(id)) deleteTable(t.id());
        ws.write(c -> {
            exec(c, "DELETE FROM rowan.folders WHERE app_id = ?", id);
            exec(c, "DELETE FROM rowan.apps WHERE id = ?", id);
            Outbox.append(c, Mutation.Op.DELETE, Mutation.Entity.APP, id, null, "{}");
            return null;
        });
    }

    // ------------------------------------------------------------------ folders

    public List<FolderInfo> folders(UUID appId) {
        return ws.read(c -> {
            List<FolderInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, sort_order FROM rowan.folders WHERE app_id = ? ORDER BY sort_order, name")) {
                ps.setObject(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new FolderInfo(rs.getObject(1, UUID.class), appId, rs.getString(2), rs.getInt(3)));
                }
            }
            return out;
        });
    }

    public FolderInfo createFolder(UUID appId, String rawName) {
        String name = FieldSpec.checkName("Folder", rawName);
        FolderInfo f = new FolderInfo(UUID.randomUUID(), appId, name, folders(appId).size());
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rowan.folders (id, app_id, name, sort_order) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, f.id());
                ps.setObject(2, appId);
                ps.setString(3, name);
                ps.setInt(4, f.position());
                ps.executeUpdate();
            }
            Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.FOLDER, f.id(), appId, JsonText.write(Map.of("name", name)));
            return null;
        });
        return f;
    }

    public void renameFolder(UUID id, String rawName) {
        rename("rowan.folders", Mutation.Entity.FOLDER, id, FieldSpec.checkName("Folder", rawName), null);
    }

    /** Deleting a folder keeps its tables: they move to the app's top level. */
    public void deleteFolder(UUID id) {
        ws.write(c -> {
            exec(c, "UPDATE rowan.tables SET folder_id = NULL WHERE folder_id = ?", id);
            exec(c, "DELETE FROM rowan.folders WHERE id = ?", id);
            Outbox.append(c, Mutation.Op.DELETE, Mutation.Entity.FOLDER, id, null, "{}");
            return null;
        });
    }

    // ------------------------------------------------------------------ tables

    public List<TableInfo> tables(UUID appId) {
        return ws.read(c -> {
            List<TableInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, folder_id, name, sort_order FROM rowan.tables"
                    + " WHERE app_id = ? ORDER BY sort_order, name")) {
                ps.setObject(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TableInfo(rs.getObject(1, UUID.class), appId, rs.getObject(2, UUID.class),
                                rs.getString(3), rs.getInt(4)));
                    }
                }
            }
            return out;
        });
    }

    public TableDef createTable(UUID appId, @Nullable UUID folderId, String rawName, List<FieldDef> initialFields) {
        String name = FieldSpec.checkName("Table", rawName);
        checkTableName(appId, name, null);
        UUID id = UUID.randomUUID();
        List<FieldDef> fields = new ArrayList<>();
        for (int i = 0; i < initialFields.size(); i++) fields.add(initialFields.get(i).withPosition(i));
        FieldSpec.checkUniqueNames(fields);
        for (int i = 0; i < fields.size(); i++) fields.set(i, FormulaFields.resolve(fields, fields.get(i)));
        TableDef table = new TableDef(id, appId, name, "", PhysicalNames.table(ws.id(), id), fields);
        int position = tables(appId).size();
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : ddl.createTable(table)) s.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.tables (id, app_id, folder_id, name,"
                    + " physical_name, sort_order) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setObject(2, appId);
                ps.setObject(3, folderId);
                ps.setString(4, name);
                ps.setString(5, table.physicalName());
                ps.setInt(6, position);
                ps.executeUpdate();
            }
            Map<String, @Nullable Object> payload = new LinkedHashMap<>();
            payload.put("name", name);
            payload.put("folderId", folderId == null ? null : folderId.toString());
            Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.TABLE, id, appId, JsonText.write(payload));
            for (FieldDef f : fields) {
                insertField(c, id, f);
                Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.FIELD, f.id(), id, FieldCodec.payload(f));
            }
            return null;
        });
        return table;
    }

    public void renameTable(UUID id, String rawName) {
        String name = FieldSpec.checkName("Table", rawName);
        TableDef t = table(id);
        checkTableName(t.appId(), name, id);
        rename("rowan.tables", Mutation.Entity.TABLE, id, name, t.appId());
    }

    public void moveTable(UUID id, @Nullable UUID folderId) {
        ws.write(c -> {
            exec(c, "UPDATE rowan.tables SET folder_id = ? WHERE id = ?", folderId, id);
            Map<String, @Nullable Object> payload = new LinkedHashMap<>();
            payload.put("folderId", folderId == null ? null : folderId.toString());
            Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.TABLE, id, null, JsonText.write(payload));
            return null;
        });
    }

    public void deleteTable(UUID id) {
        TableDef t = table(id);
        ws.write(c -> {
            drop(c, t);
            Outbox.append(c, Mutation.Op.DELETE, Mutation.Entity.TABLE, id, t.appId(), "{}");
            return null;
        });
    }

    /** Drops a table's data and its definition (fields, views), without an outbox entry. */
    void drop(Connection c, TableDef t) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ddl.dropTable(t));
            // stored rollups' side tables (RollupDirt): made again by the next read that needs one
            for (FieldDef f : t.fields()) {
                if (f.type() instanceof FieldType.Rollup) s.execute(ddl.dropStoredRollup(t.schemaName(), f.id()));
            }
        }
        exec(c, "DELETE FROM rowan.fields WHERE table_id = ?", t.id());
        exec(c, "DELETE FROM rowan.views WHERE table_id = ?", t.id());
        exec(c, "DELETE FROM rowan.tables WHERE id = ?", t.id());
    }

    private void checkTableName(UUID appId, String name, @Nullable UUID except) {
        for (TableInfo t : tables(appId)) {
            if (!t.id().equals(except) && t.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                throw RowanException.conflict("A table named '" + name + "' already exists in this app");
            }
        }
    }

    /** The full definition, all fields (hidden ones included) in display order. */
    public TableDef table(UUID id) {
        return findTable(id).orElseThrow(() -> RowanException.notFound("The table no longer exists"));
    }

    /** The definition with the tables its links reach (that the workspace holds) attached. */
    public Optional<TableDef> findTable(UUID id) {
        Optional<TableDef> def = findPlain(id);
        if (def.isEmpty() || def.get().linkTargets().isEmpty()) return def;
        Map<UUID, TableDef> linked = new HashMap<>();
        for (UUID target : def.get().linkTargets()) {
            if (target.equals(id)) linked.put(id, def.get());
            else findPlain(target).ifPresent(t -> linked.put(target, t));
        }
        return Optional.of(def.get().withLinked(linked));
    }

    private Optional<TableDef> findPlain(UUID id) {
        return ws.read(c -> {
            UUID appId;
            String name;
            String physical;
            try (PreparedStatement ps = c.prepareStatement("SELECT app_id, name, physical_name FROM rowan.tables WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<TableDef>empty();
                    appId = rs.getObject(1, UUID.class);
                    name = rs.getString(2);
                    physical = rs.getString(3);
                }
            }
            List<FieldDef> fields = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, kind, config, required, is_unique, indexed,"
                    + " default_value, validation, description, hidden, sort_order FROM rowan.fields WHERE table_id = ?"
                    + " ORDER BY sort_order")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FieldType type = FieldCodec.type(rs.getString(3), rs.getString(4));
                        fields.add(new FieldDef(rs.getObject(1, UUID.class), rs.getString(2), type, rs.getBoolean(5),
                                rs.getBoolean(6), rs.getBoolean(7), FieldValues.fromCanonicalText(type, rs.getString(8)),
                                FieldCodec.validation(rs.getString(9)), rs.getString(10), rs.getBoolean(11), rs.getInt(12)));
                    }
                }
            }
            return Optional.of(new TableDef(id, appId, name, "", physical, fields));
        });
    }

    // ------------------------------------------------------------------ fields

    /** Adds a field at the end; the column is created through {@link Ddl#addColumn}. */
    public FieldDef addField(UUID tableId, FieldDef field) {
        return addField(tableId, field, null);
    }

    /**
     * Adds a field at the end. A new link field (no junction yet) is made with its pair, offline as the server makes
     * it: the inverse field in the other table (named {@code inverseName}, else after this table, made unique there)
     * and the junction, named from the link field's id; the outbox entry names the inverse's id and name, so the
     * server makes the same pair.
     */
    public FieldDef addField(UUID tableId, FieldDef field, @Nullable String inverseName) {
        TableDef t = table(tableId);
        LinkPair pair = field.type() instanceof FieldType.Link l && l.junction() == null
                ? linkPair(t, field, l, inverseName) : null;
        if (pair != null) field = pair.link();
        // a lookup or rollup takes its value type from the linked table, as on the server
        FieldDef f = FormulaFields.resolve(t.fields(), dev.rowan.model.link.LinkFields.resolve(t,
                field.withPosition(t.fields().stream().mapToInt(FieldDef::position).max().orElse(-1) + 1)));
        List<FieldDef> all = new ArrayList<>(t.fields());
        all.add(f);
        FieldSpec.checkUniqueNames(all);
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : ddl.addField(t, f)) s.execute(sql);
                for (String sql : ddl.indexes(t, f)) s.execute(sql);
            }
            insertField(c, tableId, f);
            String payload = FieldCodec.payload(f);
            if (pair != null) {
                TableDef target = pair.target().id().equals(tableId) ? t : pair.target();
                try (Statement s = c.createStatement()) {
                    for (String sql : ddl.addField(target, pair.inverse())) s.execute(sql);
                }
                insertField(c, target.id(), pair.inverse());
                payload = FieldCodec.linkPayload(f, pair.inverse().name());
            }
            LinkTables.ensureJunctions(c);
            Outbox.append(c, Mutation.Op.CREATE, Mutation.Entity.FIELD, f.id(), tableId, payload);
            // the server numbers the existing records when it gets the field; reload the table after the push
            if (dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer()) Replica.queueRefresh(c, tableId);
            return null;
        });
        return f;
    }

    /** A new link field as it is stored, the linked table and the inverse field made there. */
    private record LinkPair(FieldDef link, TableDef target, FieldDef inverse) {
    }

    private LinkPair linkPair(TableDef t, FieldDef f, FieldType.Link l, @Nullable String inverseName) {
        boolean self = l.targetTable().equals(t.id());
        TableDef target = self ? t : findPlain(l.targetTable())
                .orElseThrow(() -> RowanException.invalid("config.tableId", "The table to link to is not in this workspace"));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (FieldDef x : target.activeFields()) names.add(x.name().toLowerCase(Locale.ROOT));
        if (self) names.add(f.name().toLowerCase(Locale.ROOT));
        String base = inverseName == null || inverseName.isBlank() ? t.name() : FieldSpec.checkName("Field", inverseName.strip());
        String name = base;
        for (int i = 2; names.contains(name.toLowerCase(Locale.ROOT)); i++) name = base + " (" + i + ")";
        UUID inverseId = dev.rowan.model.Ids.newId();
        int position = target.fields().stream().mapToInt(FieldDef::position).max().orElse(-1) + 1 + (self ? 1 : 0);
        FieldDef inverse = FieldDef.of(inverseId, name, new FieldType.Link(t.id(), f.id(), false, f.id(), false))
                .withPosition(position);
        FieldDef link = f.withType(new FieldType.Link(l.targetTable(), inverseId, l.limitOne(), f.id(), true));
        return new LinkPair(link, target, inverse);
    }

    /**
     * Changes name and settings of a field whose stored values stay valid (same type, or a select whose options
     * changed). Type changes go through {@link #changeFieldType}.
     */
    public void updateField(UUID tableId, FieldDef given) {
        TableDef t = table(tableId);
        // a lookup or rollup is checked again against the linked table and takes its value type from it
        FieldDef updated = FormulaFields.resolve(t.fields(), dev.rowan.model.link.LinkFields.resolve(t, given));
        FieldDef current = t.fieldById(updated.id()).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        if (needsConversion(current.type(), updated.type())) {
            throw RowanException.badRequest("Changing " + current.name() + " to " + updated.type().kind()
                    + " converts its values; preview the type change first");
        }
        List<FieldDef> all = new ArrayList<>(t.fields());
        all.replaceAll(f -> f.id().equals(updated.id()) ? updated : f);
        FieldSpec.checkUniqueNames(all);
        ws.write(c -> {
            // the server's rule: "limit to one" is refused while records hold more links (links are held only
            // when the linked table is here too)
            if (current.type() instanceof FieldType.Link
                    && dev.rowan.model.link.LinkFields.state(t, current) instanceof dev.rowan.model.link.LinkFields.Ok) {
                new dev.rowan.model.sql.LinkWriter(dev.rowan.model.sql.SqlDialect.H2)
                        .refuseLimitOne(c, t, current, updated);
            }
            if (current.unique() != updated.unique() || current.indexed() != updated.indexed()) {
                try (Statement s = c.createStatement()) {
                    for (String sql : ddl.dropIndexes(t, current)) s.execute(sql);
                    for (String sql : ddl.indexes(t, updated)) s.execute(sql);
                }
            }
            updateFieldRow(c, tableId, updated);
            Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.FIELD, updated.id(), tableId,
                    FieldCodec.updatePayload(updated, current.name()));
            return null;
        });
    }

    /**
     * Whether the stored values must be converted for a change from {@code from} to {@code to}: the shared rule
     * the server follows too ({@link dev.rowan.model.kind.TypeChange#plan}).
     */
    public static boolean needsConversion(FieldType from, FieldType to) {
        return Conversions.needsConversion(from, to);
    }

    /**
     * To attachment: refuses (422 saying how many records) while values name files this workspace does not know as
     * files of the table — the server's rule ({@link dev.rowan.model.sql.AttachmentConversion}) over what it has seen.
     */
    public void refuseUnknownFiles(UUID tableId, FieldDef to) {
        TableDef t = table(tableId);
        FieldDef from = t.fieldById(to.id()).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        ws.read(c -> {
            new dev.rowan.model.sql.AttachmentConversion(dev.rowan.model.sql.SqlDialect.H2)
                    .refuseUnknownFiles(c, t, from, to, KnownFiles::of);
            return null;
        });
    }

    /** A trial conversion of every stored value; nothing changes. */
    public Conversions.Preview previewTypeChange(UUID tableId, FieldDef given, int maxExamples) {
        TableDef t = table(tableId);
        FieldDef to = FormulaFields.resolve(t.fields(), given);
        FieldDef from = t.fieldById(to.id()).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        return ws.read(c -> conversion.preview(c, t, from, to, maxExamples));
    }

    /** A type change that refuses (changing nothing) when any value would not convert. */
    public Conversions.Preview changeFieldType(UUID tableId, FieldDef to, BooleanSupplier cancelled) {
        return changeFieldType(tableId, to, false, cancelled);
    }

    /**
     * Expand/contract type change ({@link ColumnConversion}, the routine the server runs too): a new column is
     * filled with the converted values, then swapped in for the old one. When a value would not convert it refuses
     * (changing nothing), unless {@code clearInvalid}: then those values become empty, as the server's
     * {@code clearInvalid=true} does, and the outbox entry carries the choice so the server empties the same values
     * of its copy.
     */
    public Conversions.Preview changeFieldType(UUID tableId, FieldDef given, boolean clearInvalid, BooleanSupplier cancelled) {
        FieldDef to = FormulaFields.resolve(table(tableId).fields(), given);
        refuseUnknownFiles(tableId, to);
        Conversions.Preview preview = previewTypeChange(tableId, to, 5);
        if (preview.failed() > 0 && !clearInvalid) {
            throw RowanException.invalid("type", preview.failed() + " of " + preview.total() + " values of "
                    + to.name() + " cannot become " + to.type().kind() + "; fix them first or choose to empty them (e.g. '"
                    + preview.examples().getFirst().value() + "': " + preview.examples().getFirst().reason() + ")");
        }
        TableDef t = table(tableId);
        FieldDef from = t.fieldById(to.id()).orElseThrow();
        ws.write(c -> {
            try {
                ws.indexes().dropFor(c, t, from);
                conversion.apply(c, t, from, to, clearInvalid, cancelled);
                // to an autonumber: the server numbers the records; reload the table after the push
                if (dev.rowan.model.kind.FieldKinds.of(to.type()).assignedByServer()) Replica.queueRefresh(c, tableId);
                try (Statement s = c.createStatement()) {
                    for (String sql : ddl.indexes(t, to)) s.execute(sql);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                conversion.dropLeftovers(c, t, from);
                throw e;
            }
            updateFieldRow(c, tableId, to);
            Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.FIELD, to.id(), tableId,
                    clearInvalid ? FieldCodec.updatePayloadClearingInvalid(to, from.name())
                            : FieldCodec.updatePayload(to, from.name()));
            return null;
        });
        return preview;
    }

    /** Removing a field hides it (data kept), so it can be restored; purging is a later, explicit step. */
    public void setFieldHidden(UUID tableId, UUID fieldId, boolean hidden) {
        TableDef t = table(tableId);
        FieldDef f = t.fieldById(fieldId).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        if (!hidden) {
            List<FieldDef> all = new ArrayList<>(t.fields());
            all.replaceAll(x -> x.id().equals(fieldId) ? x.withHidden(false) : x);
            FieldSpec.checkUniqueNames(all);
        }
        ws.write(c -> {
            exec(c, "UPDATE rowan.fields SET hidden = ? WHERE id = ?", hidden, fieldId);
            // removing is a DELETE (the server hides the field too); restoring is an UPDATE that un-removes it
            Outbox.append(c, hidden ? Mutation.Op.DELETE : Mutation.Op.UPDATE, Mutation.Entity.FIELD, fieldId, tableId,
                    hidden ? "{}" : JsonText.write(Map.of("removed", false)));
            return null;
        });
    }

    public void reorderFields(UUID tableId, List<UUID> order) {
        ws.write(c -> {
            for (int i = 0; i < order.size(); i++) {
                exec(c, "UPDATE rowan.fields SET sort_order = ? WHERE id = ? AND table_id = ?", i, order.get(i), tableId);
            }
            Outbox.append(c, Mutation.Op.UPDATE, Mutation.Entity.TABLE, tableId, null,
                    JsonText.write(Map.of("fieldOrder", order.stream().map(UUID::toString).toList())));
            return null;
        });
    }

    // ------------------------------------------------------------------ navigator order

    /** Apps in the given order (drag and drop in the navigator); positions survive reopening and sync as updates. */
    public void reorderApps(List<UUID> ids) {
        reorder("rowan.apps", Mutation.Entity.APP, ids);
    }

    /** The folders of one app in the given order. */
    public void reorderFolders(List<UUID> ids) {
        reorder("rowan.folders", Mutation.Entity.FOLDER, ids);
    }

    /** The tables of one app in the given order (one sequence across its folders, shown per folder). */
    public void reorderTables(List<UUID> ids) {
        reorder("rowan.tables", Mutation.Entity.TABLE, ids);
    }

    private void reorder(String table, Mutation.Entity entity, List<UUID> ids) {
        ws.write(c -> {
            for (int i = 0; i < ids.size(); i++) {
                if (exec(c, "UPDATE " + table + " SET sort_order = ? WHERE id = ? AND sort_order <> ?", i, ids.get(i), i) > 0) {
                    Outbox.append(c, Mutation.Op.UPDATE, entity, ids.get(i), null, JsonText.write(Map.of("position", i)));
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ views: see ViewStore

    // ------------------------------------------------------------------ helpers

    private void rename(String table, Mutation.Entity entity, UUID id, String name, @Nullable UUID parent) {
        ws.write(c -> {
            int n = exec(c, "UPDATE " + table + " SET name = ? WHERE id = ?", name, id);
            if (n == 0) throw RowanException.notFound("It no longer exists");
            Outbox.append(c, Mutation.Op.UPDATE, entity, id, parent, JsonText.write(Map.of("name", name)));
            return null;
        });
    }

    static void insertField(Connection c, UUID tableId, FieldDef f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.fields (id, table_id, name, kind, config, required,"
                + " is_unique, indexed, default_value, validation, description, hidden, sort_order)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, f.id());
            ps.setObject(2, tableId);
            bindField(ps, 3, f);
            ps.executeUpdate();
        }
    }

    static void updateFieldRow(Connection c, UUID tableId, FieldDef f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.fields SET name = ?, kind = ?, config = ?,"
                + " required = ?, is_unique = ?, indexed = ?, default_value = ?, validation = ?, description = ?, hidden = ?,"
                + " sort_order = ? WHERE id = ? AND table_id = ?")) {
            int i = bindField(ps, 1, f);
            ps.setObject(i, f.id());
            ps.setObject(i + 1, tableId);
            ps.executeUpdate();
        }
    }

    private static int bindField(PreparedStatement ps, int i, FieldDef f) throws SQLException {
        ps.setString(i++, f.name());
        ps.setString(i++, f.type().kind());
        ps.setString(i++, FieldCodec.config(f.type()));
        ps.setBoolean(i++, f.required());
        ps.setBoolean(i++, f.unique());
        ps.setBoolean(i++, f.indexed());
        ps.setString(i++, FieldValues.toCanonicalText(f.type(), f.defaultValue()));
        ps.setString(i++, FieldCodec.validation(f.validation()));
        ps.setString(i++, f.description());
        ps.setBoolean(i++, f.hidden());
        ps.setInt(i++, f.position());
        return i;
    }

    static int exec(Connection c, String sql, @Nullable Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
