package dev.rowan.model.sync;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One change to apply, typed: create/update/delete of an app, folder, table, field, view or record, and a bulk
 * record create. The sync push turns each pushed {@link Mutation} into one (its wire form is the mutation's
 * {@code op}, {@code entity}, {@code entityId}, {@code parentId} and {@code payload}); the server's per-feature
 * handlers take it. Switches over operations are exhaustive, so a new operation does not compile until every
 * place that dispatches on them handles it.
 *
 * <p>Record values are keyed by field id (a field's name is accepted as well, as the REST API does) in API form;
 * schema definitions ({@link Definition}) are the JSON objects the feature's own rules read (names, types and
 * their config), checked by the handler with the same words as the REST API.
 */
public sealed interface Operation {

    /** The entity the operation creates, changes or deletes. */
    UUID entityId();

    /** The owning entity on the wire: the app of a folder or table, the table of a field, view or record. */
    @Nullable UUID parentId();


    /** A schema entity's definition or changes as a JSON object, in the feature's REST shape. */
    record Definition(Map<String, @Nullable Object> json) {
        public Definition {
            json = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(json));
        }

        public static Definition empty() {
            return new Definition(Map.of());
        }

        public boolean isEmpty() {
            return json.isEmpty();
        }
    }

    /** Field values of a record keyed by field id (or name), in API form (null clears a value). */
    record Values(Map<String, @Nullable Object> byField) {
        public Values {
            byField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byField));
        }

        public static Values none() {
            return new Values(Map.of());
        }
    }

    // ------------------------------------------------------------------ apps

    record CreateApp(UUID entityId, Definition app) implements Operation {
        @Override
        public @Nullable UUID parentId() {
            return null;
        }
    }

    record UpdateApp(UUID entityId, Definition changes) implements Operation {
        @Override
        public @Nullable UUID parentId() {
            return null;
        }
    }

    record DeleteApp(UUID entityId, Definition rest) implements Operation {
        @Override
        public @Nullable UUID parentId() {
            return null;
        }
    }

    // ------------------------------------------------------------------ folders

    /** {@code appId} is null only in a malformed push, which the handler refuses with why. */
    record CreateFolder(UUID entityId, @Nullable UUID appId, Definition folder) implements Operation {
        @Override
        public @Nullable UUID parentId() {
            return appId;
        }
    }

    record UpdateFolder(UUID entityId, @Nullable UUID parentId, Definition changes) implements Operation {
    }

    record DeleteFolder(UUID entityId, @Nullable UUID parentId, Definition rest) implements Operation {
    }

    // ------------------------------------------------------------------ tables

    /** The app is {@code parentId} (or {@code appId} in the payload, as older clients send it). */
    record CreateTable(UUID entityId, @Nullable UUID parentId, Definition table) implements Operation {
    }

    record UpdateTable(UUID entityId, @Nullable UUID parentId, Definition changes) implements Operation {
    }

    record DeleteTable(UUID entityId, @Nullable UUID parentId, Definition rest) implements Operation {
    }

    // ------------------------------------------------------------------ fields, views: parentId is the table

    record CreateField(UUID entityId, @Nullable UUID parentId, Definition field) implements Operation {
    }

    record UpdateField(UUID entityId, @Nullable UUID parentId, Definition changes) implements Operation {
    }

    record DeleteField(UUID entityId, @Nullable UUID parentId, Definition rest) implements Operation {
    }

    record CreateView(UUID entityId, @Nullable UUID parentId, Definition view) implements Operation {
    }

    record UpdateView(UUID entityId, @Nullable UUID parentId, Definition view) implements Operation {
    }

    record DeleteView(UUID entityId, @Nullable UUID parentId, Definition rest) implements Operation {
    }

    // ------------------------------------------------------------------ view ranks: parentId is the view

    /**
     * A record's place in a view's manual order ({@code rank}, a {@link dev.rowan.model.view.Rank}; null: unranked,
     * after the ranked records): last writer wins per (view, record).
     */
    record SetViewRank(UUID entityId, @Nullable UUID parentId, @Nullable String rank) implements Operation {
    }

    // ------------------------------------------------------------------ records: parentId is the table

    record CreateRecord(UUID entityId, @Nullable UUID parentId, Values values) implements Operation {
    }

    /**
     * {@code baseVersion} is the row version the client edited (null: last writer wins); {@code base} the values it
     * started from, shown beside a conflict.
     */
    record UpdateRecord(UUID entityId, @Nullable UUID parentId, Values values, @Nullable Long baseVersion,
                        Values base) implements Operation {
    }

    /** With {@code baseVersion}, a record changed on the server since is not deleted (a conflict instead). */
    record DeleteRecord(UUID entityId, @Nullable UUID parentId, @Nullable Long baseVersion) implements Operation {
    }

    /**
     * Many new records in one mutation: {@code rows} are {@code {"id", "fields"}} objects, each checked by the record
     * writer on its own so one bad row is refused alone; {@code entityId} is the first row's id.
     */
    record BulkCreateRecords(UUID entityId, @Nullable UUID parentId, List<@Nullable Object> rows,
                             Definition rest) implements Operation {
        public BulkCreateRecords {
            rows = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows));
        }
    }

    // ------------------------------------------------------------------ wire form

    default Mutation.Op op() {
        return switch (this) {
            case CreateApp o -> Mutation.Op.CREATE;
            case CreateFolder o -> Mutation.Op.CREATE;
            case CreateTable o -> Mutation.Op.CREATE;
            case CreateField o -> Mutation.Op.CREATE;
            case CreateView o -> Mutation.Op.CREATE;
            case CreateRecord o -> Mutation.Op.CREATE;
            case BulkCreateRecords o -> Mutation.Op.CREATE;
            case UpdateApp o -> Mutation.Op.UPDATE;
            case UpdateFolder o -> Mutation.Op.UPDATE;
            case UpdateTable o -> Mutation.Op.UPDATE;
            case UpdateField o -> Mutation.Op.UPDATE;
            case UpdateView o -> Mutation.Op.UPDATE;
            case SetViewRank o -> Mutation.Op.UPDATE;
            case UpdateRecord o -> Mutation.Op.UPDATE;
            case DeleteApp o -> Mutation.Op.DELETE;
            case DeleteFolder o -> Mutation.Op.DELETE;
            case DeleteTable o -> Mutation.Op.DELETE;
            case DeleteField o -> Mutation.Op.DELETE;
            case DeleteView o -> Mutation.Op.DELETE;
            case DeleteRecord o -> Mutation.Op.DELETE;
        };
    }

    default Mutation.Entity entity() {
        return switch (this) {
            case CreateApp o -> Mutation.Entity.APP;
            case UpdateApp o -> Mutation.Entity.APP;
            case DeleteApp o -> Mutation.Entity.APP;
            case CreateFolder o -> Mutation.Entity.FOLDER;
            case UpdateFolder o -> Mutation.Entity.FOLDER;
            case DeleteFolder o -> Mutation.Entity.FOLDER;
            case CreateTable o -> Mutation.Entity.TABLE;
            case UpdateTable o -> Mutation.Entity.TABLE;
            case DeleteTable o -> Mutation.Entity.TABLE;
            case CreateField o -> Mutation.Entity.FIELD;
            case UpdateField o -> Mutation.Entity.FIELD;
            case DeleteField o -> Mutation.Entity.FIELD;
            case CreateView o -> Mutation.Entity.VIEW;
            case UpdateView o -> Mutation.Entity.VIEW;
            case DeleteView o -> Mutation.Entity.VIEW;
            case SetViewRank o -> Mutation.Entity.VIEW_RANK;
            case CreateRecord o -> Mutation.Entity.RECORD;
            case UpdateRecord o -> Mutation.Entity.RECORD;
            case DeleteRecord o -> Mutation.Entity.RECORD;
            case BulkCreateRecords o -> Mutation.Entity.RECORD;
        };
    }

    /** The wire payload (a JSON object tree); {@link #of} reads it back into an equal operation. */
    default Map<String, @Nullable Object> payload() {
        Map<String, @Nullable Object> p = new LinkedHashMap<>();
        switch (this) {
            case CreateApp o -> p.putAll(o.app().json());
            case UpdateApp o -> p.putAll(o.changes().json());
            case DeleteApp o -> p.putAll(o.rest().json());
            case CreateFolder o -> p.putAll(o.folder().json());
            case UpdateFolder o -> p.putAll(o.changes().json());
            case DeleteFolder o -> p.putAll(o.rest().json());
            case CreateTable o -> p.putAll(o.table().json());
            case UpdateTable o -> p.putAll(o.changes().json());
            case DeleteTable o -> p.putAll(o.rest().json());
            case CreateField o -> p.putAll(o.field().json());
            case UpdateField o -> p.putAll(o.changes().json());
            case DeleteField o -> p.putAll(o.rest().json());
            case CreateView o -> p.putAll(o.view().json());
            case UpdateView o -> p.putAll(o.view().json());
            case DeleteView o -> p.putAll(o.rest().json());
            case SetViewRank o -> p.put("rank", o.rank());
            case CreateRecord o -> p.put("fields", new LinkedHashMap<>(o.values().byField()));
            case UpdateRecord o -> {
                p.put("fields", new LinkedHashMap<>(o.values().byField()));
                if (o.baseVersion() != null) p.put("baseVersion", o.baseVersion());
                if (!o.base().byField().isEmpty()) p.put("base", new LinkedHashMap<>(o.base().byField()));
            }
            case DeleteRecord o -> {
                if (o.baseVersion() != null) p.put("baseVersion", o.baseVersion());
            }
            case BulkCreateRecords o -> {
                p.putAll(o.rest().json());
                p.put("records", o.rows());
            }
        }
        return p;
    }

    /** This operation as an outbox entry, its payload written by {@code writer} (the side's JSON library). */
    default Mutation toMutation(java.util.function.Function<Object, String> writer) {
        return Mutation.of(op(), entity(), entityId(), parentId(), writer.apply(payload()));
    }

    /**
     * Reads an operation from its wire form. Only what every handler needs regardless of the entity is checked
     * here ({@code fields} is an object, {@code baseVersion} a number); the rest is the handler's, so REST and push
     * refuse the same input with the same words.
     */
    static Operation of(Mutation.Op op, Mutation.Entity entity, UUID id, @Nullable UUID parentId,
                        Map<String, @Nullable Object> payload) {
        Definition d = new Definition(payload);
        return switch (entity) {
            case APP -> switch (op) {
                case CREATE -> new CreateApp(id, d);
                case UPDATE -> new UpdateApp(id, d);
                case DELETE -> new DeleteApp(id, d);
            };
            case FOLDER -> switch (op) {
                case CREATE -> new CreateFolder(id, parentId, d);
                case UPDATE -> new UpdateFolder(id, parentId, d);
                case DELETE -> new DeleteFolder(id, parentId, d);
            };
            case TABLE -> switch (op) {
                case CREATE -> new CreateTable(id, parentId, d);
                case UPDATE -> new UpdateTable(id, parentId, d);
                case DELETE -> new DeleteTable(id, parentId, d);
            };
            case FIELD -> switch (op) {
                case CREATE -> new CreateField(id, parentId, d);
                case UPDATE -> new UpdateField(id, parentId, d);
                case DELETE -> new DeleteField(id, parentId, d);
            };
            case VIEW -> switch (op) {
                case CREATE -> new CreateView(id, parentId, d);
                case UPDATE -> new UpdateView(id, parentId, d);
                case DELETE -> new DeleteView(id, parentId, d);
            };
            case RECORD -> record(op, id, parentId, payload);
            case VIEW_RANK -> viewRank(op, id, parentId, payload);
        };
    }

    /** Reads the operation of an outbox entry whose payload {@code parsed} was read by the side's JSON library. */
    static Operation of(Mutation m, Map<String, @Nullable Object> parsed) {
        return of(m.op(), m.entity(), m.entityId(), m.parentId(), parsed);
    }

    private static Operation viewRank(Mutation.Op op, UUID recordId, @Nullable UUID viewId,
                                      Map<String, @Nullable Object> payload) {
        if (op != Mutation.Op.UPDATE) throw RowanException.invalid("op", "A view rank is only ever updated");
        if (viewId == null) throw RowanException.invalid("parentId", "A view rank names its view in parentId");
        for (String k : payload.keySet()) {
            if (!k.equals("rank")) throw RowanException.invalid("payload." + k, "A view rank carries only its rank");
        }
        Object r = payload.get("rank");
        if (r != null && !(r instanceof String s && dev.rowan.model.view.Rank.valid(s))) {
            throw RowanException.invalid("payload.rank", "rank is a string of 1 to " + dev.rowan.model.view.Rank.MAX_LENGTH
                    + " base-62 digits not ending in 0, or null");
        }
        return new SetViewRank(recordId, viewId, (String) r);
    }

    @SuppressWarnings("unchecked")
    private static Operation record(Mutation.Op op, UUID id, @Nullable UUID tableId,
                                    Map<String, @Nullable Object> payload) {
        if (tableId == null) {
            throw RowanException.invalid("parentId", "A record mutation names its table in parentId");
        }
        if (op == Mutation.Op.CREATE && payload.containsKey("records")) {
            Map<String, @Nullable Object> rest = new LinkedHashMap<>(payload);
            Object rows = rest.remove("records");
            if (!(rows instanceof List<?> list) || list.isEmpty()) {
                throw RowanException.invalid("payload.records",
                        "records must be a non-empty list of {\"id\", \"fields\"}");
            }
            return new BulkCreateRecords(id, tableId, (List<@Nullable Object>) list, new Definition(rest));
        }
        Object rawFields = payload.getOrDefault("fields", Map.of());
        if (!(rawFields instanceof Map<?, ?> fm)) {
            throw RowanException.invalid("payload.fields", "fields must be an object");
        }
        Values values = new Values((Map<String, @Nullable Object>) fm);
        Long base = payload.get("baseVersion") instanceof Number n ? n.longValue() : null;
        Values baseValues = payload.get("base") instanceof Map<?, ?> bm
                ? new Values((Map<String, @Nullable Object>) bm) : Values.none();
        return switch (op) {
            case CREATE -> new CreateRecord(id, tableId, values);
            case UPDATE -> new UpdateRecord(id, tableId, values, base, baseValues);
            case DELETE -> new DeleteRecord(id, tableId, base);
        };
    }
}
