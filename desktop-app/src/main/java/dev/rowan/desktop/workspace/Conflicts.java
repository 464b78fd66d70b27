package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.ViewMerge;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the server answered "conflict" or "rejected" to, kept until the user decides. Nothing a push sends is lost:
 * the outbox entry leaves only in the transaction that stores its conflict here, and resolving a conflict writes
 * an ordinary local change (with its own outbox entry) when the user keeps their value.
 */
public final class Conflicts {
    private static final SqlDialect H2 = SqlDialect.H2;
    /** What kind of disagreement, which decides the choices offered. */
    public enum Kind {
        /** Both sides changed one field of a record: keep mine, take theirs, or merge. */
        FIELD,
        /** I edited a record someone else deleted: re-create it with my values, or drop my edit. */
        DELETED,
        /** I deleted a record someone else changed: delete it anyway, or keep it. */
        CHANGED,
        /** A schema change met another designer's (rename clash, removed field, auto-renamed name): explained. */
        SCHEMA,
        /** The server refused the change (validation, permissions); the reason says why. */
        REJECTED,
        /**
         * I and someone else changed the same setting of a view: mine was kept (last writer wins); the other value,
         * which lost, is shown ({@code fieldName} is the setting, see {@link ViewMerge}).
         */
        VIEW
    }

