package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored rollups on the desktop (issue 12) never read a stale value: random local edits (cells, links from either
 * side through the picker's path and {@code setLinks}, new and deleted records, undo of a delete), changes made on
 * the server and applied by {@code Replica} (values, links from either side, deletes with their cascade, new linked
 * records), and schema changes (the rollup's function changed locally, the rolled-up field removed and restored…)
 * in any order; after each, a page filtered and sorted by the rollup (paged by keyset cursor) and its count equal
 * what Java computes from an unfiltered read of both tables, and so does the side table for every record.
 */
class StoredRollupSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    @Test
    void aPageFilteredAndSortedByAStoredRollupAlwaysEqualsTheComputedValues() throws Exception {
        String email = "stored-rollups-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        String app = api.createApp("Rollups");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 2)))).get("id");
        api.post("/api/tables/" + projects + "/fields", Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project")));
        String link = ApiClient.fieldId(api.get("/api/tables/" + projects).map(), "Tasks");
        String hours = ApiClient.fieldId(api.get("/api/tables/" + tasks).map(), "Hours");
        assertThat(api.post("/api/tables/" + projects + "/fields", Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", hours, "function", "sum"))).status())
                .isEqualTo(201);
        Random random = new Random(12);
        List<String> serverProjects = new ArrayList<>();
        List<String> serverTasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            serverProjects.add(api.post("/api/tables/" + projects + "/records",
                    Map.of("fields", Map.of("Name", "p" + i))).id());
        }
        for (int i = 0; i < 8; i++) {
            serverTasks.add(api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "t" + i,
                    "Hours", i, "Project", List.of(serverProjects.get(i % 5))))).id());
        }
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        a.engine.syncOnce();
        UUID projectsId = UUID.fromString(projects);
        UUID tasksId = UUID.fromString(tasks);
        check(a, projectsId, tasksId, "after the first pull");

        List<Row> deleted = new ArrayList<>();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 45; step++) {
            TableDef p = a.schema.table(projectsId);
            TableDef t = a.schema.table(tasksId);
            List<UUID> ps = ids(a, p);
            List<UUID> ts = ids(a, t);
            FieldDef hoursField = t.field("Hours").orElseThrow();
            FieldDef tasksLink = p.field("Tasks").orElseThrow();
            FieldDef projectLink = t.field("Project").orElseThrow();
            int kind = random.nextInt(13);
            String what;
            switch (kind) {
                case 0 -> {
                    UUID task = pick(random, ts);
                    a.records.update(t, List.of(new CellChange(task, hoursField.id(), null,
                            random.nextInt(4) == 0 ? null : BigDecimal.valueOf(random.nextInt(900), 2))));
                    what = "local: a task's hours";
                }
                case 1 -> {
                    a.records.setLinks(p, pick(random, ps), tasksLink, some(random, ts, 4));
                    what = "local: a project's tasks set";
                }
                case 2 -> {
                    // the grid's link cell on the inverse side (the picker's path): RecordStore.update -> writeLinks
                    a.records.update(t, List.of(new CellChange(pick(random, ts), projectLink.id(), null,
                            some(random, ps, 2))));
                    what = "local: a task's projects through a link cell";
                }
                case 3 -> {
                    if (ts.size() > 14) continue;
                    Map<UUID, @Nullable Object> v = new HashMap<>();
                    v.put(t.field("Title").orElseThrow().id(), "new " + step);
                    v.put(hoursField.id(), BigDecimal.valueOf(random.nextInt(500), 2));
                    Row row = a.records.insert(t, v);
                    a.records.setLinks(t, row.id(), projectLink, some(random, ps, 2));
                    what = "local: a new linked task";
                }
                case 4 -> {
                    if (ts.size() < 3) continue;
                    deleted.addAll(a.records.delete(t, List.of(pick(random, ts))));
                    what = "local: a task deleted (its links cascade)";
                }
                case 5 -> {
                    if (deleted.isEmpty()) continue;
                    Row back = deleted.removeLast();
                    if (a.records.byId(t, back.id()).isPresent()) continue;
                    a.records.restore(t, List.of(back));
                    what = "local: a deleted task put back (undo)";
                }
                case 6 -> {
                    if (ps.size() > 9) continue;
                    Map<UUID, @Nullable Object> v = new HashMap<>();
                    v.put(p.field("Name").orElseThrow().id(), "new " + step);
                    a.records.insert(p, v);
                    what = "local: a new project (no tasks)";
                }
                case 7 -> {
                    if (ps.size() < 3) continue;
                    a.records.delete(p, List.of(pick(random, ps)));
                    what = "local: a project deleted";
                }
                case 8 -> {
                    String task = pickServer(api, tasks, random);
                    if (task == null) continue;
                    api.patch("/api/tables/" + tasks + "/records/" + task,
                            Map.of("fields", Map.of("Hours", random.nextInt(50))));
                    a.engine.syncOnce();
                    what = "server: a task's hours, pulled";
                }
                case 9 -> {
                    String project = pickServer(api, projects, random);
                    String task = pickServer(api, tasks, random);
                    if (project == null || task == null) continue;
                    api.patch("/api/tables/" + projects + "/records/" + project,
                            Map.of("fields", Map.of("Tasks", Map.of(random.nextBoolean() ? "add" : "remove",
                                    List.of(task)))));
                    a.engine.syncOnce();
                    what = "server: a project's links, pulled";
                }
                case 10 -> {
                    String task = pickServer(api, tasks, random);
                    if (task == null || ts.size() < 3) continue;
                    api.delete("/api/tables/" + tasks + "/records/" + task);
                    a.engine.syncOnce();
                    what = "server: a task deleted, pulled";
                }
                case 11 -> {
                    String project = pickServer(api, projects, random);
                    if (project == null || ts.size() > 14) continue;
                    api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "s" + step,
                            "Hours", random.nextInt(30), "Project", List.of(project))));
                    a.engine.syncOnce();
                    what = "server: a new linked task, pulled";
                }
                default -> {
                    FieldDef total = p.field("Total").orElseThrow();
                    FieldType.Rollup r = (FieldType.Rollup) total.type();
                    RollupFunction next = List.of(RollupFunction.SUM, RollupFunction.MAX, RollupFunction.COUNT,
                            RollupFunction.MIN).get(random.nextInt(4));
                    if (random.nextBoolean()) {
                        a.schema.updateField(projectsId, total.withType(new FieldType.Rollup(r.linkField(),
                                r.targetField(), next, r.filter(), r.resultType())));
                        what = "schema: the rollup's function now " + next;
                    } else {
                        a.schema.updateField(tasksId, hoursField.withName("Hours " + step));
                        a.schema.updateField(tasksId, a.schema.table(tasksId).fieldById(hoursField.id())
                                .orElseThrow().withName("Hours"));
                        what = "schema: the rolled-up field renamed and back";
                    }
                    a.engine.syncOnce();
                }
            }
            log.add(what);
            check(a, projectsId, tasksId, String.join(" / ", log));
        }
        assertThat(log).as("every kind of change was made").hasSizeGreaterThan(25);
    }

    /** The page filtered and sorted by the rollup, its count and the side table equal what Java computes. */
    private static void check(Client a, UUID projectsId, UUID tasksId, String after) {
        TableDef p = a.schema.table(projectsId);
        TableDef t = a.schema.table(tasksId);
        FieldDef total = p.field("Total").orElseThrow();
        FieldDef tasksLink = p.field("Tasks").orElseThrow();
        RollupFunction function = ((FieldType.Rollup) total.type()).function();
        Map<UUID, @Nullable BigDecimal> hours = new HashMap<>();
        for (Row r : a.records.page(t, null, List.of(), null, 1000).rows()) {
            hours.put(r.id(), (BigDecimal) r.value(t.field("Hours").orElseThrow().id()));
        }
        Map<UUID, @Nullable BigDecimal> expected = new HashMap<>();
        for (Row r : a.records.page(p, null, List.of(), null, 1000).rows()) {
            List<BigDecimal> values = new ArrayList<>();
            int linked = 0;
            if (r.value(tasksLink.id()) instanceof List<?> l) {
                for (Object o : l) {
                    if (!LinkValues.isLinked(String.valueOf(o))) continue;
                    linked++;
                    BigDecimal h = hours.get(LinkValues.id(String.valueOf(o)));
                    if (h != null) values.add(h);
                }
            }
            assertThat(linked).isLessThanOrEqualTo(dev.rowan.model.link.LinkValues.CELL_LIMIT);
            expected.put(r.id(), switch (function) {
                case SUM -> values.stream().reduce(BigDecimal::add).orElse(null);
                case MAX -> values.stream().max(BigDecimal::compareTo).orElse(null);
                case MIN -> values.stream().min(BigDecimal::compareTo).orElse(null);
                case COUNT -> BigDecimal.valueOf(values.size());
                default -> throw new IllegalStateException();
            });
            BigDecimal shown = (BigDecimal) r.value(total.id());
            assertThat(shown == null ? null : shown.stripTrailingZeros())
                    .as("the computed value of %s after %s", r.id(), after)
                    .isEqualTo(expected.get(r.id()) == null ? null : expected.get(r.id()).stripTrailingZeros());
        }
        BigDecimal threshold = BigDecimal.valueOf(function == RollupFunction.COUNT ? 0 : 1);
        Filter filter = Filter.where(total.id().toString(), Operator.GT, threshold);
        List<Sort> sorts = List.of(Sort.desc(total.id().toString()));
        List<UUID> got = new ArrayList<>();
        List<BigDecimal> gotValues = new ArrayList<>();
        Cursor cursor = null;
        do {
            Page page = a.records.page(p, filter, sorts, cursor, 2);
            for (Row r : page.rows()) {
                got.add(r.id());
                gotValues.add((BigDecimal) r.value(total.id()));
            }
            cursor = page.next();
        } while (cursor != null);
        Set<UUID> want = new HashSet<>();
        expected.forEach((id, v) -> {
            if (v != null && v.compareTo(threshold) > 0) want.add(id);
        });
        assertThat(new HashSet<>(got)).as("the records filtered by the rollup after %s", after).isEqualTo(want);
        assertThat(got).as("no record twice across pages after %s", after).doesNotHaveDuplicates();
        for (int i = 1; i < gotValues.size(); i++) {
            assertThat(gotValues.get(i - 1)).as("sorted by the rollup after %s", after)
                    .isGreaterThanOrEqualTo(gotValues.get(i));
        }
        assertThat(a.records.count(p, filter)).as("count after %s", after).isEqualTo(want.size());
        // the side table itself holds the computed value of every record (nothing stale, nothing missing)
        String side = new Ddl(SqlDialect.H2).storedRollupName("", total.id());
        Map<UUID, @Nullable BigDecimal> stored = a.ws.read(c -> {
            Map<UUID, @Nullable BigDecimal> out = new HashMap<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT id, v FROM " + side)) {
                while (rs.next()) out.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
            }
            return out;
        });
        assertThat(stored.keySet()).as("side table rows after %s", after).isEqualTo(expected.keySet());
        expected.forEach((id, v) -> assertThat(stored.get(id) == null ? null : stored.get(id).stripTrailingZeros())
                .as("stored value of %s after %s", id, after).isEqualTo(v == null ? null : v.stripTrailingZeros()));
    }

    private static List<UUID> ids(Client a, TableDef t) {
        return a.records.page(t, null, List.of(), null, 1000).rows().stream().map(Row::id).toList();
    }

    private static UUID pick(Random random, List<UUID> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<UUID> some(Random random, List<UUID> from, int most) {
        List<UUID> shuffled = new ArrayList<>(from);
        java.util.Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, Math.min(shuffled.size(), random.nextInt(most + 1))));
    }

    private static @Nullable String pickServer(ApiClient api, String table, Random random) {
        List<Map<String, Object>> rows = api.get("/api/tables/" + table + "/records?limit=100").data();
        return rows.isEmpty() ? null : (String) rows.get(random.nextInt(rows.size())).get("id");
    }
}
