package dev.rowan.server.tables;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.ColumnConversion;
import dev.rowan.model.value.Conversions;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.folders.FolderRepository;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tables and their fields: {@code /api/apps/{appId}/tables}, {@code /api/tables/{id}} and
 * {@code /api/tables/{id}/fields[/{fieldId}]}. Each schema change runs in one transaction with its DDL, its
 * metadata, the change log and the audit log.
 */
public final class TablesService implements HttpService {
    public static final int MAX_FIELDS = 500;
    private static final Set<String> TABLE_KEYS = Set.of("id", "name", "description", "folderId", "fields", "position");

    private final TableRepository tables;
    private final AppRepository apps;
    private final FolderRepository folders;
    private final SchemaCache schemas;
    private final Tx tx;
    private final Journal journal;
    private final long maxBody;

    public TablesService(TableRepository tables, AppRepository apps, FolderRepository folders, SchemaCache schemas,
                         Tx tx, Journal journal, long maxBody) {
        this.tables = tables;
        this.apps = apps;
        this.folders = folders;
        this.schemas = schemas;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/apps/{appId}/tables", this::list)
                .post("/apps/{appId}/tables", this::create)
                .get("/tables/{id}", this::get)
                .put("/tables/{id}", this::update)
                .patch("/tables/{id}", this::update)
                .delete("/tables/{id}", this::delete)
                .post("/tables/{id}/fields", this::addField)
                .patch("/tables/{id}/fields/{fieldId}", this::changeField)
                .delete("/tables/{id}/fields/{fieldId}", this::removeField)
                .post("/tables/{id}/fields/{fieldId}/restore", this::restoreField);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        requireApp(p, appId);
        Json.ok(res, Json.data(tables.listByApp(p, appId).stream().map(TableJson::summary).toList()));
    }

    private void requireApp(Principal p, UUID appId) {
        if (apps.get(p.companyId(), appId).isEmpty()) throw RowanException.notFound("No app " + appId);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Json.ok(res, tableJson(p, id, Params.boolQuery(req, "includeRemoved")));
    }

