package dev.rowan.model.sync;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.Invalid;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every push result goes to its one JSON form and back unchanged, and the JSON keeps the wire members. */
class PushResultJsonTest {
    private static final PushResult.Target RECORD = new PushResult.Target(
            UUID.fromString("00000000-0000-0000-0000-000000000001"), Mutation.Entity.RECORD, Mutation.Op.UPDATE,
            UUID.fromString("00000000-0000-0000-0000-000000000002"));
    private static final PushResult.Target FIELD = new PushResult.Target(
            UUID.fromString("00000000-0000-0000-0000-000000000003"), Mutation.Entity.FIELD, Mutation.Op.UPDATE,
            UUID.fromString("00000000-0000-0000-0000-000000000004"));
    private static final UUID F1 = UUID.fromString("00000000-0000-0000-0000-000000000005");

    static List<PushResult> everyShape() {
        Map<String, Object> theirs = new LinkedHashMap<>();
        theirs.put("id", RECORD.entityId().toString());
        theirs.put("fields", Map.of("Name", "Theirs"));
        return List.of(
                PushResult.Applied.of(RECORD).withRow(12L, 12L, List.of(F1.toString())),
                PushResult.Applied.of(RECORD).withNote("already deleted"),
                PushResult.Applied.of(FIELD).renamed("Stage (2)", "The name 'Stage' was taken meanwhile"),
                PushResult.Applied.of(FIELD).withRestored(Map.of("total", new BigDecimal("3"),
                        "converted", new BigDecimal("3")), true),
                PushResult.Applied.of(FIELD).withSkipped(List.of(F1)).withSeq(9L).asReplay(),
                PushResult.Applied.of(RECORD).bulk(20L, 22L, 2, List.of(
                        new PushResult.RejectedRecord(F1.toString(), 1, "Amount: expects a number"),
                        new PushResult.RejectedRecord(null, 3, "records[3]: must be an object"))),
                new PushResult.Conflict(RECORD, false, PushResult.ConflictKind.FIELDS,
                        "1 field(s) were changed by someone else", 14L, 14L, List.of("x"),
                        List.of(new PushResult.FieldConflict(F1, "Amount", new BigDecimal("5"), new BigDecimal("6"),
                                new BigDecimal("4"), "Changed on the server since your version 3")),
                        null, null, null),
                PushResult.Conflict.of(RECORD, PushResult.ConflictKind.DELETED, "deleted meanwhile",
                        Map.of(F1.toString(), "mine"), null, null),
                PushResult.Conflict.of(RECORD, PushResult.ConflictKind.CHANGED, "changed meanwhile", null, theirs,
                        null).asReplay(),
                PushResult.Conflict.of(FIELD, PushResult.ConflictKind.REMOVED, "removed", Map.of("name", "X"),
                        null, null),
                PushResult.Conflict.of(FIELD, PushResult.ConflictKind.RENAME, "renamed", "Mine", "Theirs", "Base"),
                new PushResult.Conflict(FIELD, false, PushResult.ConflictKind.SETTINGS, "both changed the sort", 15L,
                        null, null, List.of(), Map.of("query.sorts", List.of(Map.of("fieldId", F1.toString()))),
                        Map.of("query.sorts", List.of()), Map.of("query.sorts", List.of())),
                new PushResult.Conflict(FIELD, false, PushResult.ConflictKind.OVERRULED, "theirs replaced yours", 16L,
                        null, null, List.of(), Map.of("name", "Mine"), Map.of("name", "Theirs"), Map.of("name", "Base")),
                PushResult.Rejected.of(RECORD, "The same mutationId appears twice in this push").asReplay(),
                PushResult.Rejected.of(FIELD, new Invalid(Invalid.Reason.CONVERSION_FAILED, "2 of 3 cannot",
                        List.of(new FieldError("type", "cannot convert")),
                        Map.of("conversion", Map.of("failed", new BigDecimal("2")))), "2 of 3 cannot"),
                new PushResult.Rejected(RECORD, false, "None of the 1 records could be inserted", null, List.of(),
                        Map.of(), 0, List.of(new PushResult.RejectedRecord(F1.toString(), 0, "bad"))));
    }

    @ParameterizedTest
    @MethodSource("everyShape")
    void aResultSurvivesItsJsonForm(PushResult r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonText.parse(JsonText.write(r.toJson()));
        PushResult back = PushResult.fromJson(parsed);
        assertThat(back).isEqualTo(r);
        assertThat(JsonText.write(back.toJson())).isEqualTo(JsonText.write(r.toJson()));
    }

    @Test
    void everyVariantAndConflictKindIsCovered() {
        Set<Class<?>> variants = new HashSet<>();
        Set<PushResult.ConflictKind> kinds = new HashSet<>();
        for (PushResult r : everyShape()) {
            variants.add(r.getClass());
            if (r instanceof PushResult.Conflict c) kinds.add(c.kind());
        }
        assertThat(variants).containsExactlyInAnyOrder(PushResult.class.getPermittedSubclasses());
        assertThat(kinds).containsExactlyInAnyOrder(PushResult.ConflictKind.values());
    }

    @Test
    void theJsonKeepsTheWireMembersClientsRead() {
        Map<String, Object> applied = PushResult.Applied.of(RECORD).withRow(12L, 12L, List.of("f")).toJson();
        assertThat(applied).containsEntry("status", "applied").containsEntry("seq", 12L)
                .containsEntry("rowVersion", 12L).containsEntry("entity", "RECORD").containsEntry("op", "UPDATE")
                .containsEntry("mutationId", RECORD.mutationId().toString()).doesNotContainKey("replayed");
        Map<String, Object> rejected = PushResult.Rejected.of(FIELD, RowanException.duplicateName("taken"),
                "taken").toJson();
        assertThat(rejected).containsEntry("status", "rejected").containsEntry("type", "duplicate-name")
                .containsEntry("reason", "taken");
        Map<String, Object> conflict = PushResult.Conflict.of(RECORD, PushResult.ConflictKind.DELETED, "gone",
                Map.of(), null, null).asReplay().toJson();
        assertThat(conflict).containsEntry("status", "conflict").containsEntry("kind", "deleted")
                .containsEntry("replayed", true);
    }

    @Test
    void somethingElseIsNotAResult() {
        assertThatThrownBy(() -> PushResult.fromJson(Map.of("mutationId", RECORD.mutationId().toString(),
                "entity", "RECORD", "op", "UPDATE", "entityId", RECORD.entityId().toString(), "status", "maybe")))
                .isInstanceOf(Invalid.class);
        assertThatThrownBy(() -> PushResult.fromJson(Map.of("status", "applied"))).isInstanceOf(Invalid.class);
    }
}
