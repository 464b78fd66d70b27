package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
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
 * Filtered groupings and unique counts served from the table summary on the desktop ({@link TableSummary#served} with
 * {@code sql.SummaryCells}): a filter naming only dimensions is decided by H2 over the cells' values (the scan's own
 * WHERE), a unique count of a dimension is the number of its distinct values among a group's cells — both without a
 * full read and equal to {@code GroupSummaries.recompute}. Random filters with every operator over text (mixed case,
 * accents, quotes, {@code %}, {@code _}, backslashes, the word NULL), a single select (labels and option ids), a number,
 * a yes/no and a date field, AND/OR groups and NULL checks; every ordered choice of one or two dimensions, ascending or
 * descending. Filters on other fields, a search over every text field and "is me" are read in full; hostile values
 * are bound.
 */
class SummaryCellFilterTest {
    static final List<SelectOption> STATUS = TableSummaryTest.STATUS;
    static final List<String> REGIONS = List.of("alpha", "Alpha", "ÄLPHA", "Émile", "émile", "zeta", "10", "9", "ß",
            "it's", "50%", "a_b", "back\\slash", "NULL", "\"q\"");
    static final List<LocalDate> DAYS = TableSummaryTest.DAYS;
    static final UUID ME = UUID.fromString("00000000-0000-4000-8000-00000000abcd");
    private static final List<Operator> OPERATORS = List.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE,
            Operator.LT, Operator.LTE, Operator.IN, Operator.NOT_IN, Operator.CONTAINS, Operator.NOT_CONTAINS,
            Operator.STARTS_WITH, Operator.ENDS_WITH, Operator.IS_NULL, Operator.IS_NOT_NULL, Operator.BETWEEN);

    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    RecordStore records;
    final Random r = new Random(7);
    /** Region, Status, Year, Done, Due: the dimensions; Qty, Name, Owner: not. */
    FieldDef region, status, year, done, due, qty, name, owner;

    @BeforeEach
    void setUp() {
        System.setProperty("rowan.summary.minRecords", "1000");
        ws = Workspace.open(dir);
        ws.putSetting("account.user", ME.toString());
        SchemaStore schema = new SchemaStore(ws);
        UUID app = schema.createApp("A").id();
        t = schema.createTable(app, null, "Sales", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(STATUS)),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(1)),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.BooleanType()),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false))));
        region = t.fields().get(0);
        status = t.fields().get(1);
        year = t.fields().get(2);
        done = t.fields().get(3);
        due = t.fields().get(4);
        qty = t.fields().get(5);
        name = t.fields().get(6);
        owner = t.fields().get(7);
        records = new RecordStore(ws);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) rows.add(randomRow(i < 40));
        records.insertAll(t, rows, () -> false);
        assertThat(new TableSummary(ws).build(t)).isEqualTo(TableSummary.Outcome.BUILT);
        List<UUID> dimensions = ws.read(c -> new TableSummary(ws).dimensions(c, t));
        assertThat(dimensions).containsExactlyInAnyOrder(region.id(), status.id(), year.id(), done.id(), due.id());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("rowan.summary.minRecords");
        if (ws != null) ws.close();
    }

    private <T> @Nullable T maybe(List<T> values, int nullOneIn) {
        return r.nextInt(nullOneIn) == 0 ? null : values.get(r.nextInt(values.size()));
    }

    private Map<UUID, @Nullable Object> randomRow(boolean mine) {
        Map<UUID, @Nullable Object> v = new HashMap<>();
        v.put(region.id(), maybe(REGIONS, 9));
        v.put(status.id(), maybe(STATUS.stream().map(SelectOption::id).toList(), 6));
        v.put(year.id(), maybe(List.of(new BigDecimal("2020.0"), new BigDecimal("2021.5"), new BigDecimal("-3.0"),
                new BigDecimal("0.5")), 7));
        v.put(done.id(), maybe(List.of(true, false), 5));
        v.put(due.id(), maybe(DAYS, 8));
        v.put(qty.id(), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(200_000) - 50_000, 2));
        v.put(name.id(), r.nextInt(10) == 0 ? null : (r.nextBoolean() ? "n" : "N") + r.nextInt(500));
        if (mine) v.put(owner.id(), List.of(ME.toString()));
        return v;
    }

    private List<FieldDef> dims() {
        return List.of(region, status, year, done, due);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void randomFiltersOverDimensionsAreServedExactlyWithoutAFullRead() {
        List<Map<UUID, Summary>> footers = footers();
        int served = 0;
        int n = 0;
        for (List<GroupBy> groups : groupings()) {
            for (int i = 0; i < 8; i++) {
                Filter filter = randomFilter(0);
                if (!compiles(filter)) continue;
                assertServed(filter, groups, footers.get(n++ % footers.size()), true);
                served++;
            }
        }
        assertThat(served).as("filtered questions served").isGreaterThan(80);
        // the total alone, and an empty group (no condition: every record)
        assertServed(Filter.where(region.name(), Operator.CONTAINS, "a"), List.of(), footers.getFirst(), true);
        assertServed(new Filter.Group(Filter.Logic.OR, List.of()), List.of(new GroupBy(status.id(), false)),
                footers.get(1), true);
    }

    @Test
    void uniqueCountsOfDimensionsAreServedAndFollowWritesThoseOfOtherFieldsAreNot() {
        for (List<GroupBy> groups : List.of(List.<GroupBy>of(), List.of(new GroupBy(status.id(), false)),
                List.of(new GroupBy(done.id(), true), new GroupBy(region.id(), false)),
                List.of(new GroupBy(due.id(), false), new GroupBy(year.id(), true), new GroupBy(status.id(), false)))) {
            Map<UUID, Summary> footer = new LinkedHashMap<>();
            footer.put(region.id(), Summary.UNIQUE);
            footer.put(year.id(), Summary.UNIQUE);
            footer.put(due.id(), Summary.UNIQUE);
            footer.put(status.id(), Summary.UNIQUE);
            footer.put(done.id(), Summary.UNIQUE);
            footer.put(qty.id(), Summary.SUM);
            assertServed(null, groups, footer, true);
            assertServed(Filter.where(region.name(), Operator.NOT_CONTAINS, "l"), groups, footer, true);
            Map<UUID, Summary> other = new LinkedHashMap<>(footer);
            other.put(name.id(), Summary.UNIQUE);
            assertServed(null, groups, other, false);
        }
        // the kept answers follow writes (a unique count whose values changed is counted again for its group)
        List<GroupBy> groups = List.of(new GroupBy(status.id(), false));
        Map<UUID, Summary> footer = Map.of(region.id(), Summary.UNIQUE, due.id(), Summary.EMPTY);
        GroupSummaries gs = new GroupSummaries(ws);
        gs.summarize(t, null, groups, footer);
        List<Map<UUID, @Nullable Object>> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) more.add(randomRow(false));
        records.insertAll(t, more, () -> false);
        assertThat(gs.summarize(t, null, groups, footer)).isEqualTo(gs.recompute(t, null, groups, footer));
    }

    @Test
    void filtersOnOtherFieldsASearchOrMeAreReadInFullAndAnswerRight() {
        List<GroupBy> groups = List.of(new GroupBy(status.id(), false), new GroupBy(done.id(), false));
        Map<UUID, Summary> footer = footers().getFirst();
        List<Filter> search = new ArrayList<>();
        for (FieldDef f : List.of(region, name)) search.add(Filter.where(f.id().toString(), Operator.CONTAINS, "a"));
        for (Filter f : List.of(
                Filter.where(qty.name(), Operator.GT, 10),
                Filter.and(Filter.where(region.name(), Operator.EQ, "alpha"), Filter.where(name.name(), Operator.IS_NULL, null)),
                Filter.or(Filter.where(done.name(), Operator.EQ, true), Filter.where("createdAt", Operator.IS_NULL, null)),
                new Filter.Group(Filter.Logic.OR, search))) {
            assertServed(f, groups, footer, false);
        }
        // "is me": resolved to the signed-in account before compiling, read in full
        Filter me = Filter.where(owner.id().toString(), Operator.EQ, dev.rowan.model.kind.UserKind.ME);
        GroupSummaries gs = new GroupSummaries(ws);
        long before = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result got = gs.summarize(t, me, groups, footer);
        assertThat(GroupSummaries.FULL_READS.get() - before).isEqualTo(1);
        assertThat(got).isEqualTo(gs.recompute(t, Filter.where(owner.id().toString(), Operator.EQ, ME.toString()),
                groups, footer));
        assertThat(got.total().count()).isEqualTo(40);
    }

    @Test
    void hostileValuesAreBoundAndAnswerLikeTheScan() {
        String longText = "x%_\\'\"".repeat(1_700).substring(0, 10_000);
        List<GroupBy> groups = List.of(new GroupBy(region.id(), false), new GroupBy(status.id(), true));
        Map<UUID, Summary> footer = footers().get(1);
        for (Filter f : List.of(
                Filter.where(region.name(), Operator.EQ, "it's"),
                Filter.where(region.name(), Operator.CONTAINS, "%"),
                Filter.where(region.name(), Operator.ENDS_WITH, "_b"),
                Filter.where(region.name(), Operator.STARTS_WITH, "back\\"),
                Filter.where(region.name(), Operator.EQ, "NULL"),
                Filter.where(region.name(), Operator.NOT_CONTAINS, longText),
                Filter.where(region.name(), Operator.IN, List.of(longText, "'); DROP TABLE rowan.settings;--", "ß")),
                Filter.or(Filter.where(region.name(), Operator.GT, longText), Filter.where(status.name(), Operator.NE,
                        "Closed")))) {
            assertServed(f, groups, footer, true);
        }
        assertThat(new GroupSummaries(ws).recompute(t, null, List.of(), Map.of()).total().count()).isEqualTo(2_500);
        assertThat(ws.setting("account.user")).contains(ME.toString());
    }

    // ------------------------------------------------------------------------------------------------ checking

    /** The question answered (without a full read when {@code served}) and equal to a full read. */
    private void assertServed(@Nullable Filter filter, List<GroupBy> groups, Map<UUID, Summary> footer,
                              boolean served) {
        GroupSummaries gs = new GroupSummaries(ws);
        long before = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result answer = gs.summarize(t, filter, groups, footer);
        assertThat(GroupSummaries.FULL_READS.get() - before).as("full reads for %s %s", groups, filter)
                .isEqualTo(served ? 0 : 1);
        assertThat(answer).as("%s %s %s", groups, footer, filter).isEqualTo(gs.recompute(t, filter, groups, footer));
    }

    private boolean compiles(Filter f) {
        try {
            new RecordSql(SqlDialect.H2).where(t, f);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Footers asking every figure, unique counts of dimensions among them. */
    private List<Map<UUID, Summary>> footers() {
        Map<UUID, Summary> a = new LinkedHashMap<>();
        a.put(qty.id(), Summary.SUM);
        a.put(year.id(), Summary.AVG);
        a.put(due.id(), Summary.MIN);
        a.put(region.id(), Summary.MAX);
        a.put(status.id(), Summary.FILLED);
        a.put(done.id(), Summary.EMPTY);
        a.put(name.id(), Summary.COUNT);
        Map<UUID, Summary> b = new LinkedHashMap<>();
        b.put(qty.id(), Summary.AVG);
        b.put(year.id(), Summary.MIN);
        b.put(due.id(), Summary.UNIQUE);
        b.put(region.id(), Summary.UNIQUE);
        b.put(status.id(), Summary.EMPTY);
        b.put(done.id(), Summary.MAX);
        b.put(name.id(), Summary.MAX);
        Map<UUID, Summary> c = new LinkedHashMap<>();
        c.put(qty.id(), Summary.MIN);
        c.put(year.id(), Summary.UNIQUE);
        c.put(done.id(), Summary.UNIQUE);
        c.put(name.id(), Summary.MIN);
        c.put(region.id(), Summary.FILLED);
        return List.of(a, b, c);
    }

    /** Every ordered choice of one or two dimensions, each level ascending or descending at random. */
    private List<List<GroupBy>> groupings() {
        List<List<GroupBy>> out = new ArrayList<>();
        for (FieldDef a : dims()) {
            out.add(List.of(new GroupBy(a.id(), r.nextBoolean())));
            for (FieldDef b : dims()) {
                if (b != a) out.add(List.of(new GroupBy(a.id(), r.nextBoolean()), new GroupBy(b.id(), r.nextBoolean())));
            }
        }
        return out;
    }

    private Filter randomFilter(int depth) {
        if (depth < 2 && r.nextInt(3) == 0) {
            List<Filter> parts = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) parts.add(randomFilter(depth + 1));
            return new Filter.Group(r.nextBoolean() ? Filter.Logic.AND : Filter.Logic.OR, parts);
        }
        FieldDef d = dims().get(r.nextInt(dims().size()));
        Operator op = OPERATORS.get(r.nextInt(OPERATORS.size()));
        String ref = r.nextInt(4) == 0 ? d.id().toString() : d.name();
        if (!op.takesValue()) return Filter.where(ref, op, null);
        if (op == Operator.BETWEEN) return Filter.where(ref, op, List.of(value(d), value(d)));
        if (op.takesList()) {
            List<Object> l = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) l.add(value(d));
            return Filter.where(ref, op, l);
        }
        if (op == Operator.CONTAINS || op == Operator.NOT_CONTAINS || op == Operator.STARTS_WITH
                || op == Operator.ENDS_WITH) {
            String s = String.valueOf(value(d));
            int from = r.nextInt(s.length() + 1);
            return Filter.where(ref, op, s.substring(from, from + r.nextInt(s.length() - from + 1)));
        }
        return Filter.where(ref, op, value(d));
    }

    private Object value(FieldDef d) {
        if (d == region) return r.nextInt(5) == 0 ? "äL" : REGIONS.get(r.nextInt(REGIONS.size()));
        if (d == status) {
            SelectOption o = STATUS.get(r.nextInt(STATUS.size()));
            return r.nextInt(4) == 0 ? o.id() : o.label();
        }
        if (d == year) return r.nextInt(3) == 0 ? 2021 : List.of("2020", "2021.5", "-3", "0.5", "0.50").get(r.nextInt(5));
        if (d == done) return r.nextBoolean();
        if (d == due) return r.nextInt(4) == 0 ? "2026-01-01" : DAYS.get(r.nextInt(DAYS.size())).toString();
        throw new IllegalArgumentException(d.name());
    }
}
