package dev.rowan.model.sql;

import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.formula.H2Functions;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Link, lookup and rollup fields on both real engines with the same data: the values read through
 * {@link RecordSql#source} equal on H2 and PostgreSQL and equal to what the data says; link filters, sort by the
 * linked title, filter and sort by a rollup, formulas over a lookup, the inverse side, a self-link, a linked table
 * that is gone (reads empty, filters refused) and links removed with their record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkFieldsOnEnginesTest {
    private static final UUID JUNCTION = id("junction");
    private static final UUID SELF_JUNCTION = id("self junction");
    private static final FieldDef P_NAME = FieldDef.of(id("p name"), "Name", new FieldType.Text());
    private static final FieldDef T_TITLE = FieldDef.of(id("t title"), "Title", new FieldType.Text());
    private static final FieldDef T_HOURS = FieldDef.of(id("t hours"), "Hours", new FieldType.NumberType(2));
    private static final FieldDef T_DUE = FieldDef.of(id("t due"), "Due", new FieldType.DateType(false));
    private static final FieldDef T_DONE = FieldDef.of(id("t done"), "Done", new FieldType.BooleanType());
    private static final FieldDef T_AT = FieldDef.of(id("t at"), "At", new FieldType.DateType(true));

    private Engines engines;
    private TableDef projects;
    private TableDef tasks;
    private final UUID[] p = new UUID[4];
    private final UUID[] t = new UUID[5];

    private static UUID id(String s) {
        return UUID.nameUUIDFromBytes(("links " + s).getBytes(StandardCharsets.UTF_8));
    }

    private static FieldDef rollup(String name, RollupFunction fn, FieldDef target, @Nullable Filter filter) {
        return FieldDef.of(id("r " + name), name, new FieldType.Rollup(id("p tasks"), target.id(), fn, filter,
                new FieldType.NumberType(0)));
    }

    @BeforeAll
    void create() throws Exception {
        engines = new Engines("linkfields");
        for (Engine e : engines.both()) {
            if (e.dialect() == SqlDialect.H2) {
                Engines.execute(e, "SET TIME ZONE 'UTC'");
                for (String ddl : H2Functions.createAliases()) Engines.execute(e, ddl);
            }
        }
        UUID projectsId = UUID.nameUUIDFromBytes("links projects".getBytes(StandardCharsets.UTF_8));
        UUID tasksId = UUID.nameUUIDFromBytes("links tasks".getBytes(StandardCharsets.UTF_8));
        FieldDef tasksLink = FieldDef.of(id("p tasks"), "Tasks",
                new FieldType.Link(tasksId, id("t project"), false, JUNCTION, true));
        FieldDef projectLink = FieldDef.of(id("t project"), "Project",
                new FieldType.Link(projectsId, id("p tasks"), false, JUNCTION, false));
        FieldDef parent = FieldDef.of(id("t parent"), "Parent",
                new FieldType.Link(tasksId, null, true, SELF_JUNCTION, true));
        TableDef tasksPlain = Engines.table("links tasks", List.of(T_TITLE, T_HOURS, T_DUE, T_DONE, T_AT,
                projectLink, parent));
        TableDef projectsPlain = Engines.table("links projects", List.of(P_NAME, tasksLink));
        Map<UUID, TableDef> all = Map.of(projectsId, projectsPlain, tasksId, tasksPlain);
        projectsPlain = projectsPlain.withLinked(all);
        // lookups and rollups are saved against the linked table (value and result types from the target)
        List<FieldDef> pf = new ArrayList<>(projectsPlain.fields());
        pf.add(FieldDef.of(id("l titles"), "Task titles", new FieldType.Lookup(tasksLink.id(), T_TITLE.id(),
                new FieldType.Text())));
        pf.add(FieldDef.of(id("l hours"), "Task hours", new FieldType.Lookup(tasksLink.id(), T_HOURS.id(),
                new FieldType.Text())));
        pf.add(FieldDef.of(id("l due"), "Task dues", new FieldType.Lookup(tasksLink.id(), T_DUE.id(),
                new FieldType.Text())));
        pf.add(FieldDef.of(id("l at"), "Task times", new FieldType.Lookup(tasksLink.id(), T_AT.id(),
                new FieldType.Text())));
        pf.add(FieldDef.of(id("l done"), "Task done", new FieldType.Lookup(tasksLink.id(), T_DONE.id(),
                new FieldType.Text())));
        pf.add(rollup("Sum", RollupFunction.SUM, T_HOURS, null));
        pf.add(rollup("Avg", RollupFunction.AVG, T_HOURS, null));
        pf.add(rollup("Min", RollupFunction.MIN, T_HOURS, null));
        pf.add(rollup("Max", RollupFunction.MAX, T_HOURS, null));
        pf.add(rollup("Count", RollupFunction.COUNT, T_DUE, null));
        pf.add(rollup("CountAll", RollupFunction.COUNT_ALL, T_TITLE, null));
        pf.add(rollup("CountEmpty", RollupFunction.COUNT_EMPTY, T_DUE, null));
        pf.add(rollup("Unique", RollupFunction.UNIQUE_COUNT, T_HOURS, null));
        pf.add(rollup("Earliest", RollupFunction.EARLIEST, T_DUE, null));
        pf.add(rollup("Latest", RollupFunction.LATEST, T_AT, null));
        pf.add(rollup("Concat", RollupFunction.CONCAT, T_TITLE, null));
        pf.add(rollup("All done", RollupFunction.AND, T_DONE, null));
        pf.add(rollup("Any done", RollupFunction.OR, T_DONE, null));
        pf.add(rollup("Done hours", RollupFunction.SUM, T_HOURS,
                Filter.where(T_DONE.id().toString(), Operator.EQ, true)));
        TableDef draft = new TableDef(projectsPlain.id(), projectsPlain.appId(), projectsPlain.name(),
                projectsPlain.schemaName(), projectsPlain.physicalName(), pf, projectsPlain.linked());
        List<FieldDef> resolved = new ArrayList<>();
        for (FieldDef f : pf) resolved.add(LinkFields.resolve(draft, f));
        // a formula over a lookup (a list)
        FieldDef joined = FormulaFields.resolve(resolved, FieldDef.of(id("f joined"), "Joined",
                FieldTypes.parse("formula", Map.of("formula", "ARRAYJOIN({Task titles}, \"/\")"), null)));
        resolved.add(joined);
        resolved.add(FormulaFields.resolve(resolved, FieldDef.of(id("f count"), "Counted",
                FieldTypes.parse("formula", Map.of("formula", "COUNTA({Task titles})"), null))));
        projects = new TableDef(draft.id(), draft.appId(), draft.name(), draft.schemaName(), draft.physicalName(),
                resolved).withLinked(all);
        tasks = tasksPlain.withLinked(all);

        for (int i = 0; i < p.length; i++) p[i] = id("project " + i);
        for (int i = 0; i < t.length; i++) t[i] = id("task " + i);
        Object[][] taskData = {
                {"write", "2.5", LocalDate.of(2026, 3, 1), true, OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC)},
                {"test", "1.25", null, false, OffsetDateTime.of(2026, 3, 2, 9, 30, 0, 0, ZoneOffset.UTC)},
                {"ship", "2.5", LocalDate.of(2026, 2, 1), true, null},
                {"Review", "4", LocalDate.of(2026, 4, 1), true, OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)},
                {"idle", null, null, null, null}};
        Ddl[] ddl = new Ddl[1];
        for (Engine e : engines.both()) {
            ddl[0] = new Ddl(e.dialect());
            Engines.create(e, projects);
            Engines.create(e, tasks);
            for (String s : ddl[0].createJunction(projects, tasks, JUNCTION)) Engines.execute(e, s);
            for (String s : ddl[0].createJunction(tasks, tasks, SELF_JUNCTION)) Engines.execute(e, s);
            String[] names = {"Zeta", "alpha", "Mid", "empty"};
            for (int i = 0; i < p.length; i++) {
                Map<FieldDef, @Nullable Object> v = new HashMap<>();
                v.put(P_NAME, names[i]);
                Engines.insert(e, projects, p[i], v, OffsetDateTime.of(2026, 1, 1, 9, i, 0, 0, ZoneOffset.UTC));
            }
            for (int i = 0; i < t.length; i++) {
                Map<FieldDef, @Nullable Object> v = new HashMap<>();
                v.put(T_TITLE, taskData[i][0]);
                v.put(T_HOURS, taskData[i][1] == null ? null : new BigDecimal((String) taskData[i][1]).setScale(2));
                v.put(T_DUE, taskData[i][2]);
                v.put(T_DONE, taskData[i][3]);
                v.put(T_AT, taskData[i][4]);
                Engines.insert(e, tasks, t[i], v, OffsetDateTime.of(2026, 1, 1, 9, i, 0, 0, ZoneOffset.UTC));
            }
            // Zeta: write, test, ship (in that order); alpha: Review; Mid: ship, idle; empty: none
            link(e, JUNCTION, p[0], t[0], 0);
            link(e, JUNCTION, p[0], t[1], 1);
            link(e, JUNCTION, p[0], t[2], 2);
            link(e, JUNCTION, p[1], t[3], 0);
            link(e, JUNCTION, p[2], t[2], 0);
            link(e, JUNCTION, p[2], t[4], 1);
            link(e, SELF_JUNCTION, t[1], t[0], 0);
        }
    }

    private void link(Engine e, UUID junction, UUID src, UUID dst, int pos) throws Exception {
        try (PreparedStatement ps = e.conn().prepareStatement("INSERT INTO "
                + new Ddl(e.dialect()).junctionName(projects.schemaName(), junction) + " (src, dst, pos) VALUES (?, ?, ?)")) {
            ps.setObject(1, src);
            ps.setObject(2, dst);
            ps.setInt(3, pos);
            ps.executeUpdate();
        }
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private FieldDef f(TableDef table, String name) {
        return table.field(name).orElseThrow();
    }

    /** Every project's values as the API shows them, per engine. */
    private Map<UUID, Map<String, @Nullable Object>> read(Engine e, TableDef table) throws Exception {
        Map<UUID, Map<String, @Nullable Object>> out = new LinkedHashMap<>();
        for (Engines.Row r : Engines.page(e, table, e.records().page(table, null, List.of(), null, 100))) {
            Map<String, @Nullable Object> v = new LinkedHashMap<>();
            for (FieldDef f : table.activeFields()) v.put(f.name(), FieldValues.toApi(f.type(), r.get(f)));
            out.put(r.id(), v);
        }
        return out;
    }

    @Test
    void bothEnginesReadTheSameLinksLookupsAndRollups() throws Exception {
        Map<UUID, Map<String, @Nullable Object>> h2 = read(engines.h2, projects);
        Map<UUID, Map<String, @Nullable Object>> pg = read(engines.postgres, projects);
        assertThat(h2).isEqualTo(pg);
        Map<String, @Nullable Object> zeta = pg.get(p[0]);
        assertThat(zeta.get("Tasks")).isEqualTo(List.of(Map.of("id", t[0].toString(), "title", "write"),
                Map.of("id", t[1].toString(), "title", "test"), Map.of("id", t[2].toString(), "title", "ship")));
        assertThat(zeta.get("Task titles")).isEqualTo(List.of("write", "test", "ship"));
        assertThat(zeta.get("Task hours")).isEqualTo(List.of(new BigDecimal("2.5"), new BigDecimal("1.25"),
                new BigDecimal("2.5")));
        assertThat(zeta.get("Task dues")).isEqualTo(List.of("2026-03-01", "2026-02-01"));
        assertThat(zeta.get("Task times")).isEqualTo(List.of("2026-03-01T08:00:00Z", "2026-03-02T09:30:00Z"));
        assertThat(zeta.get("Task done")).isEqualTo(List.of(true, false, true));
        assertThat(zeta.get("Sum")).isEqualTo(new BigDecimal("6.25"));
        assertThat(zeta.get("Avg")).isEqualTo(new BigDecimal("2.0833"));
        assertThat(zeta.get("Min")).isEqualTo(new BigDecimal("1.25"));
        assertThat(zeta.get("Max")).isEqualTo(new BigDecimal("2.5"));
        assertThat(zeta.get("Count")).isEqualTo(new BigDecimal("2"));
        assertThat(zeta.get("CountAll")).isEqualTo(new BigDecimal("3"));
        assertThat(zeta.get("CountEmpty")).isEqualTo(BigDecimal.ONE);
        assertThat(zeta.get("Unique")).isEqualTo(new BigDecimal("2"));
        assertThat(zeta.get("Earliest")).isEqualTo("2026-02-01");
        assertThat(zeta.get("Latest")).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(zeta.get("Concat")).isEqualTo("write, test, ship");
        assertThat(zeta.get("All done")).isEqualTo(false);
        assertThat(zeta.get("Any done")).isEqualTo(true);
        assertThat(zeta.get("Done hours")).isEqualTo(new BigDecimal("5"));
        assertThat(zeta.get("Joined")).isEqualTo("write/test/ship");
        assertThat(zeta.get("Counted")).isEqualTo(new BigDecimal("3"));
        Map<String, @Nullable Object> empty = pg.get(p[3]);
        assertThat(empty.get("Tasks")).isNull();
        assertThat(empty.get("Task titles")).isNull();
        assertThat(empty.get("CountAll")).isEqualTo(BigDecimal.ZERO);
        assertThat(empty.get("Sum")).isNull();
        Map<String, @Nullable Object> mid = pg.get(p[2]);
        assertThat(mid.get("Task titles")).isEqualTo(List.of("ship", "idle"));
        assertThat(mid.get("CountEmpty")).isEqualTo(BigDecimal.ONE);
        assertThat(mid.get("All done")).isEqualTo(true);
    }

    @Test
    void theInverseSideAndASelfLinkRead() throws Exception {
        for (Engine e : engines.both()) {
            Map<UUID, Map<String, @Nullable Object>> rows = read(e, tasks);
            assertThat(rows.get(t[2]).get("Project")).as(e.name()).isEqualTo(List.of(
                    Map.of("id", p[2].toString(), "title", "Mid"), Map.of("id", p[0].toString(), "title", "Zeta"))
                    .stream().sorted((a, b) -> a.get("id").compareTo(b.get("id"))).toList());
            assertThat(rows.get(t[1]).get("Parent")).as(e.name())
                    .isEqualTo(List.of(Map.of("id", t[0].toString(), "title", "write")));
            assertThat(rows.get(t[0]).get("Parent")).as(e.name()).isNull();
        }
    }

    private List<UUID> ids(Engine e, TableDef table, Filter filter) throws Exception {
        return Engines.ids(e, table, e.records().where(table, filter));
    }

    private static List<UUID> sorted(UUID... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    @Test
    void linkFiltersMatchOnBothEngines() throws Exception {
        String tasksRef = f(projects, "Tasks").id().toString();
        for (Engine e : engines.both()) {
            assertThat(ids(e, projects, Filter.where(tasksRef, Operator.HAS_ANY_OF, List.of(t[2].toString()))))
                    .as(e.name()).containsExactlyInAnyOrderElementsOf(sorted(p[0], p[2]));
            assertThat(ids(e, projects, Filter.where("Tasks", Operator.HAS_NONE_OF,
                    List.of(t[2].toString(), t[3].toString())))).as(e.name()).containsExactlyInAnyOrderElementsOf(sorted(p[3]));
            assertThat(ids(e, projects, Filter.where("Tasks", Operator.IS_NULL, null))).containsExactlyInAnyOrderElementsOf(sorted(p[3]));
            assertThat(ids(e, projects, Filter.where("Tasks", Operator.IS_NOT_NULL, null)))
                    .containsExactlyInAnyOrderElementsOf(sorted(p[0], p[1], p[2]));
            assertThat(ids(e, projects, Filter.where("Tasks", Operator.CONTAINS, "REV"))).containsExactlyInAnyOrderElementsOf(sorted(p[1]));
            assertThat(ids(e, projects, Filter.where("Tasks", Operator.CONTAINS, "%"))).isEmpty();
            assertThat(ids(e, projects, Filter.where("Sum", Operator.GT, 3))).containsExactlyInAnyOrderElementsOf(sorted(p[0], p[1]));
            assertThat(ids(e, projects, Filter.where("Task titles", Operator.IS_NULL, null))).containsExactlyInAnyOrderElementsOf(sorted(p[3]));
            assertThatThrownBy(() -> e.records().where(projects, Filter.where("Tasks", Operator.HAS_ANY_OF,
                    List.of("not an id")))).hasMessageContaining("record ids");
            assertThatThrownBy(() -> e.records().where(projects, Filter.where("Task titles", Operator.CONTAINS,
                    "x"))).hasMessageContaining("does not apply");
        }
    }

    private List<UUID> order(Engine e, TableDef table, List<Sort> sorts, int pageSize) throws Exception {
        List<UUID> out = new ArrayList<>();
        Cursor cursor = null;
        List<Column> keys = RecordSql.sortColumns(table, sorts);
        while (true) {
            List<Engines.Row> rows = Engines.page(e, table, e.records().page(table, null, sorts, cursor, pageSize));
            for (int i = 0; i < Math.min(pageSize, rows.size()); i++) out.add(rows.get(i).id());
            if (rows.size() <= pageSize) return out;
            Engines.Row last = rows.get(pageSize - 1);
            List<@Nullable String> values = new ArrayList<>();
            for (Column k : keys) {
                values.add(FieldValues.toCanonicalText(k.type(), RecordSql.sortValue(k, last.get(k.field()))));
            }
            cursor = new Cursor(RecordSql.signature(keys, sorts), values, last.id());
        }
    }

    @Test
    void sortsByTheFirstLinkedTitleAndByARollupWithKeysetPages() throws Exception {
        for (Engine e : engines.both()) {
            // first titles: Zeta "write", alpha "Review", Mid "ship", empty none (last)
            assertThat(order(e, projects, List.of(new Sort("Tasks", false)), 1)).as(e.name())
                    .containsExactly(p[1], p[2], p[0], p[3]);
            assertThat(order(e, projects, List.of(new Sort("Tasks", true)), 2)).as(e.name())
                    .containsExactly(p[3], p[0], p[2], p[1]);
            // sums: Zeta 6.25, alpha 4, Mid 2.5, empty none
            assertThat(order(e, projects, List.of(new Sort("Sum", false)), 1)).as(e.name())
                    .containsExactly(p[2], p[1], p[0], p[3]);
        }
    }

    /** A record's values read by id, through the whole source (every link value computed for the record). */
    private Map<String, @Nullable Object> byId(Engine e, TableDef table, UUID id) throws Exception {
        Engines.Row r = Engines.page(e, table, e.records().selectById(table, id)).getFirst();
        Map<String, @Nullable Object> v = new LinkedHashMap<>();
        for (FieldDef f : table.activeFields()) v.put(f.name(), FieldValues.toApi(f.type(), r.get(f)));
        return v;
    }

    @Test
    void aPageNotFilteredNorSortedByLinksPicksItsRowsFirstAndReadsTheSameValues() throws Exception {
        // filter and sort by a stored field: the rows are chosen without link subqueries, which run for them only
        Filter named = Filter.where("Name", Operator.NE, "alpha");
        List<Sort> byName = List.of(new Sort("Name", true));
        SqlFragment q = engines.h2.records().page(projects, named, byName, null, 1);
        assertThat(q.sql()).as("the rows are picked before the link subqueries").contains("SELECT t.id FROM");
        String pick = q.sql().substring(q.sql().indexOf("SELECT t.id FROM"), q.sql().indexOf("LIMIT 2"));
        assertThat(pick).doesNotContain("ARRAY_AGG").doesNotContain("lk_");
        assertThat(q.sql()).contains("ARRAY_AGG");
        // a sort by a rollup or a filter on a link keeps one query over the whole source
        assertThat(engines.h2.records().page(projects, null, List.of(new Sort("Sum", false)), null, 1).sql())
                .doesNotContain("SELECT t.id FROM");
        assertThat(engines.h2.records().page(projects, Filter.where("Tasks", Operator.IS_NULL, null), List.of(),
                null, 1).sql()).doesNotContain("SELECT t.id FROM");
        for (Engine e : engines.both()) {
            // keyset pages of one row (alpha filtered out) in the order of one page of all of them
            List<UUID> order = new ArrayList<>();
            Cursor cursor = null;
            List<Column> keys = RecordSql.sortColumns(projects, byName);
            while (true) {
                List<Engines.Row> rows = Engines.page(e, projects, e.records().page(projects, named, byName, cursor,
                        1));
                Engines.Row row = rows.getFirst();
                order.add(row.id());
                Map<String, @Nullable Object> v = new LinkedHashMap<>();
                for (FieldDef f : projects.activeFields()) v.put(f.name(), FieldValues.toApi(f.type(), row.get(f)));
                assertThat(v).as(e.name() + " " + row.id()).isEqualTo(byId(e, projects, row.id()));
                if (rows.size() == 1) break;
                cursor = new Cursor(RecordSql.signature(keys, byName), List.of(FieldValues.toCanonicalText(
                        keys.getFirst().type(), row.get(f(projects, "Name")))), row.id());
            }
            assertThat(order).as(e.name()).containsExactlyInAnyOrder(p[0], p[2], p[3]);
            assertThat(Engines.page(e, projects, e.records().page(projects, named, byName, null, 10)).stream()
                    .map(Engines.Row::id).toList()).as(e.name()).isEqualTo(order);
            // a jump to a row (OFFSET) picks the same rows
            List<Engines.Row> second = Engines.page(e, projects, e.records().pageAt(projects, named, byName, 1, 1));
            assertThat(second.getFirst().id()).as(e.name()).isEqualTo(order.get(1));
            assertThat(second).hasSize(2);
            assertThat(Engines.page(e, projects, e.records().pageAt(projects, named, byName, 2, 5))).extracting(
                    Engines.Row::id).containsExactly(order.get(2));
            assertThat(byId(e, projects, p[0]).get("Joined")).isEqualTo("write/test/ship");
            assertThat(Engines.ids(e, projects, e.records().where(projects, named))).hasSize(3);
            try (PreparedStatement ps = e.conn().prepareStatement(e.records().count(projects, named).sql())) {
                e.records().count(projects, named).bind(e.dialect(), ps, 1);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(e.name()).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void aViewsManualOrderPicksItsRowsFirstToo() throws Exception {
        UUID view = UUID.randomUUID();
        for (Engine e : engines.both()) {
            boolean pg = e.dialect() == SqlDialect.POSTGRES;
            Engines.execute(e, "CREATE SCHEMA IF NOT EXISTS rowan");
            Engines.execute(e, "CREATE TABLE IF NOT EXISTS rowan.view_ranks (view_id UUID NOT NULL, record_id UUID "
                    + "NOT NULL, \"rank\" " + (pg ? "text COLLATE \"C\"" : "VARCHAR(64)") + " NOT NULL, "
                    + "PRIMARY KEY (view_id, record_id))");
            for (Object[] r : new Object[][]{{p[2], "a"}, {p[0], "b"}}) {
                try (PreparedStatement ps = e.conn().prepareStatement(
                        "INSERT INTO rowan.view_ranks (view_id, record_id, \"rank\") VALUES (?, ?, ?)")) {
                    ps.setObject(1, view);
                    ps.setObject(2, r[0]);
                    ps.setString(3, (String) r[1]);
                    ps.executeUpdate();
                }
            }
            List<SqlFragment> parts = e.records().rankedPage(projects, null, view, null, 10);
            assertThat(parts.getFirst().sql()).contains("SELECT t.id");
            List<UUID> order = new ArrayList<>();
            List<@Nullable String> ranks = new ArrayList<>();
            for (SqlFragment q : parts) {
                try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
                    q.bind(e.dialect(), ps, 1);
                    try (var rs = ps.executeQuery()) {
                        int rankColumn = RecordSql.SYSTEM_COLUMN_COUNT + projects.activeFields().size() + 1;
                        while (rs.next()) {
                            UUID id = rs.getObject(1, UUID.class);
                            order.add(id);
                            ranks.add(rs.getString(rankColumn));
                        }
                    }
                }
            }
            // ranked first (a, b), then the unranked in created order
            assertThat(order).as(e.name()).containsExactly(p[2], p[0], p[1], p[3]);
            assertThat(ranks).as(e.name()).containsExactly("a", "b", null, null);
            List<Engines.Row> first = Engines.page(e, projects, parts.getFirst());
            assertThat(first).hasSize(2);
            for (Engines.Row row : first) {
                Map<String, @Nullable Object> v = new LinkedHashMap<>();
                for (FieldDef f : projects.activeFields()) v.put(f.name(), FieldValues.toApi(f.type(), row.get(f)));
                assertThat(v).as(e.name()).isEqualTo(byId(e, projects, row.id()));
            }
        }
    }

    /** Pages of a record's linked records through {@link RecordSql#linkPage}: (id, title, position) per row. */
    private List<Object[]> linkPages(Engine e, TableDef table, FieldDef field, UUID recordId, int size)
            throws Exception {
        List<Object[]> out = new ArrayList<>();
        Integer afterPos = null;
        UUID afterId = null;
        while (true) {
            SqlFragment q = e.records().linkPage(table, field, recordId, afterPos, afterId, size);
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
                q.bind(e.dialect(), ps, 1);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(new Object[]{rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3)});
                }
            }
            assertThat(rows.size()).isLessThanOrEqualTo(size + 1);
            out.addAll(rows.subList(0, Math.min(size, rows.size())));
            if (rows.size() <= size) return out;
            Object[] last = rows.get(size - 1);
            afterId = (UUID) last[0];
            afterPos = (Integer) last[2];
        }
    }

    @Test
    void aPageCellShowsTheFirstTwentyLinkedRecordsAndTheirTotalAndTheRestArePaged() throws Exception {
        int many = LinkValues.CELL_LIMIT + 5;
        FieldDef tasksLink = f(projects, "Tasks");
        for (Engine e : engines.both()) {
            e.conn().setAutoCommit(false);
            try {
                List<UUID> extra = new ArrayList<>();
                for (int i = 0; i < many; i++) {
                    UUID id = id("many " + i);
                    extra.add(id);
                    Map<FieldDef, @Nullable Object> v = new HashMap<>();
                    v.put(T_TITLE, "many " + i);
                    Engines.insert(e, tasks, id, v, OffsetDateTime.of(2026, 2, 1, 9, 0, i, 0, ZoneOffset.UTC));
                    // positions given out of id order: the forward side lists by position
                    link(e, JUNCTION, p[3], id, many - i);
                }
                List<UUID> inOrder = new ArrayList<>(extra.reversed());
                Engines.Row cell = Engines.page(e, projects, e.records().page(projects,
                        Filter.where("Name", Operator.EQ, "empty"), List.of(), null, 10)).getFirst();
                Object cut = cell.get(tasksLink);
                assertThat(LinkValues.total(cut)).as(e.name()).isEqualTo(many);
                assertThat(LinkValues.ids(cut)).as(e.name()).isEqualTo(inOrder.subList(0, LinkValues.CELL_LIMIT));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> api = (List<Map<String, Object>>) FieldValues.toApi(tasksLink.type(), cut);
                assertThat(api).hasSize(LinkValues.CELL_LIMIT);
                assertThat(api.getFirst()).isEqualTo(Map.of("id", inOrder.getFirst().toString(), "title", "many 24"));
                // a read by id (what sync sends) lists them all, with no total
                Object all = Engines.page(e, projects, e.records().selectById(projects, p[3])).getFirst().get(tasksLink);
                assertThat(LinkValues.ids(all)).as(e.name()).isEqualTo(inOrder);
                assertThat(LinkValues.total(all)).isEqualTo(-1);
                // a cell with few links is whole
                Engines.Row zeta = Engines.page(e, projects, e.records().page(projects,
                        Filter.where("Name", Operator.EQ, "Zeta"), List.of(), null, 10)).getFirst();
                assertThat(LinkValues.total(zeta.get(tasksLink))).isEqualTo(-1);
                assertThat(LinkValues.ids(zeta.get(tasksLink))).containsExactly(t[0], t[1], t[2]);
                // pages of 10 through the link: every linked record once, in link order, with its title
                List<Object[]> pages = linkPages(e, projects, tasksLink, p[3], 10);
                assertThat(pages.stream().map(r -> (UUID) r[0]).toList()).as(e.name()).isEqualTo(inOrder);
                assertThat(pages.getFirst()[1]).isEqualTo("many 24");
                // the inverse side pages by id
                List<Object[]> back = linkPages(e, tasks, f(tasks, "Project"), t[2], 1);
                assertThat(back.stream().map(r -> r[0].toString()).toList()).as(e.name())
                        .isEqualTo(java.util.stream.Stream.of(p[0], p[2]).map(UUID::toString).sorted().toList());
                assertThat(linkPages(e, projects, tasksLink, p[1], 5).stream().map(r -> (String) r[1]).toList())
                        .containsExactly("Review");
            } finally {
                e.conn().rollback();
                e.conn().setAutoCommit(true);
            }
        }
    }

    @Test
    void aLinkedTableThatIsGoneReadsEmptyAndRefusesFilters() throws Exception {
        TableDef blind = projects.withLinked(Map.of());
        for (Engine e : engines.both()) {
            Map<UUID, Map<String, @Nullable Object>> rows = read(e, blind);
            assertThat(rows.get(p[0]).get("Tasks")).isNull();
            assertThat(rows.get(p[0]).get("Task titles")).isNull();
            assertThat(rows.get(p[0]).get("Sum")).isNull();
            assertThat(rows.get(p[0]).get("Name")).isEqualTo("Zeta");
            assertThatThrownBy(() -> e.records().where(blind, Filter.where("Tasks", Operator.IS_NULL, null)))
                    .hasMessageContaining("hidden");
        }
        assertThat(LinkFields.unavailableReason(blind, f(blind, "Sum"))).isPresent();
        assertThat(LinkFields.unavailableReason(projects, f(projects, "Sum"))).isEmpty();
    }

    @Test
    void aLookupOfALookupIsRefusedWhenSaved() {
        FieldDef loop = FieldDef.of(id("loop"), "Loop", new FieldType.Lookup(id("t project"), id("l titles"),
                new FieldType.Text()));
        assertThatThrownBy(() -> LinkFields.resolve(tasks, loop)).hasMessageContaining("No field");
        FieldDef badSum = FieldDef.of(id("bad"), "Bad", new FieldType.Rollup(id("p tasks"), T_TITLE.id(),
                RollupFunction.SUM, null, new FieldType.NumberType(0)));
        assertThatThrownBy(() -> LinkFields.resolve(projects, badSum)).hasMessageContaining("does not apply");
    }

    @Test
    void theWriterSetsAddsRemovesAndRefusesUnknownIdsAndASecondLinkWhereOneIsTheLimit() throws Exception {
        FieldDef parent = f(tasks, "Parent");
        FieldDef tasksLink = f(projects, "Tasks");
        for (Engine e : engines.both()) {
            LinkWriter w = new LinkWriter(e.dialect());
            e.conn().setAutoCommit(false);
            try {
                w.apply(e.conn(), projects, p[3], tasksLink, new dev.rowan.model.link.LinkEdit.SetTo(
                        List.of(t[4], t[3])), "fields.Tasks");
                assertThat(w.linked(e.conn(), projects, tasksLink, p[3])).as(e.name()).containsExactly(t[4], t[3]);
                w.apply(e.conn(), projects, p[3], tasksLink, new dev.rowan.model.link.LinkEdit.SetTo(
                        List.of(t[3], t[4])), "fields.Tasks");
                assertThat(w.linked(e.conn(), projects, tasksLink, p[3])).as(e.name()).containsExactly(t[3], t[4]);
                var applied = w.apply(e.conn(), projects, p[3], tasksLink, new dev.rowan.model.link.LinkEdit.Change(
                        List.of(t[0]), List.of(t[3])), "fields.Tasks");
                assertThat(applied.added()).containsExactly(t[0]);
                assertThat(applied.removed()).containsExactly(t[3]);
                assertThat(w.linked(e.conn(), projects, tasksLink, p[3])).containsExactly(t[4], t[0]);
                // the inverse side sees it
                assertThat(w.linked(e.conn(), tasks, f(tasks, "Project"), t[0])).contains(p[3], p[0]);
                assertThatThrownBy(() -> w.apply(e.conn(), projects, p[3], tasksLink,
                        new dev.rowan.model.link.LinkEdit.SetTo(List.of(p[0])), "fields.Tasks"))
                        .hasMessageContaining("No record " + p[0]);
                assertThatThrownBy(() -> w.apply(e.conn(), tasks, t[2], parent,
                        new dev.rowan.model.link.LinkEdit.SetTo(List.of(t[0], t[1])), "fields.Parent"))
                        .hasMessageContaining("at most one");
                assertThatThrownBy(() -> w.apply(e.conn(), projects.withLinked(Map.of()), p[3], tasksLink,
                        new dev.rowan.model.link.LinkEdit.SetTo(List.of(t[0])), "fields.Tasks"))
                        .hasMessageContaining("hidden");
                // deleting a record removes its links (the junction cascades)
                Engines.execute(e, "DELETE FROM " + e.records().from(tasks) + " WHERE id = '" + t[0] + "'");
                assertThat(w.linked(e.conn(), projects, tasksLink, p[3])).containsExactly(t[4]);
            } finally {
                e.conn().rollback();
                e.conn().setAutoCommit(true);
            }
        }
    }
}
