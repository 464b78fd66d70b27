package dev.rowan.model.sync;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The server's answer to one pushed mutation: {@link Applied}, {@link Conflict} (part or none of it applied because
 * someone else changed the same thing) or {@link Rejected} (nothing applied, with why). One JSON form, written by
 * {@link #toJson()} and read by {@link #fromJson(Map)}: the server answers a push and a pull's {@code results} with
 * it and stores it for exact replays; the desktop reads it back. The JSON is a plain object tree (maps, lists,
 * strings, numbers, booleans), so either side's JSON library writes it.
 *
 * <pre>
 * {"mutationId", "entity": "RECORD", "op": "UPDATE", "entityId", "status": "applied"|"conflict"|"rejected",
 *  "replayed"?: true, ...the variant's members}
 * </pre>
 */
public sealed interface PushResult {

    /** Which mutation this answers. */
    record Target(UUID mutationId, Mutation.Entity entity, Mutation.Op op, UUID entityId) {
        public static Target of(Mutation m) {
            return new Target(m.mutationId(), m.entity(), m.op(), m.entityId());
        }
    }

    Target target();

    /** Whether this answer was stored by an earlier push of the same mutation (a replay after a lost reply). */
    boolean replayed();

    /** Change-log sequence of what was applied, if anything was. */
    @Nullable Long seq();

    /** The same answer, marked as a replay. */
    PushResult asReplay();

    /** Rows of a bulk create the server refused (each with why); empty for everything else. */
    List<RejectedRecord> rejectedRecords();

    /** The wire name of the variant. */
    default String status() {
        return switch (this) {
            case Applied a -> "applied";
            case Conflict c -> "conflict";
            case Rejected r -> "rejected";
        };
    }

    /**
     * Applied, wholly: {@code seq} (and {@code lastSeq} for a bulk create) of the change-log rows it made (none for a
     * no-op such as deleting what is already gone, which says so in {@code note}); {@code rowVersion} of a record
     * after it; {@code appliedFields} of a record update; {@code renamedTo} when a schema name was taken meanwhile;
     * {@code skippedFieldIds} of a field order naming fields that are gone; {@code restored} when a removed field
     * came back; {@code conversion} the preview of a field type change; {@code created} and
     * {@code rejectedRecords} of a bulk create.
     */
    record Applied(Target target, boolean replayed, @Nullable Long seq, @Nullable Long lastSeq,
                   @Nullable Long rowVersion, @Nullable List<String> appliedFields, @Nullable String note,
                   @Nullable String renamedTo, List<UUID> skippedFieldIds, boolean restored,
                   @Nullable Map<String, Object> conversion, @Nullable Integer created,
                   List<RejectedRecord> rejectedRecords) implements PushResult {
        public Applied {
            skippedFieldIds = List.copyOf(skippedFieldIds);
            rejectedRecords = List.copyOf(rejectedRecords);
        }

        public static Applied of(Target target) {
            return new Applied(target, false, null, null, null, null, null, null, List.of(), false, null, null,
                    List.of());
        }

        public Applied withSeq(@Nullable Long s) {
            return new Applied(target, replayed, s, lastSeq, rowVersion, appliedFields, note, renamedTo,
                    skippedFieldIds, restored, conversion, created, rejectedRecords);
        }

        public Applied withRow(@Nullable Long s, long version, @Nullable List<String> fields) {
            return new Applied(target, replayed, s, lastSeq, version, fields, note, renamedTo, skippedFieldIds,
                    restored, conversion, created, rejectedRecords);
        }

        public Applied withNote(String n) {
            return new Applied(target, replayed, seq, lastSeq, rowVersion, appliedFields, n, renamedTo,
                    skippedFieldIds, restored, conversion, created, rejectedRecords);
        }

        public Applied renamed(String to, String n) {
            return new Applied(target, replayed, seq, lastSeq, rowVersion, appliedFields, n, to, skippedFieldIds,
                    restored, conversion, created, rejectedRecords);
        }

        public Applied withSkipped(List<UUID> skipped) {
            return new Applied(target, replayed, seq, lastSeq, rowVersion, appliedFields, note, renamedTo, skipped,
                    restored, conversion, created, rejectedRecords);
        }

        public Applied withRestored(@Nullable Map<String, Object> conv, boolean r) {
            return new Applied(target, replayed, seq, lastSeq, rowVersion, appliedFields, note, renamedTo,
                    skippedFieldIds, r, conv, created, rejectedRecords);
        }

        public Applied bulk(long first, long last, int n, List<RejectedRecord> refused) {
            return new Applied(target, replayed, first, last, rowVersion, appliedFields, note, renamedTo,
                    skippedFieldIds, restored, conversion, n, refused);
        }

        @Override
        public Applied asReplay() {
            return new Applied(target, true, seq, lastSeq, rowVersion, appliedFields, note, renamedTo,
                    skippedFieldIds, restored, conversion, created, rejectedRecords);
        }
    }

    /** What kind of clash a {@link Conflict} is. */
    enum ConflictKind {
        /** Fields of a record update someone else changed since the client's version (the rest was applied). */
        FIELDS,
        /** The record was deleted on the server; the edit ({@code mine}) was not applied. */
        DELETED,
        /** The record changed on the server after the client saw it; the delete was not applied ({@code theirs}). */
        CHANGED,
        /** The field was removed on the server; the change to it ({@code mine}) was not applied. */
        REMOVED,
        /** Someone else renamed the field meanwhile; it keeps their name. */
        RENAME,
        /**
         * A view update changed settings someone else changed meanwhile: the update was applied (last writer wins,
         * {@code seq}); {@code mine}, {@code theirs} and {@code base} are objects by setting name
         * ({@link dev.rowan.model.view.ViewMerge}) holding the contested settings, {@code theirs} the values that lost.
         */
        SETTINGS,
        /**
         * Not an answer to a push of the client's own: a pull's {@code results} bring it to the desktop whose view
         * settings a later change by someone else replaced without having seen them (a contest this desktop lost,
         * issue 11). {@code target} names a fresh id and the view; {@code mine} (this desktop's values),
         * {@code theirs} (the values that replaced them) and {@code base} are objects by setting name like
         * {@link #SETTINGS}'s; {@code seq} is the change that replaced them.
         */
        OVERRULED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ConflictKind of(@Nullable Object wire) {
            for (ConflictKind k : values()) {
                if (k.wire().equals(wire)) return k;
            }
            throw RowanException.invalid("kind", "Unknown conflict kind " + wire);
        }
    }

    /** One contested field of a record update: the client's value, the server's, and the one the client started from. */
    record FieldConflict(UUID fieldId, String field, @Nullable Object mine, @Nullable Object theirs,
                         @Nullable Object base, String reason) {
    }

    /**
     * Someone else changed the same thing: see {@link ConflictKind}. A {@code FIELDS} conflict applied the rest of
     * the edit ({@code seq}, {@code rowVersion}, {@code appliedFields}) and lists the contested fields.
     */
    record Conflict(Target target, boolean replayed, ConflictKind kind, String reason, @Nullable Long seq,
                    @Nullable Long rowVersion, @Nullable List<String> appliedFields, List<FieldConflict> conflicts,
                    @Nullable Object mine, @Nullable Object theirs, @Nullable Object base) implements PushResult {
        public Conflict {
            conflicts = List.copyOf(conflicts);
        }

        public static Conflict of(Target target, ConflictKind kind, String reason, @Nullable Object mine,
                                  @Nullable Object theirs, @Nullable Object base) {
            return new Conflict(target, false, kind, reason, null, null, null, List.of(), mine, theirs, base);
        }

        @Override
        public Conflict asReplay() {
            return new Conflict(target, true, kind, reason, seq, rowVersion, appliedFields, conflicts, mine, theirs,
                    base);
        }

        @Override
        public List<RejectedRecord> rejectedRecords() {
            return List.of();
        }
    }

    /** A row of a bulk create that was not inserted, with why. */
    record RejectedRecord(@Nullable String id, int index, String reason) {
    }

    /**
     * Nothing applied: {@code reason} for people, {@code type} the problem type slug (as in problem+json),
     * {@code errors} per input, {@code details} the problem's extra members (e.g. a conversion preview). A bulk
     * create none of whose rows went in is rejected with its {@code created} (0) and {@code rejectedRecords}.
     */
    record Rejected(Target target, boolean replayed, String reason, @Nullable String type, List<FieldError> errors,
                    Map<String, Object> details, @Nullable Integer created, List<RejectedRecord> rejectedRecords)
            implements PushResult {
        public Rejected {
            errors = List.copyOf(errors);
            details = Map.copyOf(details);
            rejectedRecords = List.copyOf(rejectedRecords);
        }

        public static Rejected of(Target target, String reason) {
            return new Rejected(target, false, reason, null, List.of(), Map.of(), null, List.of());
        }

        /** The answer for a failure; {@code reason} is its message made safe to show. */
        public static Rejected of(Target target, RowanException e, String reason) {
            return new Rejected(target, false, reason, e.type(), e.errors(), e.extra(), null, List.of());
        }

        @Override
        public Rejected asReplay() {
            return new Rejected(target, true, reason, type, errors, details, created, rejectedRecords);
        }

        @Override
        public @Nullable Long seq() {
            return null;
        }
    }

    // ------------------------------------------------------------------ the one JSON form

    default Map<String, Object> toJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        Target t = target();
        r.put("mutationId", t.mutationId().toString());
        r.put("entity", t.entity().name());
        r.put("op", t.op().name());
        r.put("entityId", t.entityId().toString());
        r.put("status", status());
        switch (this) {
            case Applied a -> {
                putIf(r, "seq", a.seq());
                putIf(r, "lastSeq", a.lastSeq());
                putIf(r, "rowVersion", a.rowVersion());
                putIf(r, "appliedFields", a.appliedFields());
                putIf(r, "renamedTo", a.renamedTo());
                putIf(r, "note", a.note());
                if (!a.skippedFieldIds().isEmpty()) {
                    r.put("skippedFieldIds", a.skippedFieldIds().stream().map(UUID::toString).toList());
                }
                if (a.restored()) r.put("restored", true);
                putIf(r, "conversion", a.conversion());
                putIf(r, "created", a.created());
                if (a.created() != null) r.put("rejectedRecords", records(a.rejectedRecords()));
            }
            case Conflict c -> {
                putIf(r, "seq", c.seq());
                putIf(r, "rowVersion", c.rowVersion());
                putIf(r, "appliedFields", c.appliedFields());
                r.put("kind", c.kind().wire());
                r.put("reason", c.reason());
                if (c.kind() == ConflictKind.FIELDS) {
                    List<Map<String, @Nullable Object>> fs = new ArrayList<>();
                    for (FieldConflict f : c.conflicts()) {
                        Map<String, @Nullable Object> m = new LinkedHashMap<>();
                        m.put("fieldId", f.fieldId().toString());
                        m.put("field", f.field());
                        m.put("mine", f.mine());
                        m.put("theirs", f.theirs());
                        m.put("base", f.base());
                        m.put("reason", f.reason());
                        fs.add(m);
                    }
                    r.put("conflicts", fs);
                }
                putIf(r, "mine", c.mine());
                putIf(r, "theirs", c.theirs());
                putIf(r, "base", c.base());
            }
            case Rejected j -> {
                r.put("reason", j.reason());
                putIf(r, "type", j.type());
                if (!j.errors().isEmpty()) {
                    r.put("errors", j.errors().stream()
                            .map(e -> (Object) Map.of("field", e.field(), "message", e.message())).toList());
                }
                putIf(r, "created", j.created());
                if (j.created() != null) r.put("rejectedRecords", records(j.rejectedRecords()));
                j.details().forEach(r::putIfAbsent);
            }
        }
        if (replayed()) r.put("replayed", true);
        return r;
    }

    private static void putIf(Map<String, Object> r, String key, @Nullable Object value) {
        if (value != null) r.put(key, value);
    }

    private static List<Map<String, @Nullable Object>> records(List<RejectedRecord> rows) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>(rows.size());
        for (RejectedRecord row : rows) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("id", row.id());
            m.put("index", row.index());
            m.put("reason", row.reason());
            out.add(m);
        }
        return out;
    }

    /** Reads the JSON form back; throws {@link dev.rowan.model.error.Invalid} if it is not a push result. */
    static PushResult fromJson(Map<String, ?> r) {
        Target t = new Target(uuid(r.get("mutationId"), "mutationId"),
                Mutation.Entity.valueOf(text(r.get("entity"), "entity")), Mutation.Op.valueOf(text(r.get("op"), "op")),
                uuid(r.get("entityId"), "entityId"));
        boolean replayed = Boolean.TRUE.equals(r.get("replayed"));
        String status = text(r.get("status"), "status");
        return switch (status) {
            case "applied" -> new Applied(t, replayed, longOf(r.get("seq")), longOf(r.get("lastSeq")),
                    longOf(r.get("rowVersion")), strings(r.get("appliedFields")),
                    r.get("note") instanceof String s ? s : null, r.get("renamedTo") instanceof String s ? s : null,
                    uuids(r.get("skippedFieldIds")), Boolean.TRUE.equals(r.get("restored")), map(r.get("conversion")),
                    r.get("created") instanceof Number n ? n.intValue() : null, rejectedRows(r.get("rejectedRecords")));
            case "conflict" -> {
                List<FieldConflict> fs = new ArrayList<>();
                if (r.get("conflicts") instanceof List<?> l) {
                    for (Object o : l) {
                        if (!(o instanceof Map<?, ?> f)) continue;
                        fs.add(new FieldConflict(uuid(f.get("fieldId"), "fieldId"), String.valueOf(f.get("field")),
                                f.get("mine"), f.get("theirs"), f.get("base"),
                                f.get("reason") instanceof String s ? s : ""));
                    }
                }
                yield new Conflict(t, replayed, ConflictKind.of(r.get("kind")),
                        r.get("reason") instanceof String s ? s : "", longOf(r.get("seq")), longOf(r.get("rowVersion")),
                        strings(r.get("appliedFields")), fs, r.get("mine"), r.get("theirs"), r.get("base"));
            }
            case "rejected" -> {
                Map<String, Object> details = new LinkedHashMap<>();
                r.forEach((k, v) -> {
                    if (!REJECTED_KEYS.contains(k) && v != null) details.put(k, v);
                });
                yield new Rejected(t, replayed, r.get("reason") instanceof String s ? s : "",
                        r.get("type") instanceof String s ? s : null, errors(r.get("errors")), details,
                        r.get("created") instanceof Number n ? n.intValue() : null,
                        rejectedRows(r.get("rejectedRecords")));
            }
            default -> throw RowanException.invalid("status", "Unknown push result status " + status);
        };
    }

    /** Members of a rejected answer that are not the problem's extra details. */
    java.util.Set<String> REJECTED_KEYS = java.util.Set.of("mutationId", "entity", "op", "entityId", "status",
            "replayed", "reason", "type", "errors", "created", "rejectedRecords");

    private static String text(@Nullable Object o, String key) {
        if (o instanceof String s) return s;
        throw RowanException.invalid(key, key + " must be text");
    }

    private static UUID uuid(@Nullable Object o, String key) {
        if (o instanceof UUID u) return u;
        try {
            return UUID.fromString(text(o, key));
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid(key, key + " must be a UUID");
        }
    }

    private static @Nullable Long longOf(@Nullable Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private static @Nullable List<String> strings(@Nullable Object o) {
        if (!(o instanceof List<?> l)) return null;
        return l.stream().map(String::valueOf).toList();
    }

    private static List<UUID> uuids(@Nullable Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().map(x -> uuid(x, "skippedFieldIds")).toList();
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> map(@Nullable Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static List<FieldError> errors(@Nullable Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        List<FieldError> out = new ArrayList<>();
        for (Object e : l) {
            if (e instanceof FieldError fe) {
                out.add(fe);
            } else if (e instanceof Map<?, ?> m) {
                out.add(new FieldError(String.valueOf(m.get("field")), String.valueOf(m.get("message"))));
            }
        }
        return out;
    }

    private static List<RejectedRecord> rejectedRows(@Nullable Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        List<RejectedRecord> out = new ArrayList<>();
        for (Object e : l) {
            if (!(e instanceof Map<?, ?> m)) continue;
            out.add(new RejectedRecord(m.get("id") == null ? null : String.valueOf(m.get("id")),
                    m.get("index") instanceof Number n ? n.intValue() : -1, String.valueOf(m.get("reason"))));
        }
        return out;
    }
}
