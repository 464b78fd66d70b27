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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold of a grouping by each value ({@link EachValueFold}: one {@code GROUP BY} over the whole sets, folded in
 * Java) gives exactly the result of the join to positions ({@code GroupSummaries.recomputeByPositions}, the one
 * computation before it) — every group's key, order, count and summaries, the total, the cut flags — over random
 * records with NULL and empty sets, values that are no option, NULL numbers and texts, one to three levels in both
 * directions, a single select level, filters; and where it cannot fold (a unique count, more sets than its bound) it
 * falls back to the join and still gives that result.
 */
class EachValueFoldTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    FieldDef region;
    FieldDef tags;
    FieldDef team;
    FieldDef stage;
    FieldDef qty;
    FieldDef due;
    FieldDef name;
    static final List<SelectOption> OPTIONS = List.of(new SelectOption("o-red", "Red", "#ff0000"),
            new SelectOption("o-blue", "Blue", "#0000ff"), new SelectOption("o-green", "Green", "#00ff00"),
            new SelectOption("o-grey", "Grey", "#888888"));
    static final List<SelectOption> STAGES = List.of(new SelectOption("s-todo", "To do", "#ff0000"),
            new SelectOption("s-done", "Done", "#00ff00"));
    static final List<String> PEOPLE = List.of("b-" + UUID.randomUUID(), "a-" + UUID.randomUUID(),
            "c-" + UUID.randomUUID(), "a-" + UUID.randomUUID(), "B-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(OPTIONS)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true)),
                FieldDef.of(UUID.randomUUID(), "Stage", new FieldType.SingleSelect(STAGES)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        region = t.fields().get(0);
        tags = t.fields().get(1);
        team = t.fields().get(2);
        stage = t.fields().get(3);
        qty = t.fields().get(4);
        due = t.fields().get(5);
        name = t.fields().get(6);
        Random r = new Random(11);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), r.nextInt(5) == 0 ? null : "R" + r.nextInt(4));
            v.put(tags.id(), set(r, OPTIONS.stream().map(SelectOption::id).toList(), "o-gone"));
            v.put(team.id(), set(r, PEOPLE, null));
            v.put(stage.id(), r.nextInt(4) == 0 ? null : r.nextInt(5) == 0 ? "s-gone" : STAGES.get(r.nextInt(2)).id());
            v.put(qty.id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(20_000) - 5_000, 2));
            v.put(due.id(), r.nextInt(5) == 0 ? null : LocalDate.of(2026, 1 + r.nextInt(12), 1 + r.nextInt(28)));
            v.put(name.id(), r.nextInt(5) == 0 ? null : "n" + r.nextInt(40));
            rows.add(v);
        }
        new RecordStore(ws).insertAll(t, rows, () -> false);
    }

    /** A random set of {@code values} (in random order), sometimes NULL, sometimes empty, sometimes with {@code gone}. */
    private static @Nullable List<String> set(Random r, List<String> values, @Nullable String gone) {
        int kind = r.nextInt(8);
        if (kind == 0) return null;
        if (kind == 1) return List.of();
        List<String> out = new ArrayList<>();
        for (String v : values) if (r.nextInt(3) == 0) out.add(v);
        if (gone != null && r.nextInt(6) == 0) out.add(gone);
        java.util.Collections.shuffle(out, r);
        return out;
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private List<GroupBy> by(Object... levels) {
        List<GroupBy> out = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            boolean desc = i + 1 < levels.length && levels[i + 1] == Boolean.TRUE;
            if (levels[i] instanceof FieldDef f) out.add(new GroupBy(f.id(), desc));
        }
        return out;
    }

    private Map<UUID, Summary> asked(Object... pairs) {
        Map<UUID, Summary> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(((FieldDef) pairs[i]).id(), (Summary) pairs[i + 1]);
        return out;
    }

    private static final Boolean DESC = Boolean.TRUE;

    @Test
    void theFoldIsTheJoinToPositions() {
        List<List<GroupBy>> groupings = List.of(by(team), by(tags), by(tags, DESC), by(team, DESC),
                by(team, region), by(region, team), by(region, DESC, tags), by(tags, team), by(team, DESC, tags),
                by(stage, tags), by(tags, stage, DESC), by(region, team, tags), by(tags, DESC, region, team, DESC),
                by(team, stage, region));
        List<Map<UUID, Summary>> summaries = List.of(Map.of(), asked(qty, Summary.SUM, name, Summary.FILLED),
                asked(qty, Summary.AVG, due, Summary.MIN, name, Summary.EMPTY),
                asked(qty, Summary.MAX, region, Summary.MIN, due, Summary.MAX, name, Summary.COUNT),
                asked(qty, Summary.MIN, stage, Summary.MAX));
        List<@Nullable Filter> filters = Arrays.asList(null,
                Filter.where(qty.id().toString(), Operator.GT, new BigDecimal("30")),
                Filter.or(Filter.where(region.id().toString(), Operator.EQ, "R1"),
                        Filter.where(region.id().toString(), Operator.IS_NULL, null)),
                Filter.where(name.id().toString(), Operator.EQ, "nobody"));
        GroupSummaries s = new GroupSummaries(ws);
        int compared = 0;
        for (List<GroupBy> groups : groupings) {
            for (Map<UUID, Summary> a : summaries) {
                for (Filter f : filters) {
                    long folds = EachValueFold.FOLDS.get();
                    GroupSummaries.Result folded = s.recompute(t, f, groups, a);
                    assertThat(EachValueFold.FOLDS.get()).as("folded %s", groups).isEqualTo(folds + 1);
                    GroupSummaries.Result joined = s.recomputeByPositions(t, f, groups, a);
                    assertThat(folded).as("by %s, %s, filter %s", groups, a, f).isEqualTo(joined);
                    if (f == null) assertThat(folded.groups()).isNotEmpty();
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(groupings.size() * summaries.size() * filters.size());
    }

    @Test
    void aSetIsCountedOnceUnderEachOfItsValuesAndOnceAbove() {
        // independent of both SQL forms: two records, one under A and B (and both regions' parents once)
        TableDef small = new SchemaStore(ws).createTable(t.appId(), null, "Small", List.of(
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text())));
        FieldDef tm = small.fields().get(0);
        FieldDef q = small.fields().get(1);
        FieldDef rg = small.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        rows.add(new HashMap<>(Map.of(tm.id(), List.of("A", "B"), q.id(), BigDecimal.valueOf(5), rg.id(), "X")));
        rows.add(new HashMap<>(Map.of(tm.id(), List.of("B"), q.id(), BigDecimal.valueOf(7), rg.id(), "X")));
        rows.add(new HashMap<>(Map.of(tm.id(), List.of(), q.id(), BigDecimal.valueOf(1), rg.id(), "Y")));
        new RecordStore(ws).insertAll(small, rows, () -> false);
        GroupSummaries.Result r = new GroupSummaries(ws).recompute(small, null,
                List.of(new GroupBy(rg.id(), false), new GroupBy(tm.id(), false)), Map.of(q.id(), Summary.SUM));
        assertThat(r.total().count()).isEqualTo(3);
        assertThat(r.total().values().get(q.id())).isEqualTo(BigDecimal.valueOf(13));
        assertThat(r.groups()).extracting(GroupSummaries.Group::key, GroupSummaries.Group::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(List.of("X"), 2L),
                org.assertj.core.groups.Tuple.tuple(List.of("X", List.of("A")), 1L),
                org.assertj.core.groups.Tuple.tuple(List.of("X", List.of("B")), 2L),
                org.assertj.core.groups.Tuple.tuple(List.of("Y"), 1L),
                org.assertj.core.groups.Tuple.tuple(Arrays.asList("Y", null), 1L));
        assertThat(r.groups().get(2).values().get(q.id())).isEqualTo(BigDecimal.valueOf(12));
    }

    @Test
    void whatCannotBeFoldedIsReadByTheJoinWithTheSameResult() {
        GroupSummaries s = new GroupSummaries(ws);
        GroupSummaries few = new GroupSummaries(ws, 10); // fewer sets allowed than the records have
        record Case(GroupSummaries by, List<GroupBy> groups, Map<UUID, Summary> asked) { }
        for (Case c : List.of(new Case(s, by(team, region), asked(name, Summary.UNIQUE, qty, Summary.SUM)),
                new Case(s, by(tags, DESC), asked(qty, Summary.MAX, name, Summary.UNIQUE)),
                new Case(few, by(tags, team), asked(qty, Summary.AVG)),
                new Case(few, by(region, tags), Map.of()))) {
            long folds = EachValueFold.FOLDS.get();
            GroupSummaries.Result r = c.by().recompute(t, null, c.groups(), c.asked());
            assertThat(EachValueFold.FOLDS.get()).as("not folded: %s %s", c.groups(), c.asked()).isEqualTo(folds);
            assertThat(r).isEqualTo(s.recomputeByPositions(t, null, c.groups(), c.asked()));
            assertThat(r.groups()).isNotEmpty();
        }
    }

    @Test
    void theListingCountedByTheFoldIsTheJoinsLines() {
        // the listing's count and pages come from the folded count-only grouping
        GroupSummaries s = new GroupSummaries(ws);
        for (List<GroupBy> groups : List.of(by(team), by(tags, DESC, region), by(region, team, tags))) {
            long folds = EachValueFold.FOLDS.get();
            long count = s.listedCount(t, null, groups);
            assertThat(EachValueFold.FOLDS.get()).isEqualTo(folds + 1);
            List<Row> all = s.listedInOneQuery(t, null, groups, 0, 100_000);
            assertThat(count).isEqualTo(all.size());
            for (long offset : new long[] {0, 1, count / 3, count / 2, count - 7}) {
                assertThat(s.listed(t, null, groups, offset, 10)).extracting(Row::id)
                        .isEqualTo(s.listedInOneQuery(t, null, groups, offset, 10).stream().map(Row::id).toList());
            }
        }
    }

    @Test
    void theListingCountsFromTheKeptHeaderNumbers() {
        // the grouped grid reads its header numbers, then its listing's count: one read of the table, not two
        GroupSummaries s = new GroupSummaries(ws);
        List<GroupBy> groups = by(team, region, DESC);
        Map<UUID, Summary> footer = asked(qty, Summary.SUM);
        s.summarize(t, null, groups, footer);
        long reads = GroupSummaries.FULL_READS.get();
        long count = s.listedCount(t, null, groups);
        assertThat(GroupSummaries.FULL_READS.get()).as("no read of its own").isEqualTo(reads);
        assertThat(count).isEqualTo(s.listedInOneQuery(t, null, groups, 0, 100_000).size());
        // still the same after an edit gives a record one more member (both kept results follow it)
        RecordStore records = new RecordStore(ws);
        Row any = records.page(t, null, List.of(), null, 1).rows().getFirst();
        records.update(t, List.of(new RecordStore.CellChange(any.id(), team.id(), null, PEOPLE)));
        assertThat(s.listedCount(t, null, groups)).isEqualTo(s.listedInOneQuery(t, null, groups, 0, 100_000).size());
        assertThat(s.listed(t, null, groups, 5, 20)).extracting(Row::id)
                .isEqualTo(s.listedInOneQuery(t, null, groups, 5, 20).stream().map(Row::id).toList());
        // another filter has no kept numbers: read on its own
        Filter over = Filter.where(qty.id().toString(), Operator.GT, BigDecimal.ZERO);
        reads = GroupSummaries.FULL_READS.get();
        assertThat(s.listedCount(t, over, groups)).isEqualTo(s.listedInOneQuery(t, over, groups, 0, 100_000).size());
        assertThat(GroupSummaries.FULL_READS.get()).isEqualTo(reads + 1);
    }
}
