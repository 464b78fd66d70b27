package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouped grid's SQL on a real H2 workspace, compared with an independent computation over the inserted values
 * (plain Java over the list the test made): groups, counts and every summary, per group and in total.
 */
class GroupSummariesTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    FieldDef region;
    FieldDef year;
    FieldDef qty;
    FieldDef name;
    final List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Sales", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        region = t.fields().get(0);
        year = t.fields().get(1);
        qty = t.fields().get(2);
        name = t.fields().get(3);
        Random r = new Random(11);
        String[] regions = {"North", "South", "East", null};
        for (int i = 0; i < 500; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), regions[r.nextInt(regions.length)]);
            v.put(year.id(), r.nextInt(5) == 0 ? null : BigDecimal.valueOf(2020 + r.nextInt(4)));
            v.put(qty.id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(10_000), 2));
            v.put(name.id(), r.nextInt(7) == 0 ? null : "n" + r.nextInt(40));
            rows.add(v);
        }
        new RecordStore(ws).insertAll(t, rows, () -> false);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    /** The independent computation: one summary over a list of rows. */
    private static @Nullable Object expected(List<Map<UUID, @Nullable Object>> in, UUID field, Summary s) {
        List<Object> vals = in.stream().map(m -> m.get(field)).filter(Objects::nonNull).toList();
        return switch (s) {
            case COUNT -> (long) in.size();
            case EMPTY -> (long) (in.size() - vals.size());
            case FILLED -> (long) vals.size();
            case UNIQUE -> (long) new HashSet<>(vals).size();
            case SUM -> vals.isEmpty() ? null : vals.stream().map(BigDecimal.class::cast).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .stripTrailingZeros();
            case AVG -> vals.isEmpty() ? null : vals.stream().map(BigDecimal.class::cast).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(vals.size()), MathContext.DECIMAL64).stripTrailingZeros();
            case MIN -> vals.stream().map(x -> (Comparable<Object>) cast(x)).min(Comparator.naturalOrder()).orElse(null);
            case MAX -> vals.stream().map(x -> (Comparable<Object>) cast(x)).max(Comparator.naturalOrder()).orElse(null);
        };
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> cast(Object o) {
        return (Comparable<Object>) o;
    }

    private static Object norm(@Nullable Object v) {
        return v instanceof BigDecimal b ? b.stripTrailingZeros() : v == null ? "∅" : v;
    }

    private void assertSummaries(GroupSummaries.Group g, List<Map<UUID, @Nullable Object>> in, Map<UUID, Summary> asked) {
        assertThat(g.count()).as("count of %s", g.key()).isEqualTo(in.size());
        asked.forEach((f, s) -> assertThat(norm(g.values().get(f))).as("%s of %s in %s", s, f, g.key())
                .isEqualTo(norm(expected(in, f, s))));
    }

    @Test
    void twoLevelsWithEverySummaryMatchAnIndependentComputation() {
        for (Summary s : List.of(Summary.values())) {
            Map<UUID, Summary> asked = new LinkedHashMap<>();
            asked.put(qty.id(), s);
            if (!s.numericOnly()) asked.put(name.id(), s);
            GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null,
                    List.of(new GroupBy(region.id(), false), new GroupBy(year.id(), true)), asked);
            assertThat(r.truncated()).isFalse();
            assertSummaries(r.total(), rows, asked);

            // the expected groups: regions ascending (empty last), years descending (empty first) inside each
            List<String> regions = rows.stream().map(m -> (String) m.get(region.id())).distinct()
                    .sorted(Comparator.nullsLast(Comparator.<String>naturalOrder())).toList();
            List<String> expectedKeys = new ArrayList<>();
            for (String reg : regions) {
                expectedKeys.add(String.valueOf(reg));
                rows.stream().filter(m -> Objects.equals(m.get(region.id()), reg)).map(m -> (BigDecimal) m.get(year.id()))
                        .distinct().sorted(Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder()).reversed())
                        .forEach(y -> expectedKeys.add(reg + "/" + (y == null ? null : y.toPlainString())));
            }
            assertThat(r.groups()).extracting(g -> g.key().size() == 1 ? String.valueOf(g.key().get(0))
                    : g.key().get(0) + "/" + plain(g.key().get(1))).containsExactlyElementsOf(expectedKeys);
            for (GroupSummaries.Group g : r.groups()) {
                Predicate<Map<UUID, @Nullable Object>> in = row -> Objects.equals(row.get(region.id()), g.key().get(0))
                        && (g.level() == 1 || Objects.equals(norm(row.get(year.id())), norm(g.key().get(1))));
                assertSummaries(g, rows.stream().filter(in).toList(), asked);
            }
        }
    }

    private static @Nullable String plain(@Nullable Object o) {
        return o instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : o == null ? null : o.toString();
    }

    /** A formula field has no column: the summaries read it (and filter by it) through the computed source. */
    @Test
    void aFormulaFieldIsSummedAndFilteredLikeAStoredOne() {
        SchemaStore schema = new SchemaStore(ws);
        FieldDef doubled = schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Doubled",
                dev.rowan.model.schema.FieldTypes.parse("formula", Map.of("formula", "{Qty} * 2"), null)));
        TableDef withFormula = schema.table(t.id());
        Filter north = Filter.where(region.id().toString(), Operator.EQ, "North");
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(withFormula, north, List.of(),
                Map.of(doubled.id(), Summary.SUM));
        BigDecimal expected = rows.stream().filter(m -> "North".equals(m.get(region.id())))
                .map(m -> (BigDecimal) m.get(qty.id())).filter(java.util.Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add).multiply(BigDecimal.valueOf(2));
        assertThat(new BigDecimal(String.valueOf(r.total().values().get(doubled.id()))))
                .isEqualByComparingTo(expected);
        // and grouped by the formula itself
        GroupSummaries.Result byDoubled = new GroupSummaries(ws).summarize(withFormula, north,
                List.of(new GroupBy(doubled.id(), false)), Map.of());
        assertThat(byDoubled.groups().stream().mapToLong(GroupSummaries.Group::count).sum())
                .isEqualTo(r.total().count());
    }

    @Test
    void theViewsFilterAppliesAndNoGroupsGivesTheTotalOnly() {
        Filter north = Filter.where(region.id().toString(), Operator.EQ, "North");
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, north, List.of(),
                Map.of(qty.id(), Summary.SUM, name.id(), Summary.UNIQUE));
        assertThat(r.groups()).isEmpty();
        assertSummaries(r.total(), rows.stream().filter(m -> "North".equals(m.get(region.id()))).toList(),
                Map.of(qty.id(), Summary.SUM, name.id(), Summary.UNIQUE));
        // a summary that does not fit (sum of text) and a group on a field that is gone are left out, not failed
        GroupSummaries.Result odd = new GroupSummaries(ws).summarize(t, null,
                List.of(new GroupBy(UUID.randomUUID(), false)), Map.of(name.id(), Summary.SUM));
        assertThat(odd.groups()).isEmpty();
        assertThat(odd.total().count()).isEqualTo(rows.size());
        assertThat(odd.total().values()).isEmpty();
    }

    @Test
    void singleSelectGroupsComeInOptionOrderAsTheGridSortsThem() {
        SchemaStore schema = new SchemaStore(ws);
        // option ids sort z, m, a: an order by id would put Done first
        TableDef s = schema.createTable(schema.createApp("B").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new dev.rowan.model.schema.SelectOption("z", "To do", "gray"),
                        new dev.rowan.model.schema.SelectOption("m", "Doing", "blue"),
                        new dev.rowan.model.schema.SelectOption("a", "Done", "green"))))));
        FieldDef status = s.fields().getFirst();
        RecordStore store = new RecordStore(ws);
        List<Map<UUID, @Nullable Object>> in = new ArrayList<>();
        for (String v : new String[] {"a", "z", null, "m", "a", "z", "a"}) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(status.id(), v);
            in.add(m);
        }
        store.insertAll(s, in, () -> false);
        GroupSummaries.Result asc = new GroupSummaries(ws).summarize(s, null,
                List.of(new GroupBy(status.id(), false)), Map.of());
        assertThat(asc.groups()).extracting(g -> g.key().getFirst()).containsExactly("z", "m", "a", null);
        assertThat(asc.groups()).extracting(GroupSummaries.Group::count).containsExactly(2L, 1L, 3L, 1L);
        GroupSummaries.Result desc = new GroupSummaries(ws).summarize(s, null,
                List.of(new GroupBy(status.id(), true)), Map.of());
        assertThat(desc.groups()).extracting(g -> g.key().getFirst()).containsExactly(null, "a", "m", "z");
        // the grid's rows sorted the same way come group after group in the same order
        List<Object> sorted = store.page(s, null, List.of(dev.rowan.model.query.Sort.asc(status.id().toString())), null,
                10).rows().stream().map(r -> r.value(status.id())).toList();
        assertThat(sorted).containsExactly("z", "z", "m", "a", "a", "a", null);
    }
}
