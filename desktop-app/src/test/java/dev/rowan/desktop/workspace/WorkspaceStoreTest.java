package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.value.Conversions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceStoreTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndOutboxSurviveReopen() {
        UUID tableId;
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            TableDef t = schema.createTable(app.id(), null, "Assets", List.of(
                    FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Cost", new FieldType.NumberType(2))));
            tableId = t.id();
            FieldDef cost = t.fields().get(1);
            Row r = records.insert(t, Map.of(t.fields().get(0).id(), "Laptop", cost.id(), new BigDecimal("999.50")));
            records.update(t, List.of(new RecordStore.CellChange(r.id(), cost.id(), new BigDecimal("999.50"), new BigDecimal("1200.00"))));
            assertThat(Outbox.pending(ws, 100)).extracting(Mutation::entity).containsExactly(
                    Mutation.Entity.APP, Mutation.Entity.TABLE, Mutation.Entity.FIELD, Mutation.Entity.FIELD,
                    Mutation.Entity.RECORD, Mutation.Entity.RECORD);
        }
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            TableDef t = schema.table(tableId);
            assertThat(t.fields()).extracting(FieldDef::name).containsExactly("Name", "Cost");
            assertThat(t.fields().get(1).type()).isEqualTo(new FieldType.NumberType(2));
            Page p = new RecordStore(ws).page(t, null, List.of(), null, 10);
            assertThat(p.rows()).hasSize(1);
            assertThat(p.rows().getFirst().value(t.fields().get(1).id())).isEqualTo(new BigDecimal("1200.00"));
            Mutation last = Outbox.pending(ws, 100).getLast();
            assertThat(last.op()).isEqualTo(Mutation.Op.UPDATE);
            assertThat(last.payload()).contains("1200.00");
        }
    }

    @Test
    void bulkInsertWritesOneOutboxEntryPerChunkCarryingEveryRow() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            TableDef t = schema.createTable(app.id(), null, "Bulk", List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            UUID name = t.fields().getFirst().id();
            long before = Outbox.size(ws);
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            for (int i = 0; i < RecordStore.CHUNK * 2 + 5; i++) rows.add(Map.of(name, "row " + i));
            List<Row> inserted = records.insertAll(t, rows, () -> false);

            List<Mutation> bulk = Outbox.pending(ws, 100).subList((int) before, (int) Outbox.size(ws));
            assertThat(bulk).hasSize(3).allSatisfy(m -> {
                assertThat(m.op()).isEqualTo(Mutation.Op.CREATE);
                assertThat(m.entity()).isEqualTo(Mutation.Entity.RECORD);
                assertThat(m.parentId()).isEqualTo(t.id());
            });
            String all = String.join("", bulk.stream().map(Mutation::payload).toList());
            for (Row r : List.of(inserted.getFirst(), inserted.get(RecordStore.CHUNK), inserted.getLast())) {
                assertThat(all).contains("\"id\":\"" + r.id() + "\"");
            }
            assertThat(all).contains("\"row 2004\"");
            Object first = dev.rowan.model.json.JsonText.parse(bulk.getFirst().payload());
            assertThat(first).isInstanceOfSatisfying(Map.class, m -> assertThat((List<?>) m.get("records")).hasSize(RecordStore.CHUNK)
                    .first().isEqualTo(Map.of("id", inserted.getFirst().id().toString(), "fields", Map.of(name.toString(), "row 0"))));
            assertThat(bulk.get(1).entityId()).isEqualTo(inserted.get(RecordStore.CHUNK).id());
            // UUIDv7 (time-ordered) ids, made the same way as on the server
            assertThat(inserted.getFirst().id().version()).isEqualTo(7);
        }
    }

    @Test
    void pagesInCreationOrderSeekTheIndexInsteadOfScanningFromTheStart() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            TableDef t = schema.createTable(app.id(), null, "Deep", List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            UUID name = t.fields().getFirst().id();
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            for (int i = 0; i < 3000; i++) rows.add(Map.of(name, "row " + i));
            records.insertAll(t, rows, () -> false);
            List<Sort> order = List.of(Sort.asc("createdAt"));
            Page skipped = records.pageAt(t, null, order, 2399, 1);
            dev.rowan.model.sql.Cursor cursor = RecordStore.cursorAfter(t, order, skipped.rows().getFirst());

            Page page = records.page(t, null, order, cursor, 100);
            assertThat(page.rows()).extracting(r -> r.value(name)).startsWith("row 2400", "row 2401").endsWith("row 2499");

            // RecordSql bounds the first key when it is a system time, so H2 seeks its index to the cursor
            dev.rowan.model.sql.SqlFragment q = new dev.rowan.model.sql.RecordSql(
                    dev.rowan.model.sql.SqlDialect.H2).page(t, null, order, cursor, 100);
            String plan = ws.read(c -> {
                try (var ps = c.prepareStatement("EXPLAIN ANALYZE " + q.sql())) {
                    q.bind(dev.rowan.model.sql.SqlDialect.H2, ps, 1);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
            assertThat(m.find()).as(plan).isTrue();
            // a seek reads about one page; the unrewritten condition read all 2,500 rows before the cursor too
            assertThat(Integer.parseInt(m.group(1))).as(plan).isLessThan(1000);
        }
    }

    @Test
    void failedWriteLeavesNeitherDataNorOutbox() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef code = new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), false, true, false, null,
                    dev.rowan.model.schema.Validation.NONE, null, false, 0);
            TableDef t = schema.createTable(app.id(), null, "Codes", List.of(code));
            records.insert(t, Map.of(code.id(), "A"));
            long before = Outbox.size(ws);
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            rows.add(Map.of(code.id(), "B"));
            rows.add(Map.of(code.id(), "A"));
            assertThatThrownBy(() -> records.insertAll(t, rows, () -> false)).isInstanceOf(RowanException.class);
            assertThat(records.count(t, null)).isEqualTo(1);
            assertThat(Outbox.size(ws)).isEqualTo(before);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void keysetPagesByCreationTimeWalkEveryRowOnceWithAFilter(boolean descending) {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef n = FieldDef.of(UUID.randomUUID(), "N", new FieldType.NumberType(0));
            TableDef t = schema.createTable(app.id(), null, "Numbers", List.of(n));
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) rows.add(Map.of(n.id(), BigDecimal.valueOf(i)));
            records.insertAll(t, rows, () -> false);
            Filter odd = Filter.where("N", Operator.NOT_IN, List.of(0, 2, 4, 6, 8, 10));
            List<Sort> sort = List.of(descending ? Sort.desc("createdAt") : Sort.asc("createdAt"));
            List<BigDecimal> seen = new ArrayList<>();
            Page p = records.page(t, odd, sort, null, 30);
            while (true) {
                p.rows().forEach(r -> seen.add((BigDecimal) r.value(n.id())));
                if (p.next() == null) break;
                p = records.page(t, odd, sort, p.next(), 30);
            }
            List<BigDecimal> expected = new ArrayList<>();
            for (int i = 0; i < 250; i++) if (i > 10 || i % 2 == 1) expected.add(BigDecimal.valueOf(i));
            if (descending) java.util.Collections.reverse(expected);
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void keysetPagesWalkAllRowsInSortOrderWithFilter() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef n = FieldDef.of(UUID.randomUUID(), "N", new FieldType.NumberType(0));
            TableDef t = schema.createTable(app.id(), null, "Numbers", List.of(n));
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                Map<UUID, @Nullable Object> m = new HashMap<>();
                m.put(n.id(), i % 7 == 0 ? null : BigDecimal.valueOf(i));
                rows.add(m);
            }
            records.insertAll(t, rows, () -> false);
            Filter f = Filter.where("N", Operator.GTE, 100);
            List<Sort> sort = List.of(Sort.desc("N"));
            List<BigDecimal> seen = new ArrayList<>();
            Page p = records.page(t, f, sort, null, 40);
            while (true) {
                p.rows().forEach(r -> seen.add((BigDecimal) r.value(n.id())));
                if (p.next() == null) break;
                p = records.page(t, f, sort, p.next(), 40);
            }
            List<BigDecimal> expected = new ArrayList<>();
            for (int i = 249; i >= 100; i--) if (i % 7 != 0) expected.add(BigDecimal.valueOf(i));
            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(records.count(t, f)).isEqualTo(expected.size());
            assertThat(records.pageAt(t, f, sort, 5, 3).rows()).extracting(r -> r.value(n.id()))
                    .containsExactlyElementsOf(expected.subList(5, 8));
        }
    }

    @Test
    void typeChangeConvertsOrRefusesWithoutChangingAnything() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef qty = FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.Text());
            TableDef t = schema.createTable(app.id(), null, "Stock", List.of(qty));
            records.insert(t, Map.of(qty.id(), "12"));
            Row bad = records.insert(t, Map.of(qty.id(), "a dozen"));
            FieldDef asNumber = qty.withType(new FieldType.NumberType(0));
            Conversions.Preview preview = schema.previewTypeChange(t.id(), asNumber, 5);
            assertThat(preview.total()).isEqualTo(2);
            assertThat(preview.failed()).isEqualTo(1);
            assertThat(preview.examples().getFirst().value()).isEqualTo("a dozen");
            assertThatThrownBy(() -> schema.changeFieldType(t.id(), asNumber, () -> false))
                    .hasMessageContaining("1 of 2 values");
            assertThat(schema.table(t.id()).fields().getFirst().type()).isEqualTo(new FieldType.Text());

            records.update(t, List.of(new RecordStore.CellChange(bad.id(), qty.id(), "a dozen", "13")));
            schema.changeFieldType(t.id(), asNumber, () -> false);
            TableDef after = schema.table(t.id());
            assertThat(after.fields().getFirst().type()).isEqualTo(new FieldType.NumberType(0));
            assertThat(records.page(after, null, List.of(Sort.asc("Qty")), null, 10).rows())
                    .extracting(r -> r.value(qty.id())).containsExactly(new BigDecimal("12"), new BigDecimal("13"));
        }
    }

    @Test
    void decimalPlacesFollowTheServersRuleFewerRoundTheStoredValueMoreKeepIt() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef amount = FieldDef.of(UUID.randomUUID(), "Amount", new FieldType.NumberType(2));
            TableDef t = schema.createTable(app.id(), null, "Money", List.of(amount));
            records.insert(t, Map.of(amount.id(), new BigDecimal("1.25")));

            // more decimals: metadata only, as on the server
            schema.updateField(t.id(), amount.withType(new FieldType.NumberType(3)));
            assertThat(value(records, schema.table(t.id()), amount)).isEqualTo(new BigDecimal("1.250"));

            // fewer decimals convert (the stored value becomes the rounded one), so they need the type change path
            FieldDef whole = amount.withType(new FieldType.NumberType(0));
            assertThatThrownBy(() -> schema.updateField(t.id(), whole)).hasMessageContaining("converts its values");
            schema.changeFieldType(t.id(), whole, () -> false);
            assertThat(value(records, schema.table(t.id()), amount)).isEqualTo(new BigDecimal("1"));

            // going back to two decimals does not bring back digits the field no longer holds
            schema.updateField(t.id(), amount);
            assertThat(value(records, schema.table(t.id()), amount)).isEqualTo(new BigDecimal("1.00"));
        }
    }

    private static Object value(RecordStore records, TableDef t, FieldDef f) {
        return records.page(t, null, List.of(), null, 10).rows().getFirst().value(f.id());
    }

    @Test
    void hiddenFieldKeepsDataAndComesBack() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Ops");
            FieldDef a = FieldDef.of(UUID.randomUUID(), "A", new FieldType.Text());
            TableDef t = schema.createTable(app.id(), null, "T", List.of(a));
            records.insert(t, Map.of(a.id(), "kept"));
            schema.setFieldHidden(t.id(), a.id(), true);
            assertThat(schema.table(t.id()).activeFields()).isEmpty();
            schema.setFieldHidden(t.id(), a.id(), false);
            TableDef back = schema.table(t.id());
            assertThat(records.page(back, null, List.of(), null, 5).rows().getFirst().value(a.id())).isEqualTo("kept");
        }
    }

    @Test
    void workspaceFolderFollowsOverrideThenOsConvention() {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/u");
        p.setProperty("os.name", "Linux");
        assertThat(WorkspaceLocation.resolve(p, Map.of())).isEqualTo(Path.of("/home/u/.local/share/rowan/workspace"));
        assertThat(WorkspaceLocation.resolve(p, Map.of("ROWAN_WORKSPACE", "/tmp/ws"))).isEqualTo(Path.of("/tmp/ws"));
        p.setProperty("os.name", "Mac OS X");
        assertThat(WorkspaceLocation.resolve(p, Map.of())).isEqualTo(Path.of("/home/u/Library/Application Support/Rowan/workspace"));
        p.setProperty("rowan.workspace", "/x");
        assertThat(WorkspaceLocation.resolve(p, Map.of("ROWAN_WORKSPACE", "/tmp/ws"))).isEqualTo(Path.of("/x"));
    }

    @Test
    void sampleProjectHasTablesAndRecords() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = SampleProject.create(schema, records);
            List<TableInfo> tables = schema.tables(app.id());
            assertThat(tables).extracting(TableInfo::name).containsExactlyInAnyOrder("Projects", "Tasks");
            for (TableInfo ti : tables) assertThat(records.count(schema.table(ti.id()), null)).isGreaterThan(3);
        }
    }
}
