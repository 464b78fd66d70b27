package dev.rowan.desktop.workspace;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group-order listing read group by group ({@code ListedPages}, from the kept deepest groups' counts) on a real
 * H2 workspace: every page, at every offset across group boundaries, and the count equal the one query over the
 * table expanded by each value ({@link GroupSummaries#listedInOneQuery}), for groupings by members, options and
 * text, before and after edits. And a grouping by each value is followed by record writes: after an edit, an
 * insert and a delete the kept result equals a full read, without one.
 */
class ListedPagesTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    FieldDef region;
    FieldDef tags;
    FieldDef team;
    FieldDef qty;
    RecordStore records;
    static final List<SelectOption> OPTIONS = List.of(new SelectOption("o-red", "Red", "#ff0000"),
            new SelectOption("o-blue", "Blue", "#0000ff"), new SelectOption("o-green", "Green", "#00ff00"));
    static final List<String> PEOPLE = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
            UUID.randomUUID().toString());

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(OPTIONS)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2))));
        region = t.fields().get(0);
        tags = t.fields().get(1);
        team = t.fields().get(2);
        qty = t.fields().get(3);
        records = new RecordStore(ws);
        Random r = new Random(11);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), r.nextInt(4) == 0 ? null : "R" + r.nextInt(3));
            List<String> tg = new ArrayList<>();
            for (SelectOption o : OPTIONS) if (r.nextInt(3) == 0) tg.add(o.id());
            v.put(tags.id(), tg.isEmpty() ? (r.nextBoolean() ? null : List.of()) : tg);
            List<String> tm = new ArrayList<>();
            for (String p : PEOPLE) if (r.nextInt(2) == 0) tm.add(p);
            v.put(team.id(), tm.isEmpty() ? null : tm);
            v.put(qty.id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(10_000), 2));
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    @Test
    void aBigGroupsFirstPagesReadWithABoundOnTheirFirstSortKeyAreTheSortedQuerys() {
        long from = ListedPages.boundFrom;
        ListedPages.boundFrom = 10; // the groups here hold ~75 records
        try {
            List<GroupBy> groups = List.of(new GroupBy(region.id(), false));
            String q = qty.id().toString();
            String r = region.id().toString();
            List<List<dev.rowan.model.query.Sort>> orders = List.of(
                    List.of(dev.rowan.model.query.Sort.asc(q)),
                    List.of(dev.rowan.model.query.Sort.desc(q)),
                    List.of(dev.rowan.model.query.Sort.desc(team.id().toString()), dev.rowan.model.query.Sort.asc(q)));
            long bounded = ListedPages.BOUNDED.get();
            for (List<dev.rowan.model.query.Sort> own : orders) {
                List<dev.rowan.model.query.Sort> within = new ArrayList<>(own);
                within.add(dev.rowan.model.query.Sort.asc("createdAt"));
                List<dev.rowan.model.query.Sort> whole = new ArrayList<>();
                whole.add(dev.rowan.model.query.Sort.asc(r));
                whole.addAll(within);
                List<UUID> sorted = records.page(t, null, whole, null, 1_000).rows().stream().map(Row::id).toList();
                assertThat(sorted).hasSize(300);
                for (int offset : new int[] {0, 3, 5, 19, 60, 70, 76, 140, 280, 297}) {
                    for (int limit : new int[] {4, 20}) {
                        List<UUID> page = records.summaries().listedInGroups(t, null, groups, within, k -> true,
                                offset, limit).orElseThrow().stream().map(Row::id).toList();
                        assertThat(page).as(own + " from " + offset + ", " + limit)
                                .isEqualTo(sorted.subList(offset, Math.min(300, offset + limit)));
                    }
                }
            }
            assertThat(ListedPages.BOUNDED.get() - bounded).as("pages read with a bound").isPositive();
        } finally {
            ListedPages.boundFrom = from;
        }
    }

    private List<List<GroupBy>> groupings() {
        return List.of(
                List.of(new GroupBy(team.id(), false)),
                List.of(new GroupBy(tags.id(), true)),
                List.of(new GroupBy(team.id(), false), new GroupBy(region.id(), true)),
                List.of(new GroupBy(region.id(), false), new GroupBy(tags.id(), false)),
                List.of(new GroupBy(tags.id(), false), new GroupBy(team.id(), true)));
    }

    private static List<UUID> ids(List<Row> rows) {
        return rows.stream().map(Row::id).toList();
    }

    /** Every page of 37 lines (pages cross group boundaries) and the count, against the one query. */
    private void assertSameAsOneQuery(GroupSummaries s, List<GroupBy> g) {
        List<Row> whole = s.listedInOneQuery(t, null, g, 0, 100_000);
        assertThat(whole).isNotEmpty();
        assertThat(s.listedCount(t, null, g)).as("count %s", g).isEqualTo(whole.size());
        for (int from = 0; from < whole.size() + 37; from += 37) {
            List<Row> page = s.listed(t, null, g, from, 37);
            assertThat(ids(page)).as("page at %d of %s", from, g)
                    .isEqualTo(ids(whole.subList(Math.min(from, whole.size()), Math.min(from + 37, whole.size()))));
        }
        assertThat(s.listed(t, null, g, 5, 1).getFirst()).isEqualTo(whole.get(5)); // the whole record, not only its id
    }

    @Test
    void pagesReadGroupByGroupAreTheOneQuerysLines() {
        GroupSummaries s = new GroupSummaries(ws);
        for (List<GroupBy> g : groupings()) assertSameAsOneQuery(s, g);
    }

    @Test
    void pagesStayTheOneQuerysLinesAfterEdits() {
        GroupSummaries s = new GroupSummaries(ws);
        for (List<GroupBy> g : groupings()) s.listedCount(t, null, g); // kept counts, then followed by the writes
        List<Row> first = records.page(t, null, List.of(), null, 3).rows();
        records.update(t, List.of(new RecordStore.CellChange(first.get(0).id(), team.id(), null, List.copyOf(PEOPLE)),
                new RecordStore.CellChange(first.get(1).id(), tags.id(), null, null),
                new RecordStore.CellChange(first.get(2).id(), region.id(), null, "R9")));
        for (List<GroupBy> g : groupings()) assertSameAsOneQuery(s, g);
    }

    @Test
    void aGroupingByEachValueIsFollowedByRecordWrites() {
        GroupSummaries s = new GroupSummaries(ws);
        Map<UUID, Summary> asked = new LinkedHashMap<>();
        asked.put(qty.id(), Summary.SUM);
        asked.put(region.id(), Summary.UNIQUE);
        List<GroupBy> g = List.of(new GroupBy(team.id(), false), new GroupBy(tags.id(), false));
        Map<UUID, Summary> minOf = Map.of(qty.id(), Summary.MIN);
        s.summarize(t, null, g, asked);
        s.summarize(t, null, g, minOf);
        List<Row> first = records.page(t, null, List.of(), null, 4).rows();
        long full = GroupSummaries.FULL_READS.get();
        // a member added, all members taken away, a sum changed, a record deleted, one inserted into listed groups
        records.update(t, List.of(new RecordStore.CellChange(first.get(0).id(), team.id(), null, List.copyOf(PEOPLE))));
        records.update(t, List.of(new RecordStore.CellChange(first.get(1).id(), team.id(), null, null),
                new RecordStore.CellChange(first.get(2).id(), qty.id(), null, new BigDecimal("-5000"))));
        records.delete(t, List.of(first.get(3).id()));
        Map<UUID, @Nullable Object> added = new HashMap<>();
        added.put(team.id(), List.of(PEOPLE.get(1)));
        added.put(tags.id(), List.of("o-red", "o-blue"));
        added.put(qty.id(), new BigDecimal("1.50"));
        added.put(region.id(), "R-new");
        records.insertAll(t, List.of(added), () -> false);
        GroupSummaries.Result kept = s.summarize(t, null, g, asked);
        GroupSummaries.Result keptMin = s.summarize(t, null, g, minOf);
        assertThat(GroupSummaries.FULL_READS.get()).as("followed, not read again").isEqualTo(full);
        assertThat(kept).isEqualTo(s.recompute(t, null, g, asked));
        assertThat(keptMin).isEqualTo(s.recompute(t, null, g, minOf));
        assertThat(kept.groups().stream().filter(x -> x.key().equals(List.of(List.of(PEOPLE.getFirst())))).findFirst()
                .orElseThrow().count()).isPositive();
    }
}
