package dev.rowan.desktop.workspace;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pull pages applied without a server, to pin down how records are written: plain INSERTs where no row of the
 * page can exist yet, MERGE otherwise, and local edits not yet pushed winning either way.
 */
class ReplicaTest {
    private static final UUID APP = UUID.fromString("a0010000-0000-4000-8000-00000000a001");
    private static final UUID TABLE = UUID.fromString("b0010000-0000-4000-8000-00000000b001");
    private static final UUID NAME = UUID.fromString("c0010000-0000-4000-8000-00000000c001");
    private static final UUID QTY = UUID.fromString("c0020000-0000-4000-8000-00000000c002");

    @TempDir
    Path dir;
    private Workspace ws;
    private Replica replica;
    private RecordStore records;
    private TableDef t;

    @BeforeEach
    void open() {
        ws = Workspace.open(dir);
        replica = new Replica(ws);
        records = new RecordStore(ws);
        Map<String, Object> page = page(List.of());
        page.put("schema", List.of(schemaEntry("app", APP, Map.of("name", "Ops", "position", 0)),
                schemaEntry("table", TABLE, Map.of("appId", APP.toString(), "name", "Items", "position", 0,
                        "fields", List.of(
                                Map.of("id", NAME.toString(), "name", "Name", "type", "text", "position", 0),
                                Map.of("id", QTY.toString(), "name", "Qty", "type", "number",
                                        "config", Map.of("precision", 2), "position", 1)),
                        "views", List.of()))));
        replica.apply(page);
        t = new SchemaStore(ws).table(TABLE);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** An id whose first byte is {@code high} (so pages can be placed in the unsigned id order). */
    private static UUID id(int high, int n) {
        return new UUID(((long) high << 56) | n, n);
    }

    private static Map<String, Object> schemaEntry(String entity, UUID id, Map<String, Object> data) {
        return new LinkedHashMap<>(Map.of("entity", entity, "id", id.toString(), "op", "upsert", "data", data));
    }

    private static Map<String, Object> rec(UUID id, String name, int qty, long version) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id.toString());
        record.put("createdAt", "2026-11-2" + (version % 10) + "T10:15:30.123456Z");
        record.put("updatedAt", "2026-11-22T10:15:30Z");
        record.put("createdBy", null);
        record.put("updatedBy", null);
        record.put("rowVersion", BigDecimal.valueOf(version));
        record.put("fields", Map.of(NAME.toString(), name, QTY.toString(), BigDecimal.valueOf(qty)));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("tableId", TABLE.toString());
        e.put("id", id.toString());
        e.put("op", "upsert");
        e.put("record", record);
        return e;
    }

    private static Map<String, Object> deleted(UUID id) {
        return new LinkedHashMap<>(Map.of("tableId", TABLE.toString(), "id", id.toString(), "op", "delete"));
    }

    private static Map<String, Object> page(List<Map<String, Object>> recs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", "snapshot");
        p.put("cursor", "s:1:-:-");
        p.put("hasMore", false);
        p.put("schema", List.of());
        p.put("records", recs);
        return p;
    }

    /** Applies the page as the engine does: written to JSON and read back, so values have the wire's types. */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object>... recs) {
        replica.apply((Map<String, @Nullable Object>) JsonText.parse(JsonText.write(page(List.of(recs)))));
    }

    private Map<UUID, String> names() {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (Row r : records.page(t, null, List.of(), null, 1000).rows()) out.put(r.id(), (String) r.value(NAME));
        return out;
    }

    private long version(UUID id) {
        return records.byId(t, id).orElseThrow().rowVersion();
    }

    @Test
    void theSameRowsPulledAgainAreMergedNotDuplicated() {
        UUID a = id(0x10, 1);
        UUID b = id(0x90, 2); // above 2^63: negative for Java's signed UUID order
        UUID c = id(0xf0, 3);
        apply(rec(a, "a1", 1, 1), rec(b, "b1", 2, 1), rec(c, "c1", 3, 1));
        assertThat(names()).containsOnlyKeys(a, b, c);

        apply(rec(a, "a2", 1, 2), rec(b, "b2", 2, 2), rec(c, "c2", 3, 2));
        assertThat(names()).containsExactlyInAnyOrderEntriesOf(Map.of(a, "a2", b, "b2", c, "c2"));
        assertThat(version(b)).isEqualTo(2);
        assertThat(records.byId(t, c).orElseThrow().value(QTY)).isEqualTo(new BigDecimal("3.00"));
    }

    @Test
    void pagesBesideTheLocalRowsInsertAndPagesAcrossThemMerge() {
        UUID a = id(0x20, 1);
        UUID b = id(0x30, 2);
        apply(rec(a, "a1", 1, 1), rec(b, "b1", 1, 1));
        // after every local row (a snapshot's next page): inserted
        UUID c = id(0x80, 3);
        UUID d = id(0xf0, 4);
        apply(rec(c, "c1", 1, 1), rec(d, "d1", 1, 1));
        // around the local rows, one of them changed: merged
        UUID e = id(0x05, 5);
        apply(rec(e, "e1", 1, 1), rec(b, "b2", 1, 2), rec(id(0x40, 6), "f1", 1, 1));
        // a page whose range starts at an existing row: merged
        apply(rec(id(0xf8, 7), "g1", 1, 1), rec(d, "d2", 1, 2));
        assertThat(names()).hasSize(7).containsEntry(b, "b2").containsEntry(d, "d2").containsEntry(e, "e1")
                .containsEntry(a, "a1").containsEntry(c, "c1");
        assertThat(version(d)).isEqualTo(2);
    }

    @Test
    void aRowTwiceInOnePageKeepsTheLaterValues() {
        UUID a = id(0x10, 1);
        apply(rec(a, "first", 1, 1), rec(id(0x11, 2), "x", 1, 1), rec(a, "second", 2, 2));
        assertThat(names()).hasSize(2).containsEntry(a, "second");
    }

    @Test
    void localEditsNotYetPushedWinOverPulledRows() {
        UUID a = id(0x10, 1);
        UUID b = id(0x20, 2);
        apply(rec(a, "a1", 1, 1), rec(b, "b1", 1, 1));
        records.update(t, List.of(new RecordStore.CellChange(a, NAME, "a1", "mine")));
        records.delete(t, List.of(b));
        assertThat(Outbox.size(ws)).isEqualTo(2);

        // b is gone locally, so this page's range holds no local row: the INSERT path, which must skip b
        UUID c = id(0x18, 3);
        apply(rec(b, "b2", 5, 2), rec(c, "c1", 1, 1));
        assertThat(names()).containsOnlyKeys(a, c);

        // a is in the range: merged, the pending field stays mine, the other field and the version are pulled
        apply(rec(a, "theirs", 9, 3), rec(id(0x08, 4), "d1", 1, 1), rec(b, "b3", 1, 3));
        Row ra = records.byId(t, a).orElseThrow();
        assertThat(ra.value(NAME)).isEqualTo("mine");
        assertThat(ra.value(QTY)).isEqualTo(new BigDecimal("9.00"));
        assertThat(ra.rowVersion()).isEqualTo(3);
        assertThat(names()).hasSize(3).doesNotContainKey(b);
    }

    @Test
    void deletesInAPageAreApplied() {
        UUID a = id(0x10, 1);
        UUID b = id(0x20, 2);
        apply(rec(a, "a1", 1, 1), rec(b, "b1", 1, 1));
        apply(deleted(a), rec(id(0x30, 3), "c1", 1, 1));
        assertThat(names()).hasSize(2).doesNotContainKey(a);
    }

    /** The INSERT path's range check assumes H2 orders UUIDs like {@link dev.rowan.model.Ids#compareUnsigned}. */
    @Test
    void h2OrdersUuidsAsUnsignedNumbers() throws Exception {
        Random random = new Random(7);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) ids.add(new UUID(random.nextLong(), random.nextLong()));
        ids.add(new UUID(Long.MIN_VALUE, 0));
        ids.add(new UUID(Long.MAX_VALUE, -1));
        ids.add(new UUID(0, Long.MIN_VALUE));
        ids.add(new UUID(0, 1));
        List<UUID> fromH2 = ws.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE rowan.uuid_order (id UUID PRIMARY KEY)");
            }
            try (var ps = c.prepareStatement("INSERT INTO rowan.uuid_order VALUES (?)")) {
                for (UUID id : ids) {
                    ps.setObject(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<UUID> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM rowan.uuid_order ORDER BY id")) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE rowan.uuid_order");
            }
            return out;
        });
        List<UUID> sorted = new ArrayList<>(ids);
        sorted.sort(dev.rowan.model.Ids::compareUnsigned);
        assertThat(fromH2).containsExactlyElementsOf(sorted);
    }

    @Test
    void fieldDefinitionsArrivedWithTheTable() {
        assertThat(t.activeFields()).extracting(FieldDef::name).containsExactly("Name", "Qty");
    }
}
