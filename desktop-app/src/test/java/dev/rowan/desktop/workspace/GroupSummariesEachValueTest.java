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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grouping by each value of a multi-value field on a real H2 workspace ({@code FieldKind.groupsByEachValue}): a user
 * field with several members and a multiple select list a record under each member/option (none: no value), the
 * groups above such a level and the total count each record once. Every group's count, sum, min, filled and unique
 * is compared with a computation in Java over the inserted rows. Also: more groups than {@link GroupSummaries#MAX_GROUPS}
 * are all listed with their counts (the first ones with their summaries), so the grid can show a header for each.
 */
class GroupSummariesEachValueTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    FieldDef region;
    FieldDef tags;
    FieldDef team;
    FieldDef qty;
    FieldDef name;
    final List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
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
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        region = t.fields().get(0);
        tags = t.fields().get(1);
        team = t.fields().get(2);
        qty = t.fields().get(3);
        name = t.fields().get(4);
        Random r = new Random(5);
        for (int i = 0; i < 400; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), r.nextInt(4) == 0 ? null : "R" + r.nextInt(3));
            List<String> tg = new ArrayList<>();
            for (SelectOption o : OPTIONS) if (r.nextInt(3) == 0) tg.add(o.id());
            v.put(tags.id(), tg.isEmpty() ? null : tg);
            List<String> tm = new ArrayList<>();
            for (String p : PEOPLE) if (r.nextInt(2) == 0) tm.add(p);
            v.put(team.id(), tm.isEmpty() ? null : tm);
            v.put(qty.id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(10_000), 2));
            v.put(name.id(), r.nextInt(5) == 0 ? null : "n" + r.nextInt(30));
            rows.add(v);
        }
        new RecordStore(ws).insertAll(t, rows, () -> false);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    /** A level's values of a row as group keys: each member/option as a set of one (none: null), else the value. */
    private List<@Nullable Object> level(Map<UUID, @Nullable Object> row, FieldDef f) {
        Object v = row.get(f.id());
        if (f != tags && f != team) return Arrays.asList(v);
        if (v == null) return Arrays.asList((Object) null);
        List<@Nullable Object> out = new ArrayList<>();
        for (Object x : new LinkedHashSet<>((List<?>) v)) out.add(List.of(x));
        return out;
    }

    /** Every group (by key; the empty key is the total) and the rows in it, computed in Java. */
    private Map<List<@Nullable Object>, List<Map<UUID, @Nullable Object>>> expectedGroups(List<FieldDef> by) {
        Map<List<@Nullable Object>, List<Map<UUID, @Nullable Object>>> out = new HashMap<>();
        for (Map<UUID, @Nullable Object> row : rows) {
            List<List<@Nullable Object>> paths = new ArrayList<>();
            paths.add(new ArrayList<>());
            out.computeIfAbsent(List.of(), k -> new ArrayList<>()).add(row);
            for (FieldDef f : by) {
                List<List<@Nullable Object>> next = new ArrayList<>();
                for (List<@Nullable Object> p : paths) {
                    for (Object v : level(row, f)) {
                        List<@Nullable Object> q = new ArrayList<>(p);
                        q.add(v);
                        next.add(q);
                        out.computeIfAbsent(q, k -> new ArrayList<>()).add(row);
                    }
                }
                paths = next;
            }
        }
        return out;
    }

    private static @Nullable Object expected(List<Map<UUID, @Nullable Object>> in, UUID field, Summary s) {
        List<Object> vals = in.stream().map(m -> m.get(field)).filter(java.util.Objects::nonNull).map(x -> (Object) x).toList();
        return switch (s) {
            case FILLED -> (long) vals.size();
            case UNIQUE -> (long) new HashSet<>(vals).size();
            case SUM -> vals.isEmpty() ? null : vals.stream().map(BigDecimal.class::cast).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .stripTrailingZeros();
            case MIN -> vals.stream().map(BigDecimal.class::cast).min(BigDecimal::compareTo).map(BigDecimal::stripTrailingZeros)
                    .orElse(null);
            default -> throw new IllegalArgumentException(s.toString());
        };
    }

    private static @Nullable Object norm(@Nullable Object v) {
        return v instanceof BigDecimal b ? b.stripTrailingZeros() : v;
    }

    @Test
    void aRecordIsListedUnderEachMemberAndOptionAndCountedOnceAbove() {
        Map<UUID, Summary> asked = new LinkedHashMap<>();
        asked.put(qty.id(), Summary.SUM);
        asked.put(name.id(), Summary.UNIQUE);
        Map<UUID, Summary> more = new LinkedHashMap<>();
        more.put(qty.id(), Summary.MIN);
        more.put(name.id(), Summary.FILLED);
        for (List<FieldDef> by : List.of(List.of(team), List.of(tags), List.of(region, tags), List.of(tags, team),
                List.of(team, region), List.of(region, team, tags))) {
            for (Map<UUID, Summary> summaries : List.of(asked, more)) {
                List<GroupBy> groups = by.stream().map(f -> new GroupBy(f.id(), false)).toList();
                GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null, groups, summaries);
                Map<List<@Nullable Object>, List<Map<UUID, @Nullable Object>>> want = expectedGroups(by);
                assertThat(r.truncated()).isFalse();
                Set<List<@Nullable Object>> seen = new HashSet<>();
                for (GroupSummaries.Group g : concat(r.total(), r.groups())) {
                    List<Map<UUID, @Nullable Object>> in = want.get(g.key());
                    assertThat(in).as("group %s grouped by %s", g.key(), by).isNotNull();
                    assertThat(g.count()).as("count of %s by %s", g.key(), by).isEqualTo(in.size());
                    summaries.forEach((f, s) -> assertThat(norm(g.values().get(f))).as("%s of %s by %s", s, g.key(), by)
                            .isEqualTo(norm(expected(in, f, s))));
                    seen.add(g.key());
                }
                assertThat(seen).as("every group by %s", by).isEqualTo(want.keySet());
                assertThat(r.total().count()).isEqualTo(rows.size());
            }
        }
    }

    @Test
    void theMinimumOfAListIsNotAskedAndBreaksNothing() {
        // min/max of a set of options or members has no order: it is left out (it threw comparing lists before)
        Map<UUID, Summary> asked = new LinkedHashMap<>();
        asked.put(tags.id(), Summary.MIN);
        asked.put(team.id(), Summary.MAX);
        asked.put(qty.id(), Summary.MAX);
        for (List<GroupBy> g : List.of(List.of(new GroupBy(region.id(), false)), List.of(new GroupBy(tags.id(), false),
                new GroupBy(region.id(), true)))) {
            GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null, g, asked);
            assertThat(r.total().values()).containsOnlyKeys(qty.id());
            assertThat(r.groups()).allSatisfy(gr -> assertThat(gr.values().keySet()).doesNotContain(tags.id(), team.id()));
        }
    }

    @Test
    void optionGroupsComeInOptionOrderWithNoValueLast() {
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null, List.of(new GroupBy(tags.id(), false)), Map.of());
        assertThat(r.groups()).extracting(GroupSummaries.Group::key).containsExactly(
                List.of(List.of("o-red")), List.of(List.of("o-blue")), List.of(List.of("o-green")), Arrays.asList((Object) null));
    }

    @Test
    void editsStillGiveTheRightGroups() {
        // the kept result of a grouping by each value is read again after a write (a record is in several groups)
        List<GroupBy> groups = List.of(new GroupBy(team.id(), false));
        GroupSummaries s = new GroupSummaries(ws);
        s.summarize(t, null, groups, Map.of(qty.id(), Summary.SUM));
        RecordStore records = new RecordStore(ws);
        UUID any = records.page(t, null, List.of(), null, 1).rows().getFirst().id();
        records.update(t, List.of(new RecordStore.CellChange(any, team.id(), null, List.copyOf(PEOPLE))));
        GroupSummaries.Result r = s.summarize(t, null, groups, Map.of(qty.id(), Summary.SUM));
        assertThat(r).isEqualTo(s.recompute(t, null, groups, Map.of(qty.id(), Summary.SUM)));
        long listedUnderFirst = r.groups().stream().filter(g -> g.key().equals(List.of(List.of(PEOPLE.getFirst()))))
                .mapToLong(GroupSummaries.Group::count).sum();
        long withFirst = records.count(t, null) > 0 ? countWith(PEOPLE.getFirst(), any) : 0;
        assertThat(listedUnderFirst).isEqualTo(withFirst);
    }

    private long countWith(String person, UUID changed) {
        long n = 0;
        RecordStore records = new RecordStore(ws);
        for (Row row : records.page(t, null, List.of(), null, 1_000).rows()) {
            Object v = row.id().equals(changed) ? PEOPLE : row.values().get(team.id());
            if (v instanceof List<?> l && l.contains(person)) n++;
        }
        return n;
    }

    @Test
    void moreGroupsThanSummarisedAreAllListedWithTheirCounts() {
        TableDef big = new SchemaStore(ws).createTable(t.appId(), null, "Codes", List.of(
                FieldDef.of(UUID.randomUUID(), "Code", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef code = big.fields().get(0);
        FieldDef n = big.fields().get(1);
        int groups = GroupSummaries.MAX_GROUPS + 1_000;
        List<Map<UUID, @Nullable Object>> in = new ArrayList<>();
        for (int i = 0; i < groups * 2; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(code.id(), String.format("c%05d", i % groups));
            v.put(n.id(), BigDecimal.valueOf(i));
            in.add(v);
        }
        new RecordStore(ws).insertAll(big, in, () -> false);
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(big, null, List.of(new GroupBy(code.id(), false)),
                Map.of(n.id(), Summary.SUM));
        assertThat(r.truncated()).isFalse();
        assertThat(r.groups()).hasSize(groups);
        assertThat(r.total().count()).isEqualTo(groups * 2L);
        long allSum = (long) (groups * 2L) * (groups * 2L - 1) / 2;
        assertThat(norm(r.total().values().get(n.id()))).isEqualTo(norm(BigDecimal.valueOf(allSum)));
        for (int i = 0; i < groups; i++) {
            GroupSummaries.Group g = r.groups().get(i);
            assertThat(g.key()).isEqualTo(List.of(String.format("c%05d", i)));
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.summarised()).as("group %d summarised", i).isEqualTo(i < GroupSummaries.MAX_GROUPS);
            if (g.summarised()) assertThat(norm(g.values().get(n.id()))).isEqualTo(norm(BigDecimal.valueOf(2L * i + groups)));
        }
    }

    private static List<GroupSummaries.Group> concat(GroupSummaries.Group total, List<GroupSummaries.Group> groups) {
        List<GroupSummaries.Group> all = new ArrayList<>();
        all.add(total);
        all.addAll(groups);
        return all;
    }
}
