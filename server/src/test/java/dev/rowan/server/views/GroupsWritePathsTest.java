package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept {@code /groups} answer (2 levels, count, sum, avg, min, max of two numbers) after every kind of record write
 * — REST single create/update/delete, REST bulk create and bulk delete, sync push create/update/delete and bulk create,
 * a public form submission — equals an independent computation in Java over all records as the records API lists
 * them, and is caught up ({@link GroupsCache#STEPPED}), not read in full ({@link GroupsCache#FULL}). The table has a
 * link field (and its other side in a second table): link writes do not drop the answer, which reads no links.
 * Two writers at once with reads in between stay exact; a schema change of a read field is a new question (read in
 * full), one of another field is not.
 */
class GroupsWritePathsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Random random = new Random(11);
    private ApiClient api;
    private Map<String, Object> table;
    private String tableId;
    private String projects;
    private String question;
    private final List<String> ids = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        api = TestServer.newTenant();
        String app = api.createApp("Paths");
        table = api.createTable(app, "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR")),
                Map.of("name", "Status", "type", "single_select", "options", GroupFigures.STATUS),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS)));
        tableId = (String) table.get("id");
        projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text"))).get("id");
        var link = api.post("/api/tables/" + projects + "/fields", Map.of("name", "Items", "type", "link",
                "config", Map.of("tableId", tableId, "inverseName", "Project")));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        table = api.get("/api/tables/" + tableId).map();
        bulk(200);
        var view = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        question = "/api/views/" + view.id() + "/groups?groupBy=Status,Team&aggregate=Qty,Price";
        assertExact(); // the first read: in full
    }

    @Test
    void everyWritePathIsCaughtUpAndExact() throws Exception {
        long full = GroupsCache.FULL.get();
        long stepped = GroupsCache.STEPPED.get();

        // REST single writes
        String one = UUID.randomUUID().toString();
        assertThat(api.post(records(), Map.of("id", one, "fields", GroupFigures.randomFields(random))).status()).isEqualTo(201);
        ids.add(one);
        assertExact("REST create");
        assertThat(api.patch(records() + "/" + ids.get(3), Map.of("fields", Map.of("Qty", 999, "Team", "Green"))).status())
                .isEqualTo(200);
        assertExact("REST update");
        assertThat(api.delete(records() + "/" + ids.remove(5)).status()).isIn(200, 204);
        assertExact("REST delete");
        // an update of a field the answer does not read, and a link written from the other side
        assertThat(api.patch(records() + "/" + ids.get(7), Map.of("fields", Map.of("Title", "renamed"))).status())
                .isEqualTo(200);
        assertExact("an update of an unread field");
        var project = api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "P",
                "Items", List.of(ids.get(1), ids.get(2)))));
        assertThat(project.status()).as(project.body()).isEqualTo(201);
        assertExact("a link from the other side");

        // REST bulk create and bulk delete
        bulk(50);
        assertExact("REST bulk create");
        List<String> gone = new ArrayList<>(ids.subList(10, 30));
        var deleted = api.post(records() + "/bulk-delete", Map.of("ids", gone));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        ids.removeAll(gone);
        assertExact("REST bulk delete"); // 20 records: asked record by record about their groups' min and max

        // sync push: create, update, delete, bulk create in one push, then each alone
        List<Map<String, Object>> bulkRows = new ArrayList<>();
        for (int i = 0; i < 20; i++) bulkRows.add(Map.of("id", newId(), "fields", byId(GroupFigures.randomFields(random))));
        String pushed = newId();
        String removed = ids.remove(40);
        push(List.of(
                mutation("CREATE", pushed, Map.of("fields", byId(GroupFigures.randomFields(random)))),
                mutation("UPDATE", ids.get(41), Map.of("fields", byId(Map.of("Price", 0.5, "Status", "Done")))),
                mutation("DELETE", removed, Map.of()),
                mutation("CREATE", newId(), Map.of("records", bulkRows))));
        // exact; caught up unless the update or delete removed its group's min or max (with records created in the
        // same range, the edges read at the write are not used)
        assertExact();
        push(List.of(mutation("UPDATE", ids.get(42), Map.of("fields", byId(Map.of("Qty", -3))))));
        assertExact("a pushed update");
        push(List.of(mutation("DELETE", ids.remove(43), Map.of())));
        assertExact("a pushed delete");

        // a public form submission
        publicForm();
        assertExact("a public form");

        assertThat(GroupsCache.FULL.get() - full).as("answers read in full after the first").isLessThanOrEqualTo(1);
        assertThat(GroupsCache.STEPPED.get() - stepped).as("answers caught up").isGreaterThanOrEqualTo(10);
    }

    @Test
    void randomWritesOfEveryPathFromTwoWritersStayExact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    Random own = new Random(round * 7L + w);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 8; i++) {
                            randomWrite(own);
                            assertThat(api.get(question).status()).isEqualTo(200);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                assertExact();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBulkDeleteOfAGroupsMinAndMaxLeavesTheRightFigures() {
        String other = (String) api.createTable(api.createApp("Edges"), "Small", List.of(
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS))).get("id");
        List<String> made = new ArrayList<>();
        for (int q : new int[]{1, 5, 9, 20, 40}) {
            String id = newId();
            made.add(id);
            assertThat(api.post("/api/tables/" + other + "/records", Map.of("id", id, "fields",
                    Map.of("Qty", q, "Team", "Red"))).status()).isEqualTo(201);
        }
        var view = api.post("/api/tables/" + other + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        String q = "/api/views/" + view.id() + "/groups?groupBy=Team&aggregate=Qty";
        assertThat(api.get(q).status()).isEqualTo(200);
        // the min (1) and 5 go together (their sum, 6, is no value of the group), then the max (40) and 9
        assertThat(api.post("/api/tables/" + other + "/records/bulk-delete", Map.of("ids", made.subList(0, 2)))
                .status()).isEqualTo(200);
        assertThat(qty(api.get(q).map())).isEqualTo(List.of(3L, 9, 40));
        assertThat(api.post("/api/tables/" + other + "/records/bulk-delete", Map.of("ids", List.of(made.get(4),
                made.get(2)))).status()).isEqualTo(200);
        assertThat(qty(api.get(q).map())).isEqualTo(List.of(1L, 20, 20));
    }

    /** The first group's count, min and max of Qty. */
    @SuppressWarnings("unchecked")
    private static List<Object> qty(Map<String, Object> answer) {
        Map<String, Object> g = GroupFigures.groups(answer).getFirst();
        Map<String, Object> a = (Map<String, Object>) ((Map<String, Object>) g.get("aggregates")).get("Qty");
        return List.of(((Number) g.get("count")).longValue(), ((Number) a.get("min")).intValue(),
                ((Number) a.get("max")).intValue());
    }

    @Test
    void anAnswerSummingARollupFollowsWritesInTheLinkedTable() {
        var rollup = api.post("/api/tables/" + projects + "/fields", Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", ApiClient.fieldId(api.get("/api/tables/" + projects).map(), "Items"),
                        "targetFieldId", fieldId("Qty"), "function", "sum")));
        assertThat(rollup.status()).as(rollup.body()).isEqualTo(201);
        String item = newId();
        assertThat(api.post(records(), Map.of("id", item, "fields", Map.of("Qty", 5, "Team", "Red"))).status())
                .isEqualTo(201);
        assertThat(api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "P",
                "Items", List.of(item)))).status()).isEqualTo(201);
        var view = api.post("/api/tables/" + projects + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        String q = "/api/views/" + view.id() + "/groups?groupBy=Name&aggregate=Total";
        assertThat(total(api.get(q).map())).isEqualByComparingTo("5");
        // a write in the other table changes the rollup: the answer is not kept past it
        assertThat(api.patch(records() + "/" + item, Map.of("fields", Map.of("Qty", 12))).status()).isEqualTo(200);
        assertThat(total(api.get(q).map())).isEqualByComparingTo("12");
    }

    @SuppressWarnings("unchecked")
    private static BigDecimal total(Map<String, Object> answer) {
        Map<String, Object> a = (Map<String, Object>) ((Map<String, Object>) answer.get("aggregates")).get("Total");
        return new BigDecimal(String.valueOf(a.get("sum")));
    }

    @Test
    void aSchemaChangeOfAReadFieldIsANewQuestionAndAnotherFieldsIsNot() {
        long full = GroupsCache.FULL.get();
        var field = api.post("/api/tables/" + tableId + "/fields", Map.of("name", "Note", "type", "text"));
        assertThat(field.status()).as(field.body()).isEqualTo(201);
        assertExact("a field added"); // h-groupscold: the answer reads no new field (GroupsQuestion)
        var options = api.patch("/api/tables/" + tableId + "/fields/" + fieldId("Team"), Map.of("options",
                List.of("Red", "Blue", "Green", "Grey")));
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        assertExact();
        assertThat(GroupsCache.FULL.get() - full).as("read in full after the group field changed").isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ writes

    private void randomWrite(Random r) {
        int op = r.nextInt(8);
        switch (op) {
            case 0 -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 5; i++) rows.add(Map.of("id", newId(), "fields", GroupFigures.randomFields(r)));
                assertThat(api.post(records() + "/bulk", Map.of("records", rows)).status()).isEqualTo(200);
                rows.forEach(x -> ids.add((String) x.get("id")));
            }
            case 1 -> {
                List<String> some = new ArrayList<>();
                synchronized (ids) {
                    for (int i = 0; i < 3 && ids.size() > 100; i++) some.add(ids.remove(r.nextInt(ids.size())));
                }
                assertThat(api.post(records() + "/bulk-delete", Map.of("ids", some)).status()).isEqualTo(200);
            }
            case 2 -> {
                String id = pick(r);
                var p = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations",
                        List.of(mutation("UPDATE", id, Map.of("fields", byId(someFields(r)))))));
                assertThat(p.status()).as(p.body()).isEqualTo(200);
            }
            case 3 -> {
                String id = newId();
                var p = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations",
                        List.of(mutation("CREATE", id, Map.of("fields", byId(GroupFigures.randomFields(r)))))));
                assertThat(p.status()).as(p.body()).isEqualTo(200);
                ids.add(id);
            }
            default -> {
                var changed = api.patch(records() + "/" + pick(r), Map.of("fields", someFields(r)));
                assertThat(changed.status()).as(changed.body()).isIn(200, 404); // 404: deleted meanwhile
            }
        }
    }

    private String pick(Random r) {
        synchronized (ids) {
            return ids.get(r.nextInt(ids.size()));
        }
    }

    private void bulk(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Map.of("id", newId(), "fields", GroupFigures.randomFields(random)));
        var r = api.post(records() + "/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        rows.forEach(x -> ids.add((String) x.get("id")));
    }

    private void push(List<Map<String, Object>> mutations) {
        var r = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", mutations));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("REJECTED").doesNotContain("CONFLICT");
        for (var m : mutations) {
            if ("CREATE".equals(m.get("op"))) {
                @SuppressWarnings("unchecked")
                var payload = (Map<String, Object>) m.get("payload");
                if (payload.get("records") instanceof List<?> rows) {
                    for (Object row : rows) ids.add((String) ((Map<?, ?>) row).get("id"));
                } else {
                    ids.add((String) m.get("entityId"));
                }
            }
        }
    }

    private Map<String, Object> mutation(String op, String id, Map<String, Object> payload) {
        return Map.of("mutationId", newId(), "op", op, "entity", "RECORD", "entityId", id, "parentId", tableId,
                "payload", payload);
    }

    /** A form view with Qty, Status and Team, its public link, and one submission. */
    private void publicForm() throws Exception {
        String view = newId();
        var put = api.put("/api/tables/" + tableId + "/views/" + view, Map.of("name", "Order", "type", "form",
                "config", Map.of("fields", List.of(
                        Map.of("fieldId", fieldId("Qty"), "required", false),
                        Map.of("fieldId", fieldId("Status"), "required", false),
                        Map.of("fieldId", fieldId("Team"), "required", false)), "layout", "single-column")));
        assertThat(put.status()).as(put.body()).isBetween(200, 201);
        var link = api.post("/api/views/" + view + "/form-link", null);
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        String body = "f-" + fieldId("Qty") + "=17&f-" + fieldId("Status") + "=" + URLEncoder.encode("Doing",
                StandardCharsets.UTF_8) + "&f-" + fieldId("Team") + "=Blue";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestServer.baseUrl() + "/forms/"
                        + link.get("token"))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------------------ values

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private String records() {
        return "/api/tables/" + tableId + "/records";
    }

    private String fieldId(String name) {
        return ApiClient.fieldId(table, name);
    }

    private Map<String, Object> byId(Map<String, Object> byName) {
        Map<String, Object> out = new HashMap<>();
        byName.forEach((k, v) -> out.put(fieldId(k), v));
        return out;
    }


    private static Map<String, Object> someFields(Random r) {
        Map<String, Object> all = GroupFigures.randomFields(r);
        Map<String, Object> some = new HashMap<>();
        List<String> names = new ArrayList<>(List.of("Qty", "Price", "Status", "Team", "Title"));
        Collections.shuffle(names, r);
        for (String n : names.subList(0, 1 + r.nextInt(2))) some.put(n, all.get(n));
        return some;
    }

    // ------------------------------------------------------------------------------------------------ checking

    /** The answer equals the same figures computed in Java over every record the records API lists. */
    private void assertExact() {
        assertExact(null);
    }

    /** As {@link #assertExact()}; with {@code caughtUp} named, the answer must also not have been read in full. */
    private void assertExact(String caughtUp) {
        long full = GroupsCache.FULL.get();
        var got = api.get(question);
        if (caughtUp != null) assertThat(GroupsCache.FULL.get() - full).as("read in full after " + caughtUp).isZero();
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        GroupFigures.assertMatchesRecords(api, records(), got.map(), "Qty");
    }

}
