package dev.rowan.model.sync;

import dev.rowan.model.error.Invalid;
import dev.rowan.model.json.JsonText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operation goes to its wire form (an outbox entry with a JSON payload) and back unchanged. */
class OperationJsonTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID PARENT = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final String FIELD = "00000000-0000-0000-0000-00000000000c";

    private static Operation.Definition def(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new Operation.Definition(m);
    }

    private static Operation.Values values(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new Operation.Values(m);
    }

    /** One of every permitted operation, with payloads of each shape. */
    static List<Operation> everyOperation() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(FIELD, new BigDecimal("12.50"));
        fields.put("Name", "Ada");
        fields.put("Tags", List.of("a", "b"));
        fields.put("Done", true);
        Map<String, Object> cleared = new LinkedHashMap<>();
        cleared.put(FIELD, null);
        Operation.Values nulls = new Operation.Values(cleared);
        return List.of(
                new Operation.CreateApp(ID, def("name", "CRM", "color", "#ffaa00")),
                new Operation.UpdateApp(ID, def("name", "Sales", "position", new BigDecimal("2"))),
                new Operation.DeleteApp(ID, Operation.Definition.empty()),
                new Operation.CreateFolder(ID, PARENT, def("name", "Q1", "parentFolderId", PARENT.toString())),
                new Operation.UpdateFolder(ID, null, def("description", "notes")),
                new Operation.DeleteFolder(ID, null, Operation.Definition.empty()),
                new Operation.CreateTable(ID, PARENT, def("name", "Deals", "fields",
                        List.of(Map.of("name", "Amount", "type", "currency")))),
                new Operation.UpdateTable(ID, PARENT, def("fieldOrder", List.of(FIELD))),
                new Operation.DeleteTable(ID, PARENT, Operation.Definition.empty()),
                new Operation.CreateField(ID, PARENT, def("name", "Stage", "type", "singleSelect", "config",
                        Map.of("options", List.of(Map.of("name", "Won"))))),
                new Operation.UpdateField(ID, PARENT, def("name", "Phase", "base", Map.of("name", "Stage"))),
                new Operation.DeleteField(ID, PARENT, Operation.Definition.empty()),
                new Operation.CreateView(ID, PARENT, def("name", "All", "type", "grid", "config", Map.of())),
                new Operation.UpdateView(ID, PARENT, def("name", "Open deals", "type", "grid")),
                new Operation.DeleteView(ID, PARENT, Operation.Definition.empty()),
                new Operation.SetViewRank(ID, PARENT, "V"),
                new Operation.SetViewRank(ID, PARENT, null),
                new Operation.CreateRecord(ID, PARENT, new Operation.Values(fields)),
                new Operation.UpdateRecord(ID, PARENT, nulls, 41L, values(FIELD, "old")),
                new Operation.UpdateRecord(ID, PARENT, values("Name", "Grace"), null, Operation.Values.none()),
                new Operation.DeleteRecord(ID, PARENT, 7L),
                new Operation.DeleteRecord(ID, PARENT, null),
                new Operation.BulkCreateRecords(ID, PARENT, List.of(
                        Map.of("id", ID.toString(), "fields", Map.of("Name", "A")),
                        Map.of("id", PARENT.toString(), "fields", Map.of("Name", "B"))),
                        Operation.Definition.empty()));
    }

    @ParameterizedTest
    @MethodSource("everyOperation")
    void anOperationSurvivesItsWireForm(Operation op) {
        Mutation m = op.toMutation(JsonText::write);
        assertThat(m.op()).isEqualTo(op.op());
        assertThat(m.entity()).isEqualTo(op.entity());
        assertThat(m.entityId()).isEqualTo(op.entityId());
        assertThat(m.parentId()).isEqualTo(op.parentId());
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonText.parse(m.payload());
        Operation back = Operation.of(m, parsed);
        assertThat(back).isEqualTo(op);
        assertThat(back.payload()).isEqualTo(op.payload());
    }

    @Test
    void everyPermittedOperationIsCoveredAndEveryEntityAndOpIsReachable() {
        Set<Class<?>> covered = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (Operation op : everyOperation()) {
            covered.add(op.getClass());
            pairs.add(op.entity() + " " + op.op());
        }
        assertThat(covered).containsExactlyInAnyOrder(Operation.class.getPermittedSubclasses());
        List<String> all = new ArrayList<>();
        for (Mutation.Entity e : Mutation.Entity.values()) {
            for (Mutation.Op o : Mutation.Op.values()) {
                // a rank is only ever set (null puts the record back among the unranked)
                if (e != Mutation.Entity.VIEW_RANK || o == Mutation.Op.UPDATE) all.add(e + " " + o);
            }
        }
        assertThat(pairs).containsExactlyInAnyOrderElementsOf(all);
        assertThat(Arrays.stream(Operation.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .contains("BulkCreateRecords", "UpdateRecord", "CreateView");
    }

    @Test
    void aRecordCreateWithRecordsIsABulkCreate() {
        Operation op = Operation.of(Mutation.Op.CREATE, Mutation.Entity.RECORD, ID, PARENT,
                Map.of("records", List.of(Map.of("id", ID.toString(), "fields", Map.of()))));
        assertThat(op).isInstanceOf(Operation.BulkCreateRecords.class);
        assertThat(((Operation.BulkCreateRecords) op).rows()).hasSize(1);
    }

    @Test
    void malformedRecordPayloadsAreRefusedWithTheWordsOfThePush() {
        assertThatThrownBy(() -> Operation.of(Mutation.Op.UPDATE, Mutation.Entity.RECORD, ID, PARENT,
                Map.of("fields", "x"))).isInstanceOf(Invalid.class).hasMessage("fields must be an object");
        assertThatThrownBy(() -> Operation.of(Mutation.Op.CREATE, Mutation.Entity.RECORD, ID, null, Map.of()))
                .isInstanceOf(Invalid.class).hasMessageContaining("names its table in parentId");
        assertThatThrownBy(() -> Operation.of(Mutation.Op.CREATE, Mutation.Entity.RECORD, ID, PARENT,
                Map.of("records", List.of()))).isInstanceOf(Invalid.class).hasMessageContaining("non-empty list");
    }

    @Test
    void aViewRankIsOnlyUpdatedNamesItsViewAndCarriesARank() {
        assertThatThrownBy(() -> Operation.of(Mutation.Op.CREATE, Mutation.Entity.VIEW_RANK, ID, PARENT,
                Map.of("rank", "V"))).isInstanceOf(Invalid.class).hasMessageContaining("only ever updated");
        assertThatThrownBy(() -> Operation.of(Mutation.Op.DELETE, Mutation.Entity.VIEW_RANK, ID, PARENT, Map.of()))
                .isInstanceOf(Invalid.class);
        assertThatThrownBy(() -> Operation.of(Mutation.Op.UPDATE, Mutation.Entity.VIEW_RANK, ID, null,
                Map.of("rank", "V"))).isInstanceOf(Invalid.class).hasMessageContaining("parentId");
        for (Object bad : List.of("V0", "", "x".repeat(65), "a-b", 42)) {
            assertThatThrownBy(() -> Operation.of(Mutation.Op.UPDATE, Mutation.Entity.VIEW_RANK, ID, PARENT,
                    Map.of("rank", bad))).as(String.valueOf(bad)).isInstanceOf(Invalid.class);
        }
        assertThatThrownBy(() -> Operation.of(Mutation.Op.UPDATE, Mutation.Entity.VIEW_RANK, ID, PARENT,
                Map.of("rank", "V", "fields", Map.of()))).isInstanceOf(Invalid.class);
    }
}
