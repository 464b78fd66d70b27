package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping;
import dev.rowan.model.view.KanbanConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 on the desktop: a query shape read twice gets its index in the workspace, and H2 then uses it. */
class LocalIndexesTest {
    @TempDir
    Path dir;

    @Test
    void aSortReadTwiceGetsAnIndexThatH2Uses() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 2_000);
            List<Sort> byQty = List.of(Sort.desc(f.qty.id().toString()));
            assertThat(plan(ws, f.t, null, byQty)).doesNotContain("AX_").doesNotContain("ax_");
            f.records.page(f.t, null, byQty, null, 50);
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).as("one sighting is not yet a pattern").isEmpty();
            f.records.page(f.t, null, byQty, null, 50);
            ws.indexes().awaitBuilds();
            List<String> built = ws.indexes().automatic(f.t);
            assertThat(built).hasSize(1);
            assertThat(plan(ws, f.t, null, byQty).toLowerCase()).contains(built.getFirst().toLowerCase());
            // and the page is the same as before the index
            assertThat(f.records.page(f.t, null, byQty, null, 3).rows()).extracting(r -> r.value(f.qty.id()))
                    .containsExactly(new BigDecimal(1999), new BigDecimal(1998), new BigDecimal(1997));
        }
    }

    @Test
    void aFilteredViewAndItsCountGetIndexesWithinTheBudget() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 500);
            Filter open = Filter.where(f.status.id().toString(), Operator.EQ, "Open");
            for (int i = 0; i < 2; i++) {
                f.records.page(f.t, open, List.of(Sort.asc(f.qty.id().toString())), null, 20);
                f.records.count(f.t, open);
            }
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).hasSize(2);
            String planned = plan(ws, f.t, open, List.of(Sort.asc(f.qty.id().toString()))).toLowerCase();
            assertThat(ws.indexes().automatic(f.t)).anyMatch(name -> planned.contains(name.toLowerCase()));
            // many more shapes: never more than the budget
            for (int lo = 0; lo < 12; lo++) {
                Filter range = Filter.and(Filter.where(f.status.id().toString(), Operator.EQ, "Done"),
                        Filter.where(f.qty.id().toString(), Operator.GT, new BigDecimal(lo)));
                List<Sort> sorts = lo % 2 == 0 ? List.of(Sort.desc(f.qty.id().toString()))
                        : List.of(Sort.asc(f.name.id().toString()), Sort.desc(f.qty.id().toString()));
                for (int i = 0; i < 2; i++) f.records.page(f.t, range, sorts, null, 20);
                for (int i = 0; i < 2; i++) f.records.page(f.t, null, List.of(Sort.asc("createdAt"),
                        Sort.desc(f.qty.id().toString())), null, 20);
            }
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).hasSizeLessThanOrEqualTo(LocalIndexes.PER_TABLE);
        }
    }

    /** H2 refuses to drop a column a multi-column index holds: a type change drops the automatic ones first. */
    @Test
    void aTypeChangeOfAnIndexedColumnGoesThroughAndTheIndexGoes() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 100);
            List<Sort> byQty = List.of(Sort.desc(f.qty.id().toString()));
            f.records.page(f.t, null, byQty, null, 10);
            f.records.page(f.t, null, byQty, null, 10);
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).hasSize(1);
            SchemaStore schema = new SchemaStore(ws);
            schema.changeFieldType(f.t.id(), f.qty.withType(new FieldType.Text()), () -> false);
            TableDef after = schema.table(f.t.id());
            assertThat(after.fieldById(f.qty.id()).orElseThrow().type()).isEqualTo(new FieldType.Text());
            assertThat(ws.indexes().automatic(after)).isEmpty();
            assertThat(f.records.page(after, null, List.of(Sort.asc(f.qty.id().toString())), null, 1).rows().getFirst().value(f.qty.id()))
                    .isEqualTo("0");
        }
    }

    @Test
    void aBuildForATableThatIsGoneIsNoFailure() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 10);
            // the table of a view deleted (by a pull, say) between the read and the build
            TableDef gone = new TableDef(UUID.randomUUID(), f.t.appId(), "Gone", "", "dt_gone", f.t.fields());
            List<Sort> byQty = List.of(Sort.asc(f.qty.id().toString()));
            ws.indexes().seen(gone, null, byQty);
            ws.indexes().seen(gone, null, byQty);
            ws.indexes().awaitBuilds();
            int left = ws.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.indexes WHERE index_name LIKE 'ax\\_%' ESCAPE '\\'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(left).isZero();
            // the workspace goes on: the real table still gets its index
            f.records.page(f.t, null, byQty, null, 5);
            f.records.page(f.t, null, byQty, null, 5);
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).hasSize(1);
        }
    }

    @Test
    void anIndexNotReadForTwoWeeksIsDroppedAndComesBackWhenItsShapeIsReadAgain() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 300);
            List<Sort> byQty = List.of(Sort.desc(f.qty.id().toString()));
            f.records.page(f.t, null, byQty, null, 10);
            f.records.page(f.t, null, byQty, null, 10);
            ws.indexes().awaitBuilds();
            String built = ws.indexes().automatic(f.t).getFirst();
            Instant readAt = Instant.now();

            assertThat(ws.indexes().sweep(readAt.plus(Duration.ofDays(13)))).isEmpty();
            assertThat(ws.indexes().automatic(f.t)).containsExactly(built);
            assertThat(ws.setting("index.used." + built)).as("the last read is kept in the workspace").isPresent();

            assertThat(ws.indexes().sweep(readAt.plus(LocalIndexes.UNUSED).plusSeconds(60))).containsExactly(built);
            assertThat(ws.indexes().automatic(f.t)).isEmpty();
            assertThat(ws.setting("index.used." + built)).isEmpty();
            assertThat(plan(ws, f.t, null, byQty).toLowerCase()).doesNotContain(built.toLowerCase());

            f.records.page(f.t, null, byQty, null, 10);
            f.records.page(f.t, null, byQty, null, 10);
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).containsExactly(built);
        }
    }

    @Test
    void anIndexReadMeanwhileIsKept() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 300);
            List<Sort> byQty = List.of(Sort.asc(f.qty.id().toString()));
            f.records.page(f.t, null, byQty, null, 10);
            f.records.page(f.t, null, byQty, null, 10);
            ws.indexes().awaitBuilds();
            Instant start = Instant.now();
            ws.indexes().sweep(start); // the clock of this index starts
            f.records.page(f.t, null, byQty, null, 10); // read later (its time is what counts)
            Instant later = Instant.now();
            assertThat(ws.indexes().sweep(later.plus(LocalIndexes.UNUSED).minusSeconds(60))).isEmpty();
            assertThat(ws.indexes().automatic(f.t)).hasSize(1);
        }
    }

    @Test
    void anIndexWaitsForAQuietWorkspaceSoThePagesAskedForMeanwhileDoNotWaitBehindIt() throws Exception {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 400);
            ws.indexes().quietMs = 400;
            ViewStore views = new ViewStore(ws);
            views.save(f.t, null, "By quantity",
                    GridConfig.EMPTY.withGroups(List.of(new GridGrouping.GroupBy(f.qty.id(), true))));
            // a person scrolling: a read every 50 ms for 1.2 s — the build never takes the workspace meanwhile
            long end = System.nanoTime() + 1_200_000_000L;
            while (System.nanoTime() < end) {
                List<String> built = ws.read(c -> LocalIndexes.automatic(c, f.t));
                assertThat(built).as("no build while the workspace is busy").isEmpty();
                Thread.sleep(50);
            }
            // then quiet: it is built
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).hasSize(1);
        }
    }

    @Test
    void aSavedOrOpenedViewGetsTheIndexesOfItsGroupsAndSortsWithoutBeingReadFirst() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 400);
            ViewStore views = new ViewStore(ws);
            GridConfig grouped = GridConfig.EMPTY.withGroups(List.of(new GridGrouping.GroupBy(f.qty.id(), true)));
            UUID id = views.save(f.t, null, "By quantity", grouped);
            ws.indexes().awaitBuilds();
            List<String> built = ws.indexes().automatic(f.t);
            assertThat(built).as("no page was read: the saved view asked for it").hasSize(1);
            List<Sort> byQty = List.of(Sort.desc(f.qty.id().toString()));
            assertThat(plan(ws, f.t, null, byQty).toLowerCase()).contains(built.getFirst().toLowerCase());

            // gone after two unused weeks; opening the view builds it again at once
            ws.indexes().sweep(Instant.now().plus(LocalIndexes.UNUSED).plusSeconds(60));
            assertThat(ws.indexes().automatic(f.t)).isEmpty();
            ViewStore.StoredView stored = views.list(f.t).stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
            views.opened(f.t, stored);
            ws.indexes().awaitBuilds();
            assertThat(ws.indexes().automatic(f.t)).isEqualTo(built);
        }
    }

    @Test
    void aSavedBoardGetsTheIndexOfItsColumnsSoAnEmptyColumnIsNotAScan() {
        try (Workspace ws = Workspace.open(dir)) {
            Fixture f = fixture(ws, 400);
            KanbanConfig board = KanbanConfig.stackedBy(f.status.id());
            Filter open = board.columnFilter(f.status, "Open");
            Filter none = board.columnFilter(f.status, null);
            assertThat(plan(ws, f.t, none, List.of()).toLowerCase()).doesNotContain("ax_");
            new ViewStore(ws).save(f.t, null, "Board", board);
            ws.indexes().awaitBuilds();
            List<String> built = ws.indexes().automatic(f.t);
            assertThat(built).as("no column was read: the saved board asked for it").hasSize(1);
            String index = built.getFirst().toLowerCase();
            // an option's column and the column without a value (empty here) are both read through it
            assertThat(plan(ws, f.t, open, List.of()).toLowerCase()).contains(index);
            assertThat(plan(ws, f.t, none, List.of()).toLowerCase()).contains(index);
            assertThat(f.records.page(f.t, none, List.of(), null, 50).rows()).isEmpty();
            assertThat(f.records.page(f.t, open, List.of(), null, 500).rows()).hasSize(134);
        }
    }

    private record Fixture(TableDef t, FieldDef name, FieldDef qty, FieldDef status, RecordStore records) {
    }

    private static Fixture fixture(Workspace ws, int rows) {
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        List<SelectOption> options = List.of(new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Done", "green"));
        TableDef t = schema.createTable(schema.createApp("Ops").id(), null, "Work", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(options))));
        List<Map<UUID, @Nullable Object>> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "Item " + i);
            v.put(t.fields().get(1).id(), new BigDecimal(i));
            v.put(t.fields().get(2).id(), i % 3 == 0 ? "o1" : "o2");
            values.add(v);
        }
        records.insertAll(t, values, () -> false);
        return new Fixture(t, t.fields().get(0), t.fields().get(1), t.fields().get(2), records);
    }

    /** H2's plan of the first page of this shape. */
    private static String plan(Workspace ws, TableDef t, @Nullable Filter filter, List<Sort> sorts) {
        SqlFragment q = new RecordSql(SqlDialect.H2).page(t, filter, sorts, null, 50);
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
                q.bind(SqlDialect.H2, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    StringBuilder sb = new StringBuilder();
                    while (rs.next()) sb.append(rs.getString(1));
                    return sb.toString();
                }
            }
        });
    }
}
