package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big table's summary ({@link TableSummary}) answers every grouping by its dimensions exactly as a full read does
 * ({@code GroupSummaries.recompute}) — groups, their order (select option order, asc NULLS LAST / desc NULLS FIRST,
 * mixed-case, accented and numeric text, numbers, dates, booleans) and every figure but the unique count — without a
 * full read; it follows record writes, comes back after a close, and is not served after a schema change, with a
 * filter on a field that is no dimension or a unique count of one (filters over dimensions and their unique counts:
 * {@link SummaryCellFilterTest}).
 */
class TableSummaryTest {
    static final List<SelectOption> STATUS = List.of(new SelectOption("o-c", "Closed", "#ff0000"),
            new SelectOption("o-a", "Active", "#00ff00"), new SelectOption("o-b", "Blocked", "#0000ff"));
    static final List<String> REGIONS = List.of("alpha", "Alpha", "ÄLPHA", "alpha ", "Émile", "émile", "zeta", "Zeta",
            "10", "9", "ß");
    static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 3, 1), LocalDate.of(2025, 12, 31),
            LocalDate.of(2026, 1, 15), LocalDate.of(2024, 2, 29), LocalDate.of(2026, 11, 30));

    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    RecordStore records;
    final Random r = new Random(42);

    @BeforeEach
    void setUp() {
        System.setProperty("rowan.summary.minRecords", "1000");
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        UUID app = schema.createApp("A").id();
        t = schema.createTable(app, null, "Sales", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(STATUS)),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.BooleanType()),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        records = new RecordStore(ws);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) rows.add(randomRow());
        records.insertAll(t, rows, () -> false);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("rowan.summary.minRecords");
        if (ws != null) ws.close();
    }

    private FieldDef f(int i) {
        return t.fields().get(i);
    }

    private <T> @Nullable T maybe(List<T> values, int nullOneIn) {
        return r.nextInt(nullOneIn) == 0 ? null : values.get(r.nextInt(values.size()));
    }

    private Map<UUID, @Nullable Object> randomRow() {
        Map<UUID, @Nullable Object> v = new HashMap<>();
        v.put(f(0).id(), maybe(REGIONS, 9));
        v.put(f(1).id(), maybe(STATUS.stream().map(SelectOption::id).toList(), 6));
        v.put(f(2).id(), maybe(List.of(BigDecimal.valueOf(2020), BigDecimal.valueOf(2021), BigDecimal.valueOf(-3),
                BigDecimal.valueOf(2023)), 7));
        v.put(f(3).id(), maybe(List.of(true, false), 5));
        v.put(f(4).id(), maybe(DAYS, 8));
        v.put(f(5).id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(200_000) - 50_000, 2));
        v.put(f(6).id(), r.nextInt(10) == 0 ? null : (r.nextBoolean() ? "n" : "N") + r.nextInt(500));
        return v;
    }

    /** Two footers that between them ask every figure but "unique" of every kind of field. */
    private List<Map<UUID, Summary>> footers() {
        Map<UUID, Summary> a = new LinkedHashMap<>();
        a.put(f(5).id(), Summary.SUM);
        a.put(f(2).id(), Summary.AVG);
        a.put(f(4).id(), Summary.MIN);
        a.put(f(0).id(), Summary.MAX);
        a.put(f(1).id(), Summary.FILLED);
        a.put(f(3).id(), Summary.EMPTY);
        a.put(f(6).id(), Summary.COUNT);
        Map<UUID, Summary> b = new LinkedHashMap<>();
        b.put(f(5).id(), Summary.AVG);
        b.put(f(2).id(), Summary.MIN);
        b.put(f(4).id(), Summary.MAX);
        b.put(f(0).id(), Summary.MIN);
        b.put(f(1).id(), Summary.EMPTY);
        b.put(f(3).id(), Summary.MAX);
        b.put(f(6).id(), Summary.MAX);
        Map<UUID, Summary> c = new LinkedHashMap<>();
        c.put(f(5).id(), Summary.MIN);
        c.put(f(2).id(), Summary.MAX);
        c.put(f(3).id(), Summary.MIN);
        c.put(f(6).id(), Summary.MIN);
        c.put(f(0).id(), Summary.FILLED);
        return List.of(a, b, c);
    }

    /** Every ordered choice of 1-3 of the dimensions, each level ascending or descending. */
    private List<List<GroupBy>> groupings(List<UUID> dims) {
        List<List<UUID>> orders = new ArrayList<>();
        for (UUID a : dims) {
            orders.add(List.of(a));
            for (UUID b : dims) {
                if (b.equals(a)) continue;
                orders.add(List.of(a, b));
                for (UUID c : dims) if (!c.equals(a) && !c.equals(b)) orders.add(List.of(a, b, c));
            }
        }
        List<List<GroupBy>> out = new ArrayList<>();
        for (List<UUID> o : orders) {
            for (int dirs = 0; dirs < (1 << o.size()); dirs++) {
                List<GroupBy> g = new ArrayList<>();
                for (int i = 0; i < o.size(); i++) g.add(new GroupBy(o.get(i), (dirs & (1 << i)) != 0));
                out.add(g);
            }
        }
        return out;
    }

    private List<UUID> dims() {
        return ws.read(c -> new TableSummary(ws).dimensions(c, t));
    }

    /** The question answered (without a full read when {@code served}) and equal to a full read. */
    private void assertAnswered(List<GroupBy> groups, Map<UUID, Summary> footer, boolean served) {
        GroupSummaries gs = new GroupSummaries(ws);
        long before = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result answer = gs.summarize(t, null, groups, footer);
        long reads = GroupSummaries.FULL_READS.get() - before;
        assertThat(reads).as("full reads for %s", groups).isEqualTo(served ? 0 : 1);
        assertThat(answer).as("%s %s", groups, footer).isEqualTo(gs.recompute(t, null, groups, footer));
    }

    @Test
    void dimensionsAreTheLowCardinalityStoredFieldsFewestValuesFirst() {
        // Done 3 (with no value), Status 4, Year 5, Due 6, Region 12; Qty and Name have too many values
        assertThat(dims()).containsExactly(f(3).id(), f(1).id(), f(2).id(), f(4).id(), f(0).id());
    }

    @Test
    void everyGroupingOfOneToThreeDimensionsIsRolledUpExactlyWithoutAFullRead() {
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertThat(new TableSummary(ws).ready(t)).isTrue();
        List<List<GroupBy>> all = groupings(dims());
        List<Map<UUID, Summary>> footers = footers();
        for (int i = 0; i < all.size(); i++) assertAnswered(all.get(i), footers.get(i % footers.size()), true);
        // no level: the total alone
        assertAnswered(List.of(), footers.getFirst(), true);
    }

    @Test
    void instantsAndBooleansAsOnlyDimensions() {
        SchemaStore schema = new SchemaStore(ws);
        TableDef when = schema.createTable(t.appId(), null, "Events", List.of(
                FieldDef.of(UUID.randomUUID(), "At", new FieldType.DateType(true)),
                FieldDef.of(UUID.randomUUID(), "Flag", new FieldType.BooleanType()),
                FieldDef.of(UUID.randomUUID(), "Amount", new FieldType.NumberType(3))));
        List<java.time.OffsetDateTime> instants = List.of(
                java.time.OffsetDateTime.parse("2026-03-01T10:15:30.123456Z"),
                java.time.OffsetDateTime.parse("2025-12-31T23:59:59Z"),
                java.time.OffsetDateTime.parse("2026-03-01T10:15:30.123457Z"),
                java.time.OffsetDateTime.parse("1999-01-01T00:00:00Z"));
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(when.fields().get(0).id(), maybe(instants, 6));
            v.put(when.fields().get(1).id(), maybe(List.of(true, false), 4));
            v.put(when.fields().get(2).id(), r.nextInt(5) == 0 ? null : BigDecimal.valueOf(r.nextInt(1_000_000) - 500_000, 3));
            rows.add(v);
        }
        records.insertAll(when, rows, () -> false);
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(when)).isEqualTo(TableSummary.Outcome.BUILT);
        Map<UUID, Summary> footer = new LinkedHashMap<>();
        footer.put(when.fields().get(2).id(), Summary.AVG);
        footer.put(when.fields().get(0).id(), Summary.MAX);
        footer.put(when.fields().get(1).id(), Summary.MIN);
        GroupSummaries gs = new GroupSummaries(ws);
        for (List<GroupBy> g : groupings(List.of(when.fields().get(0).id(), when.fields().get(1).id()))) {
            long before = GroupSummaries.FULL_READS.get();
            GroupSummaries.Result answer = gs.summarize(when, null, g, footer);
            assertThat(GroupSummaries.FULL_READS.get()).as("full reads for %s", g).isEqualTo(before);
            assertThat(answer).as("%s", g).isEqualTo(gs.recompute(when, null, g, footer));
        }
    }

    @Test
    void followsInsertsUpdatesAndDeletes() {
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        List<List<GroupBy>> all = groupings(dims());
        List<Map<UUID, Summary>> footers = footers();
        List<Row> live = new ArrayList<>(records.page(t, null, List.of(), null, 3_000).rows());
        int asked = 0;
        int rebuilt = 0;
        for (int round = 0; round < 12; round++) {
            for (int k = 0; k < 5; k++) {
                // dimension values copied from a record that exists, so every write lands in a cell the summary has
                Row model = live.get(r.nextInt(live.size()));
                Map<UUID, @Nullable Object> v = randomRow();
                for (int d : new int[] {0, 1, 2, 3, 4}) v.put(f(d).id(), model.values().get(f(d).id()));
                switch (r.nextInt(3)) {
                    case 0 -> live.add(records.insert(t, v));
                    case 1 -> {
                        Row target = live.get(r.nextInt(live.size()));
                        List<RecordStore.CellChange> changes = new ArrayList<>();
                        for (int d : new int[] {0, 1, 2, 3, 4, 5, 6}) {
                            changes.add(new RecordStore.CellChange(target.id(), f(d).id(),
                                    target.values().get(f(d).id()), v.get(f(d).id())));
                        }
                        records.update(t, changes);
                        live.set(live.indexOf(target), records.byId(t, target.id()).orElseThrow());
                    }
                    default -> records.delete(t, List.of(live.remove(r.nextInt(live.size())).id()));
                }
            }
            // a grouping nobody asked yet, with sums and counts: served from the followed summary
            assertAnswered(all.get(asked % all.size()), sumsOnly(), true);
            // with a min and a max: served unless an edit took a cell's min or max away (that part then gave up
            // rather than scan the table; the idle window builds it again)
            boolean ready = new TableSummary(ws).ready(t);
            assertAnswered(all.get((asked + 3) % all.size()), footers.get(asked % 2), ready);
            if (!ready) {
                rebuilt++;
                assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
                assertAnswered(all.get((asked + 5) % all.size()), footers.get(1 - asked % 2), true);
            }
            asked += 7;
            // one asked before: its own result, followed
            assertAnswered(all.get(0), footers.get(0), true);
        }
        // this table's cells hold one or two records each: most rounds take some cell's min or max away
        assertThat(rebuilt).as("rounds whose edits took a min or max away").isPositive();
    }

    /** Every figure but min, max and unique. */
    private Map<UUID, Summary> sumsOnly() {
        Map<UUID, Summary> m = new LinkedHashMap<>();
        m.put(f(5).id(), Summary.SUM);
        m.put(f(2).id(), Summary.AVG);
        m.put(f(1).id(), Summary.FILLED);
        m.put(f(3).id(), Summary.EMPTY);
        m.put(f(6).id(), Summary.COUNT);
        m.put(f(0).id(), Summary.EMPTY);
        return m;
    }

    @Test
    void anEditTakingACellsMaximumAwayDropsTheMaximumPartOnly() {
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        // the record with the largest Qty of all: it is its cell's maximum
        Row top = records.page(t, null, List.of(), null, 5_000).rows().stream()
                .filter(row -> row.values().get(f(5).id()) != null)
                .max(java.util.Comparator.comparing(row -> (BigDecimal) row.values().get(f(5).id()))).orElseThrow();
        records.update(t, List.of(new RecordStore.CellChange(top.id(), f(5).id(), top.values().get(f(5).id()),
                new BigDecimal("-99999.99"))));
        assertThat(summary.ready(t)).isFalse();
        List<GroupBy> g = List.of(new GroupBy(f(1).id(), false), new GroupBy(f(3).id(), true));
        assertAnswered(g, sumsOnly(), true);
        Map<UUID, Summary> max = new LinkedHashMap<>(sumsOnly());
        max.put(f(5).id(), Summary.MAX);
        assertAnswered(g, max, false);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertAnswered(List.of(new GroupBy(f(3).id(), true)), max, true);
    }

    @Test
    void aRecordInACellTheSummaryLacksDropsItUntilBuiltAgain() {
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        Map<UUID, @Nullable Object> v = randomRow();
        v.put(f(0).id(), "a region nobody had");
        records.insert(t, v);
        assertThat(summary.ready(t)).isFalse();
        List<GroupBy> g = List.of(new GroupBy(f(0).id(), true), new GroupBy(f(1).id(), false));
        assertAnswered(g, footers().get(1), false);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertAnswered(List.of(new GroupBy(f(0).id(), false)), footers().get(1), true);
    }

    @Test
    void comesBackAfterCloseAndOpenWithoutAScan() {
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        List<UUID> dims = dims();
        ws.close();
        ws = Workspace.open(dir);
        t = new SchemaStore(ws).table(t.id());
        records = new RecordStore(ws);
        assertThat(new TableSummary(ws).ready(t)).isTrue();
        assertThat(new TableSummary(ws).build(t)).as("made back, not built again").isEqualTo(TableSummary.Outcome.KEPT);
        List<List<GroupBy>> all = groupings(dims);
        for (int i = 0; i < all.size(); i += 11) assertAnswered(all.get(i), footers().get(i % 3), true);
        // followed after being made back (a record in a cell the summary has: another's dimension values)
        Row model = records.page(t, null, List.of(), null, 1).rows().getFirst();
        Map<UUID, @Nullable Object> v = new HashMap<>(model.values());
        v.put(f(5).id(), new BigDecimal("12345.67"));
        records.insert(t, v);
        assertAnswered(all.get(5), footers().get(0), true);
    }

    @Test
    void aRecordWriteBeforeTheFirstReadAfterOpeningDropsTheSavedSummary() {
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        ws.close();
        ws = Workspace.open(dir);
        t = new SchemaStore(ws).table(t.id());
        new RecordStore(ws).insert(t, new HashMap<>(Map.of(f(5).id(), BigDecimal.ONE)));
        assertThat(new TableSummary(ws).ready(t)).isFalse();
        assertAnswered(List.of(new GroupBy(f(2).id(), false)), footers().get(0), false);
    }

    @Test
    void notServedAfterASchemaChangeUntilBuiltAgain() {
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        SchemaStore schema = new SchemaStore(ws);
        schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text()));
        t = schema.table(t.id());
        assertThat(summary.ready(t)).isFalse();
        List<GroupBy> g = List.of(new GroupBy(f(2).id(), false), new GroupBy(f(3).id(), true));
        assertAnswered(g, footers().get(0), false);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertAnswered(List.of(new GroupBy(f(3).id(), true), new GroupBy(f(2).id(), false)), footers().get(0), true);
    }

    @Test
    void aFilterAUniqueCountOrALevelThatIsNoDimensionIsNeverServed() {
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        GroupSummaries gs = new GroupSummaries(ws);
        List<GroupBy> byYear = List.of(new GroupBy(f(2).id(), false));
        Filter filter = new Filter.Condition(f(5).id().toString(), Operator.GT, new BigDecimal("10"));
        long before = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result filtered = gs.summarize(t, filter, byYear, footers().get(0));
        assertThat(GroupSummaries.FULL_READS.get() - before).isEqualTo(1);
        assertThat(filtered).isEqualTo(gs.recompute(t, filter, byYear, footers().get(0)));
        Map<UUID, Summary> unique = new LinkedHashMap<>(footers().get(0));
        unique.put(f(6).id(), Summary.UNIQUE);
        assertAnswered(byYear, unique, false);
        assertAnswered(List.of(new GroupBy(f(6).id(), false)), footers().get(0), false);
    }

    @Test
    void smallTablesAndTablesWithoutDimensionsGetNone() {
        System.setProperty("rowan.summary.minRecords", "3001");
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.NOT_NEEDED);
        System.setProperty("rowan.summary.minRecords", "1000");
        SchemaStore schema = new SchemaStore(ws);
        TableDef wide = schema.createTable(t.appId(), null, "Wide", List.of(
                FieldDef.of(UUID.randomUUID(), "Code", new FieldType.Text())));
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) rows.add(new HashMap<>(Map.of(wide.fields().getFirst().id(), "c" + i)));
        records.insertAll(wide, rows, () -> false);
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(wide)).isEqualTo(TableSummary.Outcome.REFUSED);
        assertThat(summary.build(wide)).isEqualTo(TableSummary.Outcome.REFUSED); // remembered, not read again
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.KEPT);
    }

    @Test
    void aBuildHoldsNoLockWhileItReadsAndAWriteMeanwhileMakesItStale() throws Exception {
        TableSummary summary = new TableSummary(ws);
        List<GroupBy> byYear = List.of(new GroupBy(f(2).id(), false));
        GroupSummaries.Result[] read = new GroupSummaries.Result[1];
        Row target = records.page(t, null, List.of(), null, 1).rows().getFirst();
        summary.afterScan = () -> {
            // another thread (the window) reads and writes while the build has read the cells and not kept them
            Thread user = Thread.ofPlatform().start(() -> {
                read[0] = new GroupSummaries(ws).summarize(t, null, byYear, footers().get(0));
                records.update(t, List.of(new RecordStore.CellChange(target.id(), f(5).id(),
                        target.values().get(f(5).id()), new BigDecimal("7.25"))));
            });
            try {
                user.join(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(user.isAlive()).as("the window's read waited for the build").isFalse();
        };
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.STALE);
        assertThat(read[0]).isNotNull();
        assertThat(summary.ready(t)).isFalse();
        summary.afterScan = () -> { };
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        assertAnswered(List.of(new GroupBy(f(2).id(), true), new GroupBy(f(0).id(), false)), footers().get(0), true);
    }

    @Test
    void savingAViewKeepsTheSummary() {
        TableSummary summary = new TableSummary(ws);
        assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        new ViewStore(ws).save(t, null, "Grouped", dev.rowan.model.view.GridConfig.EMPTY);
        assertThat(summary.ready(t)).isTrue();
        assertAnswered(List.of(new GroupBy(f(1).id(), true)), footers().get(2), true);
        // any other write drops it (nothing tells it what changed)
        new SchemaStore(ws).createApp("B");
        assertThat(summary.ready(t)).isFalse();
    }

    @Test
    void aBuildRacingWritesIsKeptOnlyWhenNoWriteCameBetween() throws Exception {
        TableSummary summary = new TableSummary(ws);
        List<Row> live = new ArrayList<>(records.page(t, null, List.of(), null, 200).rows());
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 40; i++) {
                Row target = live.get(i);
                records.update(t, List.of(new RecordStore.CellChange(target.id(), f(5).id(),
                        target.values().get(f(5).id()), BigDecimal.valueOf(i))));
            }
        });
        TableSummary.Outcome out = summary.build(t);
        writer.join();
        assertThat(out).isIn(TableSummary.Outcome.BUILT, TableSummary.Outcome.STALE);
        // stale: built again; built before some of the writes: followed (those taking a cell's min or max away drop
        // that part, built again too)
        if (!summary.ready(t)) assertThat(summary.build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        List<List<GroupBy>> all = groupings(dims());
        for (int i = 0; i < all.size(); i += 13) assertAnswered(all.get(i), footers().get(i % 3), true);
    }
}
