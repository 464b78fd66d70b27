package dev.rowan.model.sql;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
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
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored rollups on both real engines: a property test of random link adds and removes, linked record edits, inserts
 * and deletes, and rollup function and filter changes, after each of which the side table, refreshed for the
 * affected records only (as the server's change log finds them), equals the computed rollup for every record; and
 * pages filtered and sorted by a fresh stored rollup, walked with keyset cursors, equal the computed ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredRollupsOnEnginesTest {
    private static final UUID JUNCTION = id("junction");
    private static final UUID PROJECTS = id("projects");
    private static final UUID TASKS = id("tasks");
    private static final FieldDef P_NAME = FieldDef.of(id("p name"), "Name", new FieldType.Text());
    private static final FieldDef T_TITLE = FieldDef.of(id("t title"), "Title", new FieldType.Text());
    private static final FieldDef T_HOURS = FieldDef.of(id("t hours"), "Hours", new FieldType.NumberType(2));
    private static final FieldDef T_DUE = FieldDef.of(id("t due"), "Due", new FieldType.DateType(false));
    private static final FieldDef T_DONE = FieldDef.of(id("t done"), "Done", new FieldType.BooleanType());
    private static final FieldDef LINK = FieldDef.of(id("p tasks"), "Tasks",
            new FieldType.Link(TASKS, id("t project"), false, JUNCTION, true));
    private static final FieldDef INVERSE = FieldDef.of(id("t project"), "Project",
            new FieldType.Link(PROJECTS, id("p tasks"), false, JUNCTION, false));
    private static final UUID ROLLUP = id("r rollup");
    private static final UUID SUM = id("r sum");
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "eps"};

    private Engines engines;
    private TableDef tasks;
    /** The rollups a step may switch between: each re-save refreshes all (the contract). */
    private final List<FieldType.Rollup> shapes = new ArrayList<>();

    private static UUID id(String s) {
        return UUID.nameUUIDFromBytes(("stored rollups " + s).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    void create() throws Exception {
        engines = new Engines("storedrollups");
        for (Engine e : engines.both()) {
            if (e.dialect() == SqlDialect.H2) Engines.execute(e, "SET TIME ZONE 'UTC'");
        }
        tasks = table("stored tasks", TASKS, List.of(T_TITLE, T_HOURS, T_DUE, T_DONE, INVERSE));
        shapes.add(shape(RollupFunction.SUM, T_HOURS, null));
        shapes.add(shape(RollupFunction.COUNT_ALL, T_TITLE, null));
        shapes.add(shape(RollupFunction.MAX, T_DUE, null));
        shapes.add(shape(RollupFunction.CONCAT, T_TITLE, null));
        shapes.add(shape(RollupFunction.AND, T_DONE, null));
        shapes.add(shape(RollupFunction.SUM, T_HOURS, Filter.where(T_DONE.id().toString(), Operator.EQ, true)));
        shapes.add(shape(RollupFunction.COUNT, T_DUE, Filter.where(T_TITLE.id().toString(), Operator.CONTAINS,
                "a")));
        shapes.add(shape(RollupFunction.AVG, T_HOURS, null));
        shapes.add(shape(RollupFunction.UNIQUE_COUNT, T_HOURS, null));
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private static TableDef table(String name, UUID tableId, List<FieldDef> fields) {
        TableDef t = Engines.table(name, fields);
        return new TableDef(tableId, t.appId(), name, t.schemaName(), t.physicalName(), fields);
    }

    private static FieldType.Rollup shape(RollupFunction fn, FieldDef target, @Nullable Filter filter) {
        return new FieldType.Rollup(LINK.id(), target.id(), fn, filter, new FieldType.NumberType(0));
    }

    /** The projects table with the rollup {@code shape} and a fixed sum (a second stored rollup), resolved. */
    private TableDef projects(FieldType.Rollup shape) {
        FieldDef sum = FieldDef.of(SUM, "Sum", shape(RollupFunction.SUM, T_HOURS, null));
        List<FieldDef> fields = List.of(P_NAME, LINK, FieldDef.of(ROLLUP, "Rollup", shape), sum);
        TableDef draft = table("stored projects", PROJECTS, fields).withLinked(Map.of(TASKS, tasks));
        List<FieldDef> resolved = new ArrayList<>();
        for (FieldDef f : fields) resolved.add(LinkFields.resolve(draft, f));
        TableDef t = table("stored projects", PROJECTS, resolved);
        return t.withLinked(Map.of(PROJECTS, t, TASKS, tasks));
    }

    /** What the test keeps of one engine's data, to know which projects a change affects. */
    private static final class Model {
        final List<UUID> projects = new ArrayList<>();
        final List<UUID> tasks = new ArrayList<>();
        final Map<UUID, Set<UUID>> links = new HashMap<>(); // task -> projects

        Set<UUID> projectsOf(UUID task) {
            return links.getOrDefault(task, Set.of());
        }
    }

    @Test
    void sideTablesRefreshedForTheAffectedRecordsEqualTheComputedRollupsOnBothEngines() throws Exception {
        for (Engine e : engines.both()) {
            Random random = new Random(12);
            StoredRollups stored = new StoredRollups(e.dialect());
            TableDef projects = projects(shapes.getFirst());
            Engines.create(e, projects);
            Engines.create(e, tasks);
            for (String s : new Ddl(e.dialect()).createJunction(projects, tasks, JUNCTION)) Engines.execute(e, s);
            Model m = new Model();
            for (int i = 0; i < 12; i++) insertProject(e, projects, m, random);
            for (int i = 0; i < 30; i++) insertTask(e, m, random);
            for (int i = 0; i < 40; i++) link(e, m, random);
            FieldDef rollup = projects.fieldById(ROLLUP).orElseThrow();
            FieldDef sum = projects.fieldById(SUM).orElseThrow();
            stored.refreshAll(e.conn(), projects, rollup);
            stored.refreshAll(e.conn(), projects, sum);
            assertThat(stored.exists(e.conn(), projects, SUM)).as(e.name()).isTrue();
            assertThat(stored.exists(e.conn(), projects, UUID.randomUUID())).as(e.name()).isFalse();
            assertSideTablesMatch(e, projects);
            for (int step = 0; step < 160; step++) {
                Set<UUID> affected = new HashSet<>();
                int op = random.nextInt(100);
                if (op < 25) {
                    affected.add(link(e, m, random));
                } else if (op < 40) {
                    affected.addAll(unlink(e, m, random));
                } else if (op < 65) {
                    UUID task = m.tasks.get(random.nextInt(m.tasks.size()));
                    affected.addAll(m.projectsOf(task));
                    editTask(e, task, random);
                } else if (op < 72) {
                    UUID task = m.tasks.remove(random.nextInt(m.tasks.size()));
                    affected.addAll(m.projectsOf(task)); // read before the delete (its links cascade)
                    m.links.remove(task);
                    delete(e, tasks, task);
                } else if (op < 78) {
                    insertTask(e, m, random); // linked to nothing yet: affects no project
                } else if (op < 84) {
                    affected.add(insertProject(e, projects, m, random));
                } else if (op < 90) {
                    UUID project = m.projects.remove(random.nextInt(m.projects.size()));
                    for (Set<UUID> ps : m.links.values()) ps.remove(project);
                    delete(e, projects, project);
                    affected.add(project);
                } else {
                    // the rollup re-saved with another function or filter (its result type may change): recreate
                    projects = projects(shapes.get(random.nextInt(shapes.size())));
                    rollup = projects.fieldById(ROLLUP).orElseThrow();
                    stored.recreate(e.conn(), projects, rollup);
                    // and a whole refresh of the existing table rewrites the same values
                    stored.refreshAll(e.conn(), projects, sum);
                }
                stored.refresh(e.conn(), projects, rollup, affected);
                stored.refresh(e.conn(), projects, sum, affected);
                assertSideTablesMatch(e, projects);
                if (step % 40 == 39) assertPagesMatch(e, projects);
            }
            assertPagesMatch(e, projects);
        }
    }

    private UUID insertProject(Engine e, TableDef projects, Model m, Random random) throws Exception {
        UUID id = UUID.randomUUID();
        Map<FieldDef, @Nullable Object> v = new HashMap<>();
        v.put(P_NAME, WORDS[random.nextInt(WORDS.length)]);
        Engines.insert(e, projects, id, v, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        m.projects.add(id);
        return id;
    }

    private void insertTask(Engine e, Model m, Random random) throws Exception {
        UUID id = UUID.randomUUID();
        Engines.insert(e, tasks, id, taskValues(random), OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        m.tasks.add(id);
    }

    private static Map<FieldDef, @Nullable Object> taskValues(Random random) {
        Map<FieldDef, @Nullable Object> v = new HashMap<>();
        v.put(T_TITLE, random.nextInt(6) == 0 ? null : WORDS[random.nextInt(WORDS.length)]);
        v.put(T_HOURS, random.nextInt(5) == 0 ? null : BigDecimal.valueOf(random.nextInt(800), 2));
        v.put(T_DUE, random.nextInt(4) == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(random.nextInt(40)));
        v.put(T_DONE, random.nextInt(5) == 0 ? null : random.nextBoolean());
        return v;
    }

    private void editTask(Engine e, UUID task, Random random) throws Exception {
        Map<FieldDef, @Nullable Object> v = taskValues(random);
        List<FieldDef> fields = List.of(T_TITLE, T_HOURS, T_DUE, T_DONE);
        try (PreparedStatement ps = e.conn().prepareStatement(e.records().update(tasks, fields))) {
            int i = 1;
            for (FieldDef f : fields) e.dialect().bind(ps, i++, f.type(), v.get(f));
            ps.setObject(i++, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setObject(i++, Engines.USER);
            ps.setLong(i++, 2);
            ps.setObject(i, task);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private void delete(Engine e, TableDef table, UUID id) throws Exception {
        try (PreparedStatement ps = e.conn().prepareStatement(e.records().delete(table))) {
            ps.setObject(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** Links a random task to a random project (when not linked yet); returns the project. */
    private UUID link(Engine e, Model m, Random random) throws Exception {
        UUID project = m.projects.get(random.nextInt(m.projects.size()));
        UUID task = m.tasks.get(random.nextInt(m.tasks.size()));
        if (m.links.computeIfAbsent(task, k -> new HashSet<>()).add(project)) {
            try (PreparedStatement ps = e.conn().prepareStatement("INSERT INTO "
                    + new Ddl(e.dialect()).junctionName(tasks.schemaName(), JUNCTION)
                    + " (src, dst, pos) VALUES (?, ?, 0)")) {
                ps.setObject(1, project);
                ps.setObject(2, task);
                ps.executeUpdate();
            }
        }
        return project;
    }

    private Set<UUID> unlink(Engine e, Model m, Random random) throws Exception {
        UUID task = m.tasks.get(random.nextInt(m.tasks.size()));
        Set<UUID> ps = m.links.getOrDefault(task, new HashSet<>());
        if (ps.isEmpty()) return Set.of();
        UUID project = ps.iterator().next();
        ps.remove(project);
        try (PreparedStatement st = e.conn().prepareStatement("DELETE FROM "
                + new Ddl(e.dialect()).junctionName(tasks.schemaName(), JUNCTION) + " WHERE src = ? AND dst = ?")) {
            st.setObject(1, project);
            st.setObject(2, task);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        return Set.of(project);
    }

    /** Every record's stored values equal the computed ones (as the API shows them), and no row is left over. */
    private void assertSideTablesMatch(Engine e, TableDef projects) throws Exception {
        Map<UUID, Map<UUID, @Nullable Object>> computed = new TreeMap<>();
        for (Engines.Row r : Engines.page(e, projects, e.records().page(projects, null, List.of(), null, 10_000))) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            for (UUID f : List.of(ROLLUP, SUM)) {
                FieldDef field = projects.fieldById(f).orElseThrow();
                v.put(f, plain(FieldValues.toApi(field.type(), r.get(field))));
            }
            computed.put(r.id(), v);
        }
        for (UUID f : List.of(ROLLUP, SUM)) {
            FieldDef field = projects.fieldById(f).orElseThrow();
            FieldType result = ((FieldType.Rollup) field.type()).resultType();
            Map<UUID, @Nullable Object> side = new TreeMap<>();
            try (PreparedStatement ps = e.conn().prepareStatement("SELECT id, v FROM "
                    + new StoredRollups(e.dialect()).sideTable(projects, f));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    side.put(rs.getObject(1, UUID.class), plain(FieldValues.toApi(result,
                            e.dialect().read(rs, 2, result))));
                }
            }
            Map<UUID, @Nullable Object> expected = new TreeMap<>();
            computed.forEach((id, v) -> expected.put(id, v.get(f)));
            assertThat(side).as(e.name() + " " + field.type()).isEqualTo(expected);
        }
    }

    /** Numbers compared by value (H2 keeps a column's scale: 2.3600 is 2.36). */
    private static @Nullable Object plain(@Nullable Object v) {
        return v instanceof BigDecimal b ? b.stripTrailingZeros() : v;
    }

    /** Filtered and sorted pages, walked with cursors, read the same rows with and without the side tables. */
    private void assertPagesMatch(Engine e, TableDef projects) throws Exception {
        RecordSql computed = e.records();
        RecordSql fresh = e.records().withStoredRollups(Set.of(ROLLUP, SUM));
        List<List<Sort>> sorts = List.of(List.of(new Sort("Rollup", false)), List.of(new Sort("Rollup", true)),
                List.of(new Sort("Sum", true), new Sort("Name", false)), List.of(new Sort("Name", false)));
        List<@Nullable Filter> filters = new ArrayList<>();
        filters.add(null);
        filters.add(Filter.where("Sum", Operator.GT, 3));
        filters.add(Filter.where("Rollup", Operator.IS_NOT_NULL, null));
        filters.add(Filter.or(Filter.where("Sum", Operator.LTE, 2), Filter.where("Sum", Operator.IS_NULL, null)));
        for (List<Sort> s : sorts) {
            for (Filter f : filters) {
                List<UUID> expected = walk(e, computed, projects, f, s, 3);
                assertThat(walk(e, fresh, projects, f, s, 3)).as(e.name() + " " + f + " " + s)
                        .isEqualTo(expected);
                assertThat(count(e, fresh, projects, f)).isEqualTo(expected.size());
            }
        }
        // the fresh compiler really reads the side table where the pick filters or sorts by the rollup
        assertThat(fresh.page(projects, Filter.where("Sum", Operator.GT, 3), List.of(new Sort("Rollup", false)),
                null, 50).sql()).contains(new StoredRollups(e.dialect()).sideTable(projects, ROLLUP))
                .contains(new StoredRollups(e.dialect()).sideTable(projects, SUM));
        assertThat(computed.page(projects, null, List.of(new Sort("Rollup", false)), null, 50).sql())
                .doesNotContain("sr_");
    }

    private static int count(Engine e, RecordSql records, TableDef table, @Nullable Filter filter) throws Exception {
        SqlFragment q = records.count(table, filter);
        try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
            q.bind(e.dialect(), ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<UUID> walk(Engine e, RecordSql records, TableDef table, @Nullable Filter filter,
                                   List<Sort> sorts, int pageSize) throws Exception {
        List<UUID> out = new ArrayList<>();
        Cursor cursor = null;
        List<Column> keys = RecordSql.sortColumns(table, sorts);
        for (int guard = 0; guard < 1000; guard++) {
            List<Engines.Row> rows = Engines.page(e, table, records.page(table, filter, sorts, cursor, pageSize));
            for (int i = 0; i < Math.min(pageSize, rows.size()); i++) out.add(rows.get(i).id());
            if (rows.size() <= pageSize) return out;
            Engines.Row last = rows.get(pageSize - 1);
            List<@Nullable String> values = new ArrayList<>();
            for (Column k : keys) {
                values.add(FieldValues.toCanonicalText(k.type(), RecordSql.sortValue(k, last.get(k.field()))));
            }
            cursor = Cursor.decode(new Cursor(RecordSql.signature(keys, sorts), values, last.id()).encode());
        }
        throw new AssertionError("pages never end");
    }

    @Test
    void aRollupOverAFormulaOrWithAFilterForMeIsNotStorable() {
        TableDef projects = projects(shapes.getFirst());
        assertThat(StoredRollups.storable(projects, projects.fieldById(ROLLUP).orElseThrow())).isTrue();
        assertThat(StoredRollups.storable(projects, projects.fieldById(LINK.id()).orElseThrow())).isFalse();
        FieldType.Rollup me = new FieldType.Rollup(LINK.id(), T_TITLE.id(), RollupFunction.COUNT_ALL,
                Filter.where(T_TITLE.id().toString(), Operator.EQ, "@me"), new FieldType.NumberType(0));
        TableDef withMe = projects(me);
        assertThat(StoredRollups.storable(withMe, withMe.fieldById(ROLLUP).orElseThrow())).isFalse();
        // a hidden linked table: unreadable, never stored (the reader gets the typed NULL)
        TableDef hidden = projects.withLinked(Map.of(PROJECTS, projects));
        assertThat(StoredRollups.storable(hidden, hidden.fieldById(ROLLUP).orElseThrow())).isFalse();
        assertThat(storedPageSql(hidden)).doesNotContain("sr_");
    }

    private static String storedPageSql(TableDef hidden) {
        return new RecordSql(SqlDialect.POSTGRES).withStoredRollups(Set.of(ROLLUP, SUM))
                .page(hidden, null, List.of(new Sort("Rollup", false)), null, 50).sql();
    }
}
