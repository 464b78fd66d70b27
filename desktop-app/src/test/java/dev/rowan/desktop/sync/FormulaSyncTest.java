package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A formula field made on the desktop reaches the server (stored by id, computed by PostgreSQL) and another
 * replica (computed by its H2), with the same values everywhere and nothing left in the outbox or in conflict.
 */
class FormulaSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static Map<UUID, String> totals(Client c, UUID tableId, UUID totalId) {
        TableDef t = c.schema.table(tableId);
        Map<UUID, String> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 1000).rows()) {
            Object v = r.value(totalId);
            out.put(r.id(), v == null ? null : ((BigDecimal) v).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormulaFieldSyncsToTheServerAndAnotherReplicaWithTheSameValues() throws Exception {
        String email = "formula-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        FieldDef qty = FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(1));
        TableDef t = a.schema.createTable(a.schema.createApp("Shop").id(), null, "Lines", List.of(qty));
        FieldDef total = a.schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Total",
                FieldTypes.parse("formula", Map.of("formula", "{Qty} * 3"), null)));
        t = a.schema.table(t.id());
        Row two = a.records.insert(t, Map.of(qty.id(), new BigDecimal("2.0")));
        Row none = a.records.insert(t, Map.of());
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(totals(a, t.id(), total.id())).containsEntry(two.id(), "6").containsEntry(none.id(), null);

        // the server holds the formula by id and computes it
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        ApiClient.Response table = api.get("/api/tables/" + t.id());
        assertThat(table.body()).contains("{fld:" + qty.id() + "} * 3").doesNotContain("\"broken\"");
        ApiClient.Response records = api.get("/api/tables/" + t.id() + "/records");
        assertThat(records.status()).as(records.body()).isEqualTo(200);
        Map<String, Object> first = records.data().stream().filter(r -> two.id().toString().equals(r.get("id")))
                .findFirst().orElseThrow();
        assertThat(new BigDecimal(((Map<String, Object>) first.get("fields")).get("Total").toString()))
                .isEqualByComparingTo("6");

        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();
        assertThat(b.schema.table(t.id()).fieldById(total.id()).orElseThrow().type()).isInstanceOf(FieldType.Formula.class);
        assertThat(totals(b, t.id(), total.id())).isEqualTo(totals(a, t.id(), total.id()));
        assertThat(b.engine.conflicts().open()).isEmpty();
    }
}
