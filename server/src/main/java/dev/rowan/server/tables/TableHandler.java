package dev.rowan.server.tables;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.Forbidden;
import dev.rowan.model.error.Invalid;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.ColumnConversion;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.sync.Operation;
import dev.rowan.model.value.Conversions;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.folders.FolderRepository;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The table and field operations, run inside the caller's transaction with their DDL, change-log and audit
 * entries. The sync push calls these (never the HTTP service); the REST routes of {@link TablesService} run the
 * same code. Definitions are in the REST shape. No SQL here: the repository and the DDL builder hold it.
 *
 * <p>The REST-shaped entry points (package-private: a body map, as {@link TablesService} reads it) and the
 * operation-shaped ones (public: what the push runs) end in the same code.
 */
public final class TableHandler {
    public static final int MAX_FIELDS = 500;
    private static final Set<String> TABLE_KEYS = Set.of("id", "name", "description", "folderId", "fields", "position");

    private final TableRepository tables;
    private final AppRepository apps;
    private final FolderRepository folders;
    private final SchemaCache schemas;
    private final Journal journal;
    private final LinkFieldChanges links;
    private static final dev.rowan.model.sql.AttachmentConversion ATTACHMENTS =
            new dev.rowan.model.sql.AttachmentConversion(dev.rowan.model.sql.SqlDialect.POSTGRES);

    public TableHandler(TableRepository tables, AppRepository apps, FolderRepository folders, SchemaCache schemas,
                        Journal journal) {
        this.tables = tables;
        this.apps = apps;
        this.folders = folders;
        this.schemas = schemas;
        this.journal = journal;
        this.links = new LinkFieldChanges(tables, schemas);
    }