    private Map<String, Object> tableJson(Principal p, UUID id, boolean includeRemoved) {
        TableDef def = schemas.get(p, id);
        TableRepository.TableMeta meta = tables.meta(p.companyId(), id)
                .orElseThrow(() -> RowanException.notFound("No table " + id));
        return TableJson.table(meta, def, includeRemoved, Views.read(def, tables.views(id, p.userId())));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        Map<String, Object> body = Json.readObject(req, maxBody);
        TableDef def = tx.inTransaction(c -> createTable(c, p, appId, body));
        Json.created(res, tableJson(p, def.id(), false));
    }

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
        Set<String> cols = new java.util.HashSet<>();
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
        List<dev.rowan.model.error.FieldError> errors = e.errors().stream()
                .map(fe -> new dev.rowan.model.error.FieldError(path + "." + fe.field(), fe.message())).toList();
        return e.withMessage(path + ": " + e.getMessage(), errors);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            updateTable(c, p, id, body);
            return null;
        });
        Json.ok(res, tableJson(p, id, false));
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
    List<UUID> reorderFields(Connection c, Principal p, UUID id, List<UUID> order) throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        Set<UUID> placed = new java.util.LinkedHashSet<>();
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

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        tx.inTransaction(c -> {
            deleteTable(c, p, id);
            return null;
        });
        schemas.invalidate(id);
        res.status(204).send();
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

    // ---------------------------------------------------------------- fields

    private void addField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> body = Json.readObject(req, maxBody);
        schemas.get(p, id);
        FieldDef added = tx.inTransaction(c -> addField(c, p, id, body));
        Json.created(res, TableJson.field(added));
    }

    static void journalField(Journal journal, Connection c, Principal p, UUID tableId, FieldDef f, String action)
            throws SQLException {
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "field", f.id(), tableId, action.substring(6), TableJson.field(f));
        journal.audit(c, p, action, "field", f.id(), Map.of("table", tableId, "name", f.name(), "type", f.type().kind()));
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
        tables.insertField(c, id, f);
        tables.execute(c, List.of(tables.ddl().addColumn(def, f)));
        tables.execute(c, tables.ddl().indexes(def, f));
        tables.bumpVersion(c, id);
        journalField(c, p, id, f, "field.create");
        return f;
    }

    private void journalField(Connection c, Principal p, UUID tableId, FieldDef f, String action) throws SQLException {
        journalField(journal, c, p, tableId, f, action);
    }


    private void changeField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        Map<String, Object> body = new LinkedHashMap<>(Json.readObject(req, maxBody));
        boolean clearInvalid = Params.boolQuery(req, "clearInvalid") || Boolean.TRUE.equals(body.remove("clearInvalid"));
        boolean dryRun = Params.boolQuery(req, "dryRun") || Boolean.TRUE.equals(body.remove("dryRun"));
        schemas.get(p, id);
        Map<String, Object> out = tx.inTransaction(c -> changeField(c, p, id, fieldId, body, clearInvalid, dryRun));
        Map<String, Object> field = (Map<String, Object>) out.remove("field");
        Map<String, Object> response = new LinkedHashMap<>(field);
        response.putAll(out);
        Json.ok(res, response);
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
        FieldDef changed = FieldSpec.parsePatch(current, body);
        List<FieldDef> all = new ArrayList<>(def.fields());
        all.replaceAll(f -> f.id().equals(fieldId) ? changed : f);
        FieldSpec.checkUniqueNames(all);
        Map<String, Object> result = new LinkedHashMap<>();
        boolean typeChanged = ColumnConversion.converts(current, changed);
        if (dryRun) {
            Conversions.Preview preview = typeChanged ? FieldChanges.preview(c, tables.ddl(), def, current, changed)
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
                preview = FieldChanges.apply(c, tables.ddl(), def, current, changed, clearInvalid && p.admin());
            } catch (RowanException e) {
                if (clearInvalid && !p.admin() && e instanceof dev.rowan.model.error.Invalid inv
                        && inv.reason() == dev.rowan.model.error.Invalid.Reason.CONVERSION_FAILED) {
                    throw new dev.rowan.model.error.Forbidden("Only owners and admins "
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

    private void removeField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        boolean purge = Params.boolQuery(req, "purge");
        schemas.get(p, id);
        tx.inTransaction(c -> {
            removeField(c, p, id, fieldId, purge);
            return null;
        });
        res.status(204).send();
    }

    /** Hides (or with {@code purge} drops) a field inside the caller's transaction. */
    void removeField(Connection c, Principal p, UUID id, UUID fieldId, boolean purge) throws SQLException {
        TableDef def = schemas.lock(c, p, id, true);
        FieldDef f = def.fieldById(fieldId)
                .orElseThrow(() -> RowanException.notFound("No field " + fieldId + " in table " + def.name()));
        if (purge) {
            Destructive.require(p, "purge a field (removing it keeps it restorable)");
            tables.purgeField(c, def, f);
            journalField(c, p, id, f, "field.purge");
        } else {
            if (f.hidden()) throw RowanException.notFound("Field " + f.name() + " is already removed");
            tables.setHidden(c, id, fieldId, true);
            tables.bumpVersion(c, id);
            journalField(c, p, id, f, "field.remove");
        }
    }

    private void restoreField(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        UUID fieldId = Params.uuid(req, "fieldId");
        schemas.get(p, id);
        FieldDef restored = tx.inTransaction(c -> restoreField(c, p, id, fieldId, null));
        Json.ok(res, TableJson.field(restored));
    }

    /**
     * Brings a removed (hidden) field back inside the caller's transaction, first renamed to {@code name} if that
     * is given and differs. 404 if the table has no such removed field; 409 duplicate-name if a visible field
     * has the name.
     */
    FieldDef restoreField(Connection c, Principal p, UUID id, UUID fieldId, @Nullable String name)
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