    /**
     * One open conflict. {@code mine}, {@code theirs} and {@code base} are API JSON values (select labels, ISO
     * dates); {@link #text} shows them to a person.
     */
    public record Conflict(UUID id, UUID mutationId, Kind kind, Mutation.Entity entity, Mutation.Op op,
                           @Nullable UUID tableId, @Nullable String tableName, UUID entityId, @Nullable UUID fieldId,
                           @Nullable String fieldName, @Nullable Object mine, @Nullable Object theirs,
                           @Nullable Object base, String reason, OffsetDateTime createdAt, @Nullable FieldDef field,
                           Map<UUID, String> titles, @Nullable TableDef table, boolean overruled) {

        public Conflict {
            titles = Map.copyOf(titles);
        }

        public Conflict(UUID id, UUID mutationId, Kind kind, Mutation.Entity entity, Mutation.Op op,
                        @Nullable UUID tableId, @Nullable String tableName, UUID entityId, @Nullable UUID fieldId,
                        @Nullable String fieldName, @Nullable Object mine, @Nullable Object theirs,
                        @Nullable Object base, String reason, OffsetDateTime createdAt, @Nullable FieldDef field,
                        Map<UUID, String> titles) {
            this(id, mutationId, kind, entity, op, tableId, tableName, entityId, fieldId, fieldName, mine, theirs, base,
                    reason, createdAt, field, titles, null, false);
        }

        /** What this conflict is about for people: the field's name, or for a view conflict the setting's. */
        public @Nullable String subject() {
            return kind == Kind.VIEW && fieldName != null ? ViewMerge.label(fieldName) : fieldName;
        }

        /**
         * A value of this conflict as its field's kind reads it, as the grid shows it (a duration as 1:30 rather than
         * its 5400 seconds, a rating as 4); {@link #text} when the field is gone or the value does not read.
         */
        public String shown(@Nullable Object apiValue) {
            if (kind == Kind.VIEW) return ViewMerge.describe(fieldName == null ? "" : fieldName, apiValue, table);
            return ConflictText.of(field, apiValue, titles);
        }

        /**
         * Whether a merged value may be typed: a field whose values are text a person writes; not files or links
         * (kept or taken whole), nor a field this desktop does not know.
         */
        public boolean mergeable() {
            return field != null && !(field.type() instanceof dev.rowan.model.schema.FieldType.Attachment)
                    && !dev.rowan.model.kind.FieldKinds.of(field.type()).computed();
        }

        /**
         * The text a merge starts from: the value as its kind writes it for typing (for most kinds what
         * {@link #shown} says; an attachment's JSON, which a paste reads back).
         */
        public String editable(@Nullable Object apiValue) {
            if (kind == Kind.VIEW) return shown(apiValue);
            if (field == null || apiValue == null) return text(apiValue);
            try {
                Object v = FieldValues.fromApi(field, apiValue);
                return v == null ? text(apiValue) : FieldValues.formatText(field.type(), v);
            } catch (RuntimeException e) {
                return text(apiValue);
            }
        }

        Conflict withField(@Nullable FieldDef f, Map<UUID, String> linkedTitles) {
            return new Conflict(id, mutationId, kind, entity, op, tableId, tableName, entityId, fieldId, fieldName, mine,
                    theirs, base, reason, createdAt, f, linkedTitles, table, overruled);
        }

        /** A JSON value as a person reads it; an empty value reads "(empty)". */
        public static String text(@Nullable Object apiValue) {
            if (apiValue == null || "".equals(apiValue)) return "(empty)";
            if (apiValue instanceof String s) return s;
            if (apiValue instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
            return JsonText.write(apiValue);
        }
    }

    private final Workspace ws;
    private final SchemaStore schema;
    private final RecordStore records;

    public Conflicts(Workspace ws) {
        this.ws = ws;
        this.schema = new SchemaStore(ws);
        this.records = new RecordStore(ws);
    }

    // ------------------------------------------------------------------ recording push answers

    /**
     * Stores what a push result asks the user to look at (nothing for a plain "applied"); called in the transaction
     * that removes the mutation from the outbox.
     */
    public static int record(Connection c, Mutation m, PushResult result) throws SQLException {
        UUID table = m.entity() == Mutation.Entity.RECORD || m.entity() == Mutation.Entity.FIELD
                || m.entity() == Mutation.Entity.VIEW ? m.parentId() : m.entity() == Mutation.Entity.TABLE ? m.entityId() : null;
        int n = 0;
        if (result instanceof PushResult.Rejected r) {
            insert(c, m, Kind.REJECTED, table, m.entityId(), null, null, payloadOf(m), null, null,
                    r.reason().isEmpty() ? "The server refused this change" : r.reason());
            return 1;
        }
        for (PushResult.RejectedRecord r : result.rejectedRecords()) {
            UUID id = Replica.uuid(r.id());
            insert(c, m, Kind.REJECTED, table, id == null ? m.entityId() : id, null, null, null, null, null,
                    "A new record was refused: " + r.reason());
            n++;
        }
        switch (result) {
            case PushResult.Rejected r -> throw new IllegalStateException("handled above");
            case PushResult.Applied a -> {
                if (a.renamedTo() != null) {
                    insert(c, m, Kind.SCHEMA, table, m.entityId(), null, null, null, a.renamedTo(), null,
                            a.note() != null ? a.note() : "Saved as '" + a.renamedTo() + "' because the name was taken");
                    n++;
                }
            }
            case PushResult.Conflict k -> {
                String reason = k.reason();
                switch (k.kind()) {
                    case FIELDS -> {
                        for (PushResult.FieldConflict f : k.conflicts()) {
                            insert(c, m, Kind.FIELD, table, m.entityId(), f.fieldId(), f.field(), f.mine(), f.theirs(),
                                    f.base(), f.reason().isEmpty() ? reason : f.reason());
                            n++;
                        }
                    }
                    case DELETED -> {
                        insert(c, m, Kind.DELETED, table, m.entityId(), null, null, k.mine(), null, null, reason);
                        n++;
                    }
                    case CHANGED -> {
                        insert(c, m, Kind.CHANGED, table, m.entityId(), null, null, null, k.theirs(), null, reason);
                        n++;
                    }
                    case SETTINGS, OVERRULED -> {
                        Map<?, ?> mine = k.mine() instanceof Map<?, ?> x ? x : Map.of();
                        Map<?, ?> theirs = k.theirs() instanceof Map<?, ?> x ? x : Map.of();
                        Map<?, ?> base = k.base() instanceof Map<?, ?> x ? x : Map.of();
                        java.util.Set<Object> settings = new java.util.LinkedHashSet<>(theirs.keySet());
                        settings.addAll(mine.keySet());
                        for (Object setting : settings) {
                            insert(c, m, Kind.VIEW, table, m.entityId(), null, String.valueOf(setting),
                                    mine.get(setting), theirs.get(setting), base.get(setting), reason,
                                    k.kind() == PushResult.ConflictKind.OVERRULED);
                            n++;
                        }
                    }
                    case REMOVED, RENAME -> {
                        UUID field = m.entity() == Mutation.Entity.FIELD ? m.entityId() : null;
                        insert(c, m, Kind.SCHEMA, table, m.entityId(), field, null, k.mine(), k.theirs(), k.base(),
                                reason.isEmpty() ? "This change met another designer's change" : reason);
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Stores what a pull told this desktop: a view setting it had set was replaced by someone else's later change
     * that had not seen it ({@code OVERRULED}, issue 11): one {@link Kind#VIEW} conflict per setting, {@code mine}
     * this desktop's value and {@code theirs} the one that replaced it, as the winner's desktop stores its side. Told
     * once by the server; a notice already stored (a pull repeated before its cursor was saved) is not stored again.
     * Returns how many conflicts were stored.
     */
    public static int recordOverruled(Connection c, PushResult.Conflict notice) throws SQLException {
        PushResult.Target t = notice.target();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.conflicts WHERE mutation_id = ?")) {
            ps.setObject(1, t.mutationId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return 0;
            }
        }
        UUID table = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT table_id FROM rowan.views WHERE id = ?")) {
            ps.setObject(1, t.entityId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) table = rs.getObject(1, UUID.class);
            }
        }
        if (table == null) return 0; // the view is gone here (deleted, or a personal view of another): nothing to show
        Mutation m = new Mutation(t.mutationId(), t.op(), Mutation.Entity.VIEW, t.entityId(), table, "{}",
                java.time.Instant.now());
        return record(c, m, notice);
    }

    private static @Nullable Object payloadOf(Mutation m) {
        try {
            Object p = JsonText.parse(m.payload());
            if (p instanceof Map<?, ?> pm && pm.get("fields") != null) return pm.get("fields");
            return p;
        } catch (IllegalArgumentException e) {
            return m.payload();
        }
    }

    private static void insert(Connection c, Mutation m, Kind kind, @Nullable UUID table, UUID entityId,
                               @Nullable UUID field, @Nullable String fieldName, @Nullable Object mine,
                               @Nullable Object theirs, @Nullable Object base, String reason) throws SQLException {
        insert(c, m, kind, table, entityId, field, fieldName, mine, theirs, base, reason, false);
    }

    private static void insert(Connection c, Mutation m, Kind kind, @Nullable UUID table, UUID entityId,
                               @Nullable UUID field, @Nullable String fieldName, @Nullable Object mine,
                               @Nullable Object theirs, @Nullable Object base, String reason, boolean overruled)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.conflicts (id, mutation_id, kind, entity, op,"
                + " table_id, entity_id, field_id, field_name, mine, theirs, base, reason, created_at, overruled)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, m.mutationId());
            ps.setString(3, kind.name());
            ps.setString(4, m.entity().name());
            ps.setString(5, m.op().name());
            ps.setObject(6, table);
            ps.setObject(7, entityId);
            ps.setObject(8, field);
            ps.setString(9, fieldName);
            ps.setString(10, JsonText.write(mine));
            ps.setString(11, JsonText.write(theirs));
            ps.setString(12, JsonText.write(base));
            ps.setString(13, reason);
            ps.setObject(14, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setBoolean(15, overruled);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ reading

    public List<Conflict> open() {
        return ws.read(c -> {
            List<Conflict> out = new ArrayList<>();
            Map<UUID, Optional<String>> names = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, mutation_id, kind, entity, op, table_id, entity_id,"
                    + " field_id, field_name, mine, theirs, base, reason, created_at, overruled FROM rowan.conflicts"
                    + " WHERE resolved_at IS NULL ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID table = rs.getObject(6, UUID.class);
                    String tableName = table == null ? null : names.computeIfAbsent(table, k -> tableName(c, k)).orElse(null);
                    out.add(new Conflict(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            Kind.valueOf(rs.getString(3)), Mutation.Entity.valueOf(rs.getString(4)),
                            Mutation.Op.valueOf(rs.getString(5)), table, tableName, rs.getObject(7, UUID.class),
                            rs.getObject(8, UUID.class), rs.getString(9), json(rs.getString(10)), json(rs.getString(11)),
                            json(rs.getString(12)), rs.getString(13), rs.getObject(14, OffsetDateTime.class), null,
                            Map.of(), null, rs.getBoolean(15)));
                }
            }
            return out;
        }).stream().map(k -> {
            if (k.kind() == Kind.VIEW) return readable(k);
            FieldDef f = fieldOf(k).orElse(null);
            return k.withField(f, linkedTitles(k, f));
        }).toList();
    }

    /** For a link field's conflict: the titles of the records its values name, as this workspace has them. */
    private Map<UUID, String> linkedTitles(Conflict k, @Nullable FieldDef f) {
        if (f == null || !(f.type() instanceof dev.rowan.model.schema.FieldType.Link l)) return Map.of();
        java.util.Set<UUID> ids = new java.util.LinkedHashSet<>();
        for (Object v : java.util.Arrays.asList(k.mine(), k.theirs(), k.base())) ConflictText.linkIds(v, ids);
        if (ids.isEmpty()) return Map.of();
        Map<UUID, String> out = new HashMap<>();
        for (Object v : java.util.Arrays.asList(k.mine(), k.theirs(), k.base())) ConflictText.serverTitles(v, out);
        try {
            TableDef target = schema.table(l.targetTable());
            FieldDef primary = target.activeFields().isEmpty() ? null : target.activeFields().getFirst();
            RecordStore records = new RecordStore(ws);
            for (UUID id : ids.stream().filter(id -> !out.containsKey(id)).limit(200).toList()) {
                records.byId(target, id).ifPresent(r -> {
                    Object v = primary == null ? null : r.value(primary.id());
                    out.put(id, v == null ? "Unnamed" : FieldValues.formatText(primary.type(), v));
                });
            }
        } catch (RuntimeException e) {
            // the linked table is not here: the screen shows short ids
        }
        return out;
    }

    /**
     * A view-setting conflict as people read it: its values described with the table's field names ("Price
     * descending", "Status is Done"), the view's name in the reason; never raw JSON.
     */
    private Conflict readable(Conflict k) {
        TableDef t = k.tableId() == null ? null : schema.findTable(k.tableId()).orElse(null);
        String setting = k.fieldName() == null ? "" : k.fieldName();
        String view = viewName(k.entityId());
        String reason = (view == null ? "A view" : "View '" + view + "'") + ": "
                + ViewMerge.label(setting).toLowerCase(Locale.ROOT) + " was changed by you and by someone else."
                + (k.overruled()
                ? " Theirs replaced yours (they synced after you without having seen it; the last change wins); yours"
                        + " is shown so you can use it again."
                : " Yours was kept (the last change wins); the other value is shown so you can use it instead.");
        return new Conflict(k.id(), k.mutationId(), k.kind(), k.entity(), k.op(), k.tableId(), k.tableName(),
                k.entityId(), null, k.fieldName(), k.mine(), k.theirs(), k.base(), reason, k.createdAt(), null, Map.of(),
                t, k.overruled());
    }

    public int openCount() {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rowan.conflicts WHERE resolved_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static Optional<String> tableName(Connection c, UUID id) {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rowan.tables WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static @Nullable Object json(@Nullable String s) {
        return s == null ? null : JsonText.parse(s);
    }

    // ------------------------------------------------------------------ resolving

    private @Nullable String viewName(UUID viewId) {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rowan.views WHERE id = ?")) {
                ps.setObject(1, viewId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /**
     * For a view setting both sides changed: use the other value after all. The view's setting is set to it and
     * saved as any view change (checked, queued for the server, merged there setting by setting).
     */
    public void useOtherSetting(Conflict k) {
        useSetting(k, k.theirs(), "theirs");
    }

    /**
     * For a view setting this desktop lost ({@link Conflict#overruled()}: theirs is in effect): use mine again, saved
     * as any view change (so the other person's desktop is told in turn if they change it back meanwhile).
     */
    public void useMineAgain(Conflict k) {
        useSetting(k, k.mine(), "mine");
    }

    private void useSetting(Conflict k, @Nullable Object value, String resolution) {
        requireKind(k, Kind.VIEW);
        TableDef t = table(k);
        ViewStore views = new ViewStore(ws);
        ViewStore.StoredView v = views.list(t).stream().filter(x -> x.id().equals(k.entityId())).findFirst()
                .orElseThrow(() -> RowanException.notFound("The view no longer exists"));
        String setting = k.fieldName() == null ? "" : k.fieldName();
        switch (setting) {
            // the view's own settings (issue 11, slice h-viewmerge) change as the view bar changes them
            case ViewMerge.NAME -> views.rename(t, v.id(), String.valueOf(value));
            case ViewMerge.PERSONAL -> views.setFlags(t, v, Boolean.TRUE.equals(value), v.locked());
            case ViewMerge.LOCKED -> views.setFlags(t, v, v.personal(), Boolean.TRUE.equals(value));
            default -> {
                Map<String, Object> config = ViewMerge.with(v.config().toMap(), setting, value);
                views.save(t, v.id(), v.name(), dev.rowan.model.view.ViewConfig.read(v.kind().api(), config, t).config());
            }
        }
        ws.write(c -> {
            resolve(c, k.id(), resolution);
            return null;
        });
    }

    /** Keeps my value: written again locally and pushed as a new edit based on the server's current version. */
    public void keepMine(Conflict k) {
        requireKind(k, Kind.FIELD);
        setValue(k, fieldOf(k).map(f -> FieldValues.fromApi(f, k.mine())).orElse(null), "mine");
    }

    /** Takes the server's value; it is already the server's state, so only the local copy changes. */
    public void takeTheirs(Conflict k) {
        requireKind(k, Kind.FIELD);
        TableDef t = table(k);
        FieldDef f = fieldOf(k).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        Object theirs = FieldValues.fromApi(f, k.theirs());
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + new RecordSql(H2).from(t) + " SET "
                    + H2.quote(f.columnName()) + " = " + H2.placeholder(f.type()) + " WHERE id = ?")) {
                H2.bind(ps, 1, f.type(), theirs);
                ps.setObject(2, k.entityId());
                ps.executeUpdate();
            }
            resolve(c, k.id(), "theirs");
            return null;
        });
    }

    /** A merged value typed by the user, read like a grid cell (so "1,5" or "yes" work as they do there). */
    public void merge(Conflict k, String text) {
        requireKind(k, Kind.FIELD);
        FieldDef f = fieldOf(k).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        setValue(k, FieldValues.parseText(f, text), "merged");
    }

    private void setValue(Conflict k, @Nullable Object value, String resolution) {
        TableDef t = table(k);
        FieldDef f = fieldOf(k).orElseThrow(() -> RowanException.notFound("The field no longer exists"));
        Row row = records.byId(t, k.entityId()).orElseThrow(() -> RowanException.notFound("The record no longer exists"));
        ws.write(c -> {
            records.update(t, List.of(new RecordStore.CellChange(row.id(), f.id(), FieldValues.fromApi(f, k.theirs()), value)));
            resolve(c, k.id(), resolution);
            return null;
        });
    }

    /** For a record deleted on the server: create it again with my values (a new record with the same id). */
    @SuppressWarnings("unchecked")
    public void recreate(Conflict k) {
        requireKind(k, Kind.DELETED);
        TableDef t = table(k);
        Map<UUID, @Nullable Object> values = new HashMap<>();
        if (k.mine() instanceof Map<?, ?> m) {
            for (Map.Entry<String, @Nullable Object> e : ((Map<String, @Nullable Object>) m).entrySet()) {
                t.field(e.getKey()).ifPresent(f -> values.put(f.id(), FieldValues.fromApi(f, e.getValue())));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ws.write(c -> {
            records.restore(t, List.of(new Row(k.entityId(), now, now, 0, values)));
            resolve(c, k.id(), "recreated");
            return null;
        });
    }

    /** For my delete refused because the record changed: delete it again, now knowing its current version. */
    public void deleteAnyway(Conflict k) {
        requireKind(k, Kind.CHANGED);
        TableDef t = table(k);
        ws.write(c -> {
            records.delete(t, List.of(k.entityId()));
            resolve(c, k.id(), "deleted");
            return null;
        });
    }

    /**
     * For my delete refused because the record changed: keep the record after all. My copy deleted it, so the
     * server's current state (sent with the conflict) is written back, at the server's version and without a new
     * mutation: both sides hold the same record again.
     */
    @SuppressWarnings("unchecked")
    public void keepRecord(Conflict k) {
        requireKind(k, Kind.CHANGED);
        TableDef t = table(k);
        if (!(k.theirs() instanceof Map<?, ?> theirs)) throw RowanException.notFound("The server sent no record to keep");
        Map<String, @Nullable Object> rec = (Map<String, @Nullable Object>) theirs;
        Map<UUID, @Nullable Object> values = new HashMap<>();
        if (rec.get("fields") instanceof Map<?, ?> fm) {
            for (Map.Entry<String, @Nullable Object> e : ((Map<String, @Nullable Object>) fm).entrySet()) {
                t.field(e.getKey()).ifPresent(f -> values.put(f.id(), FieldValues.fromApi(f, e.getValue())));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Row row = new Row(k.entityId(), time(rec.get("createdAt"), now), time(rec.get("updatedAt"), now),
                rec.get("rowVersion") instanceof Number n ? n.longValue() : 0, values);
        ws.write(c -> {
            records.putServerRows(c, t, List.of(row));
            resolve(c, k.id(), "kept");
            return null;
        });
    }

    private static OffsetDateTime time(@Nullable Object o, OffsetDateTime dflt) {
        return o == null ? dflt : OffsetDateTime.parse(o.toString());
    }

    /** Closes a conflict without a new change: drop my edit, keep the record, or "understood" for explanations. */
    public void dismiss(Conflict k) {
        ws.write(c -> {
            resolve(c, k.id(), "dismissed");
            return null;
        });
    }

    private static void resolve(Connection c, UUID id, String how) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE rowan.conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(2, how);
            ps.setObject(3, id);
            if (ps.executeUpdate() == 0) throw RowanException.conflict("This conflict was already resolved");
        }
    }

    private TableDef table(Conflict k) {
        if (k.tableId() == null) throw RowanException.notFound("The table no longer exists");
        return schema.table(k.tableId());
    }

    private Optional<FieldDef> fieldOf(Conflict k) {
        if (k.fieldId() == null || k.tableId() == null) return Optional.empty();
        return schema.findTable(k.tableId()).flatMap(t -> t.fieldById(k.fieldId()));
    }

    private static void requireKind(Conflict k, Kind kind) {
        if (k.kind() != kind) {
            throw RowanException.badRequest("This choice is for " + kind.name().toLowerCase(Locale.ROOT) + " conflicts");
        }
    }
}