    /** Creates a table (with fields, physical table and default views) in {@code appId}, with the operation's id. */
    public TableDef create(Connection c, Principal p, UUID appId, Operation.CreateTable op) throws SQLException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(op.table().json());
        body.put("id", op.entityId().toString());
        return createTable(c, p, appId, body);
    }

    /** Changes the properties given ({@code name, description, folderId, position}). */
    public void update(Connection c, Principal p, UUID id, Map<String, ?> changes) throws SQLException {
        updateTable(c, p, id, changes);
    }

    /** Drops the table (physical table, metadata, views); 404 if there is none. */
    public void delete(Connection c, Principal p, Operation.DeleteTable op) throws SQLException {
        deleteTable(c, p, op.entityId());
    }

    /** Adds a field (metadata, column, indexes) to the operation's table, with the operation's id. */
    public FieldDef addField(Connection c, Principal p, UUID tableId, UUID fieldId, Map<String, @Nullable Object> def)
            throws SQLException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(def);
        body.put("id", fieldId.toString());
        return addField(c, p, tableId, body);
    }

    /**
     * Changes a field (rename, options, flags, type with conversion); answers {@code {"field", "conversion"?}}.
     * A type change some values cannot follow is refused with the report unless {@code clearInvalid}.
     */
    public Map<String, Object> changeField(Connection c, Principal p, UUID tableId, UUID fieldId,
                                           Map<String, @Nullable Object> changes, boolean clearInvalid)
            throws SQLException {
        return changeField(c, p, tableId, fieldId, changes, clearInvalid, false);
    }

    /** Hides a field (restorable). */
    public void removeField(Connection c, Principal p, UUID tableId, Operation.DeleteField op) throws SQLException {
        removeField(c, p, tableId, op.entityId(), false);
    }

    // ---------------------------------------------------------------- the operations

    /**
     * Creates a table with its fields, physical table and default views from a create body, inside the caller's
     * transaction (REST create and sync push share it).
     */
    @SuppressWarnings("unchecked")
    TableDef createTable(Connection c, Principal p, UUID appId, Map<String, @Nullable Object> body)
            throws SQLException {
        Bodies.allowOnly(body, TABLE_KEYS);
        if (!apps.exists(c, p.companyId(), appId)) throw RowanException.notFound("No app " + appId);
        String name = FieldSpec.checkName("Table", body.get("name"));
        UUID given = Bodies.optionalUuid(body, "id");
        UUID tableId = given == null ? UUID.randomUUID() : given;
        UUID folderId = Bodies.optionalUuid(body, "folderId");
        if (folderId != null) requireFolder(c, p, appId, folderId);
        String description = Bodies.optionalText(body, "description", 10_000);
        Object rawFields = body.getOrDefault("fields", List.of());
        if (!(rawFields instanceof List<?> specs)) throw RowanException.invalid("fields", "fields must be a list");
        if (specs.size() > MAX_FIELDS) throw RowanException.invalid("fields", "at most " + MAX_FIELDS + " fields");
        List<FieldDef> fields = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (!(specs.get(i) instanceof Map<?, ?> spec)) {
                throw RowanException.invalid("fields[" + i + "]", "each field is an object");
            }
            try {
                fields.add(FieldSpec.parseNew((Map<String, @Nullable Object>) spec, i));
            } catch (RowanException e) {
                throw prefix(e, "fields[" + i + "]");
            }
        }
        FieldSpec.checkUniqueNames(fields);
        checkDistinctColumns(fields);
        for (int i = 0; i < fields.size(); i++) {
            if (dev.rowan.model.link.LinkFields.readsLinks(fields.get(i).type())) {
                throw RowanException.invalid("fields[" + i + "].type", "Add link, lookup and rollup fields to the "
                        + "table once it exists");
            }
        }
        resolveFormulas(fields);
        TableDef def = new TableDef(tableId, appId, name, p.schemaName(),
                PhysicalNames.table(p.companyId(), tableId), fields);
        tables.insertTable(c, p.companyId(), def, folderId, description, p.userId());
        tables.insertViews(c, tableId, DefaultViews.all(def));
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "table", tableId, tableId, "create", Map.of("name", name,
                "fields", fields.stream().map(TableJson::field).toList()));
        journal.audit(c, p, "table.create", "table", tableId, Map.of("name", name, "fields", fields.size()));
        return def;
    }

    private static void checkDistinctColumns(List<FieldDef> fields) {
        Set<String> cols = new HashSet<>();
        for (FieldDef f : fields) {
            if (!cols.add(f.columnName())) {
                throw RowanException.conflict("Two fields share the id prefix of " + f.id() + "; use other ids");
            }
        }
    }

    private void requireFolder(Connection c, Principal p, UUID appId, UUID folderId) throws SQLException {
        UUID folderApp = folders.appOfItem(c, p.companyId(), "folder", folderId)
                .orElseThrow(() -> RowanException.invalid("folderId", "No folder " + folderId));
        if (!folderApp.equals(appId)) {
            throw RowanException.invalid("folderId", "The folder belongs to another app");
        }
    }

    private static RowanException prefix(RowanException e, String path) {
        List<FieldError> errors = e.errors().stream()
                .map(fe -> new FieldError(path + "." + fe.field(), fe.message())).toList();
        return e.withMessage(path + ": " + e.getMessage(), errors);
    }

    /**
     * Changes the properties given ({@code name, description, folderId, position}) inside the caller's
     * transaction, with change-log and audit entries (REST update and sync push share it).
     */
    void updateTable(Connection c, Principal p, UUID id, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, Set.of("name", "description", "folderId", "position"));
        String name = body.containsKey("name") ? FieldSpec.checkName("Table", body.get("name")) : null;
        String description = Bodies.optionalText(body, "description", 10_000);
        UUID folder = Bodies.optionalUuid(body, "folderId");
        Integer position = Bodies.optionalInt(body, "position");
        schemas.lock(c, p, id, true);
        TableRepository.TableMeta meta = tables.meta(c, p.companyId(), id)
                .orElseThrow(() -> RowanException.notFound("No table " + id));
        String newName = name != null ? name : meta.name();
        UUID folderId = body.containsKey("folderId") ? folder : meta.folderId();
        if (folderId != null) requireFolder(c, p, meta.appId(), folderId);
        tables.updateTable(c, p.companyId(), id, newName, body.containsKey("description") ? description
                : meta.description(), folderId, position == null ? meta.position() : position);
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "table", id, id, "update", Map.of("name", newName));
        journal.audit(c, p, "table.update", "table", id, Map.of("name", newName));
    }

    /**
     * Sets the order of a table's fields inside the caller's transaction: the listed fields first, in list order,
     * then the others in their current order. Ids the table does not have (a field purged meanwhile) are skipped
     * and returned; an id listed twice is refused.
     */
    public List<UUID> reorderFields(Connection c, Principal p, UUID id, List<UUID> order) throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        Set<UUID> placed = new LinkedHashSet<>();
        List<UUID> skipped = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            UUID f = order.get(i);
            if (def.fieldById(f).isEmpty()) {
                skipped.add(f);
            } else if (!placed.add(f)) {
                throw RowanException.invalid("fieldOrder[" + i + "]", "field " + f + " is listed twice");
            }
        }
        for (FieldDef f : def.fields()) placed.add(f.id());
        List<UUID> ids = new ArrayList<>(placed);
        List<Integer> positions = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) positions.add(i);
        tables.setFieldPositions(c, id, ids, positions);
        tables.bumpVersion(c, id);
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "table", id, id, "update", Map.of("fieldOrder", ids));
        journal.audit(c, p, "table.reorder-fields", "table", id, Map.of("fields", ids.size()));
        return skipped;
    }

    /** Drops a table (physical table, metadata, views) inside the caller's transaction; 404 if there is none. */
    void deleteTable(Connection c, Principal p, UUID id) throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        Destructive.require(p, "delete a table");
        tables.deleteTable(c, p.companyId(), def);
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "table", id, id, "delete", null);
        journal.audit(c, p, "table.delete", "table", id, Map.of("name", def.name()));
        schemas.invalidate(id);
    }

    static void journalField(Journal journal, Connection c, Principal p, UUID tableId, FieldDef f, String action)
            throws SQLException {
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "field", f.id(), tableId, action.substring(6), TableJson.field(f));
        journal.audit(c, p, action, "field", f.id(), Map.of("table", tableId, "name", f.name(), "type", f.type().kind()));
    }

    /**
     * Saves the formula fields of a new table against its fields (in order, so a formula may read one listed
     * before it), with the field's index in the error path.
     */
    private static void resolveFormulas(List<FieldDef> fields) {
        for (int i = 0; i < fields.size(); i++) {
            try {
                fields.set(i, FormulaFields.resolve(fields, fields.get(i)));
            } catch (RowanException e) {
                throw prefix(e, "fields[" + i + "]");
            }
        }
    }

    /** Adds a field (metadata, column, indexes, change log) inside the caller's transaction. */
    FieldDef addField(Connection c, Principal p, UUID id, Map<String, @Nullable Object> body)
            throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        if (def.fields().size() >= MAX_FIELDS) {
            throw RowanException.invalid("fields", "A table holds at most " + MAX_FIELDS + " fields");
        }
        int position = def.fields().stream().mapToInt(FieldDef::position).max().orElse(-1) + 1;
        FieldDef f = FieldSpec.parseNew(body, position);
        List<FieldDef> all = new ArrayList<>(def.fields());
        all.add(f);
        FieldSpec.checkUniqueNames(all);
        checkDistinctColumns(all);
        f = FormulaFields.resolve(def.fields(), links.prepare(def, f));
        LinkFieldChanges.Pair pair = links.createPair(c, p, def, f, body);
        if (pair != null) f = pair.field();
        tables.insertField(c, id, f);
        tables.execute(c, tables.ddl().addField(def, f));
        tables.execute(c, tables.ddl().indexes(def, f));
        tables.bumpVersion(c, id);
        journalField(c, p, id, f, "field.create");
        if (pair != null) {
            journalField(c, p, pair.target().id(), pair.inverse(), "field.create");
            schemas.invalidate(pair.target().id());
        }
        return f;
    }

    private void journalField(Connection c, Principal p, UUID tableId, FieldDef f, String action) throws SQLException {
        journalField(journal, c, p, tableId, f, action);
    }


    /**
     * Changes a field (rename, options, flags, type with conversion) inside the caller's transaction; answers
     * {"field": ..., "conversion"?: ...}. A type change some values cannot follow throws 422 conversion-failed
     * with the report unless {@code clearInvalid}; {@code dryRun} rolls the caller's transaction back.
     */
    Map<String, Object> changeField(Connection c, Principal p, UUID id, UUID fieldId,
                                           Map<String, @Nullable Object> body, boolean clearInvalid, boolean dryRun)
            throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        FieldDef current = def.fieldById(fieldId).filter(f -> !f.hidden())
                .orElseThrow(() -> RowanException.notFound("No field " + fieldId + " in table " + def.name()));
        FieldDef changed = FormulaFields.resolve(def.fields(),
                links.change(def, current, FieldSpec.parsePatch(current, body)));
        List<FieldDef> all = new ArrayList<>(def.fields());
        all.replaceAll(f -> f.id().equals(fieldId) ? changed : f);
        FieldSpec.checkUniqueNames(all);
        links.refuseLimitOne(c, def, current, changed);
        // to attachment: every value must name files of this table (the shared rule; the desktop runs it too)
        ATTACHMENTS.refuseUnknownFiles(c, def, current, changed, tables::knownFiles);
        Map<String, Object> result = new LinkedHashMap<>();
        boolean typeChanged = ColumnConversion.converts(current, changed);
        if (dryRun) {
            Conversions.Preview preview = typeChanged ? FieldChanges.preview(c, p, tables.ddl(), def, current, changed)
                    : new Conversions.Preview(0, 0, 0, List.of());
            result.put("field", TableJson.field(changed));
            result.put("conversion", FieldChanges.previewJson(preview));
            result.put("dryRun", true);
            c.rollback();
            return result;
        }
        if (typeChanged) {
            Conversions.Preview preview;
            try {
                // clearing the values that cannot convert destroys them: members get the report instead
                preview = FieldChanges.apply(c, p, tables.ddl(), def, current, changed, clearInvalid && p.admin());
            } catch (RowanException e) {
                if (clearInvalid && !p.admin() && e instanceof Invalid inv
                        && inv.reason() == Invalid.Reason.CONVERSION_FAILED) {
                    throw new Forbidden("Only owners and admins "
                            + "may change a field's type when that clears values; " + e.getMessage(), e.errors(),
                            e.extra());
                }
                throw e;
            }
            result.put("conversion", FieldChanges.previewJson(preview));
        } else if (current.unique() != changed.unique() || current.indexed() != changed.indexed()) {
            tables.execute(c, tables.ddl().dropIndexes(def, current));
            FieldIndexes.create(c, tables.ddl(), def, changed);
        }
        tables.updateField(c, id, changed);
        tables.bumpVersion(c, id);
        journalField(c, p, id, changed, "field.update");
        result.put("field", TableJson.field(changed));
        return result;
    }

    /** Hides (or with {@code purge} drops) a field inside the caller's transaction. */
    void removeField(Connection c, Principal p, UUID id, UUID fieldId, boolean purge) throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        FieldDef f = def.fieldById(fieldId)
                .orElseThrow(() -> RowanException.notFound("No field " + fieldId + " in table " + def.name()));
        if (purge) {
            Destructive.require(p, "purge a field (removing it keeps it restorable)");
            tables.purgeField(c, def, f);
            links.purged(c, p, def, f);
            journalField(c, p, id, f, "field.purge");
        } else {
            if (f.hidden()) throw RowanException.notFound("Field " + f.name() + " is already removed");
            tables.setHidden(c, id, fieldId, true);
            tables.bumpVersion(c, id);
            journalField(c, p, id, f, "field.remove");
        }
    }

    /**
     * Brings a removed (hidden) field back inside the caller's transaction, first renamed to {@code name} if that
     * is given and differs. 404 if the table has no such removed field; 409 duplicate-name if a visible field
     * has the name.
     */
    public FieldDef restoreField(Connection c, Principal p, UUID id, UUID fieldId, @Nullable String name)
            throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        FieldDef f = def.fieldById(fieldId).filter(FieldDef::hidden)
                .orElseThrow(() -> RowanException.notFound("No removed field " + fieldId + " in table " + def.name()));
        if (name != null && !name.equals(f.name())) {
            f = f.withName(FieldSpec.checkName("Field", name));
            tables.updateField(c, id, f);
        }
        tables.setHidden(c, id, fieldId, false);
        tables.bumpVersion(c, id);
        journalField(c, p, id, f, "field.restore");
        return f.withHidden(false);
    }
}
