package dev.rowan.server.records;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsTest {
    private static ApiClient api;
    private static String app;
    /** A fixed data set for filters and sorts: key -> record id. */
    private static Map<String, Object> people;
    private static final Map<String, String> KEYS = new HashMap<>();

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        app = api.createApp("Records");
        people = api.createTable(app, "People", List.of(
                Map.of("name", "Key", "type", "text"),
                Map.of("name", "Name", "type", "text"),
                Map.of("name", "Qty", "type", "number", "config", Map.of("precision", 1)),
                Map.of("name", "Due", "type", "date"),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Status", "type", "single_select", "options", List.of("Open", "Closed")),
                Map.of("name", "Tags", "type", "multiple_select", "options", List.of("Red", "Blue"))));
        person("k1", "apple", 5, "2026-01-10", true, "Open", List.of("Red"));
        person("k2", "Banana", 10, "2026-02-01", false, "Closed", List.of("Red", "Blue"));
        person("k3", "cherry pie", new BigDecimal("15.5"), null, null, null, null);
        person("k4", "date_50%", -3, "2025-12-31", true, "Open", List.of("Blue"));
        person("k5", "elder", null, "2026-03-15", false, "Closed", List.of());
        person("k6", "fig", 10, "2026-01-10", null, "Open", null);
        person("k7", null, 0, null, false, null, null);
    }

    private static void person(String key, String name, Object qty, String due, Boolean done, String status,
                               List<String> tags) {
        Map<String, Object> f = new HashMap<>();
        f.put("Key", key);
        f.put("Name", name);
        f.put("Qty", qty);
        f.put("Due", due);
        f.put("Done", done);
        f.put("Status", status);
        f.put("Tags", tags);
        ApiClient.Response r = api.post(path(people), Map.of("fields", f));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        KEYS.put(r.id(), key);
    }

    private static String path(Map<String, Object> table) {
        return "/api/tables/" + table.get("id") + "/records";
    }

    @SuppressWarnings("unchecked")
    private static String fieldId(Map<String, Object> table, String name) {
        return ApiClient.fieldId(table, name);
    }

    private static List<String> keys(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> KEYS.get((String) m.get("id"))).toList();
    }

    private static String json(Object o) {
        try {
            return ApiClient.JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> cond(String field, String op, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("operator", op);
        if (value != NONE) m.put("value", value);
        return m;
    }

    private static final Object NONE = new Object();

    // ---------------------------------------------------------------- single record CRUD

    @Test
    @SuppressWarnings("unchecked")
    void recordsAreCreatedReadPatchedReplacedAndDeleted() {
        Map<String, Object> table = api.createTable(app, "Crud", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"), Map.of("name", "Flag", "type", "boolean",
                        "defaultValue", true)));
        ApiClient.Response created = api.post(path(table), Map.of("fields", Map.of("Title", "One", "Qty", 1)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.map()).containsKeys("id", "createdAt", "updatedAt", "createdBy", "fields");
        assertThat(created.get("fields")).isEqualTo(Map.of("Title", "One", "Qty", 1, "Flag", true));
        assertThat(created.get("createdBy")).isEqualTo(Sql.value("SELECT user_id::text FROM rowan.memberships "
                + "WHERE company_id = ?", api.companyId));
        String id = created.id();
        String rec = path(table) + "/" + id;
        assertThat(api.get(rec).map()).isEqualTo(created.map());

        ApiClient.Response patched = api.patch(rec, Map.of("fields", Map.of("Qty", 2)));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.get("fields")).isEqualTo(Map.of("Title", "One", "Qty", 2, "Flag", true));
        assertThat((String) patched.get("updatedAt")).isGreaterThan((String) created.get("updatedAt"));
        assertThat(patched.get("createdAt")).isEqualTo(created.get("createdAt"));

        // PUT replaces: fields not given become empty (defaults apply only on create)
        ApiClient.Response replaced = api.put(rec, Map.of("fields", Map.of("Title", "Replaced")));
        assertThat(replaced.status()).isEqualTo(200);
        Map<String, Object> expected = new HashMap<>();
        expected.put("Title", "Replaced");
        expected.put("Qty", null);
        expected.put("Flag", null);
        assertThat((Map<String, Object>) replaced.get("fields")).isEqualTo(expected);

        assertThat(api.delete(rec).status()).isEqualTo(204);
        assertThat(api.get(rec).status()).isEqualTo(404);
        assertThat(api.delete(rec).status()).isEqualTo(404);
        assertThat(api.patch(rec, Map.of("fields", Map.of("Qty", 3))).status()).isEqualTo(404);
        assertThat(Sql.rowCount(Physical.schema(table), Physical.table(table))).isZero();
    }

    @Test
    void fieldsMayBeKeyedByNameOrByFieldIdButNotBoth() {
        Map<String, Object> table = api.createTable(app, "Keyed", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number")));
        String qty = fieldId(table, "Qty");
        ApiClient.Response r = api.post(path(table), Map.of("fields", Map.of("title", "by name", qty, 7)));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.get("fields")).isEqualTo(Map.of("Title", "by name", "Qty", 7));
        assertThat(api.patch(path(table) + "/" + r.id(), Map.of("fields", Map.of(qty, 8))).get("fields"))
                .isEqualTo(Map.of("Title", "by name", "Qty", 8));

        ApiClient.Response both = api.post(path(table), Map.of("fields", Map.of("Qty", 1, qty, 2)));
        assertThat(both.status()).isEqualTo(422);
        assertThat((String) both.get("detail")).contains("given twice");
    }

    @Test
    void clientSuppliedIdsAreKeptAndADuplicateIdIsAConflictThatChangesNothing() {
        Map<String, Object> table = api.createTable(app, "Client ids", List.of(Map.of("name", "Title", "type", "text")));
        String id = UUID.randomUUID().toString();
        ApiClient.Response r = api.post(path(table), Map.of("id", id, "fields", Map.of("Title", "offline")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.id()).isEqualTo(id);
        long changes = Sql.changes(api.companyId);
        long audits = Sql.audits(api.companyId);

        ApiClient.Response dup = api.post(path(table), Map.of("id", id, "fields", Map.of("Title", "again")));

        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.isProblem()).isTrue();
        assertThat((String) dup.get("detail")).contains("already in use");
        assertThat(api.get(path(table) + "/" + id).get("fields")).isEqualTo(Map.of("Title", "offline"));
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        assertThat(Sql.audits(api.companyId)).isEqualTo(audits);
        // a body id that differs from the path id is refused
        assertThat(api.patch(path(table) + "/" + id, Map.of("id", UUID.randomUUID().toString(),
                "fields", Map.of("Title", "x"))).status()).isEqualTo(422);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(Map.of("Qty", 5), "Title", "required"),
                Arguments.of(Map.of("Title", "ok", "Qty", -1), "Qty", "at least 0"),
                Arguments.of(Map.of("Title", "ok", "Qty", 101), "Qty", "at most 100"),
                Arguments.of(Map.of("Title", "ok", "Code", "abc"), "Code", "pattern"),
                Arguments.of(Map.of("Title", "ok", "Code", "AB-1234"), "Code", "at most 6 characters"),
                Arguments.of(Map.of("Title", ""), "Title", "required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    @SuppressWarnings("unchecked")
    void valuesFailingValidationAre422WithFieldErrors(Map<String, Object> fields, String field, String message) {
        Map<String, Object> table = validated();
        long changes = Sql.changes(api.companyId);

        ApiClient.Response r = api.post(path(table), Map.of("fields", fields));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).isTrue();
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.get("errors");
        assertThat(errors).anySatisfy(e -> {
            assertThat((String) e.get("field")).isEqualTo("fields." + field);
            assertThat((String) e.get("message")).contains(message);
        });
        assertThat(Sql.rowCount(Physical.schema(table), Physical.table(table))).isZero();
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void allProblemsOfARecordAreReportedAtOnce() {
        Map<String, Object> table = validated();
        ApiClient.Response r = api.post(path(table), Map.of("fields", Map.of("Qty", 500, "Code", "zz", "Nope", 1)));
        assertThat(r.status()).isEqualTo(422);
        assertThat((List<Map<String, Object>>) r.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("fields.Qty", "fields.Code", "fields.Nope", "fields.Title");
    }

    @Test
    void validationAppliesToPatchAndPutToo() {
        Map<String, Object> table = validated();
        String id = api.post(path(table), Map.of("fields", Map.of("Title", "ok", "Qty", 5))).id();
        assertThat(api.patch(path(table) + "/" + id, Map.of("fields", Map.of("Qty", 1000))).status()).isEqualTo(422);
        assertThat(api.patch(path(table) + "/" + id, Map.of("fields", Map.of("Title", ""))).status()).isEqualTo(422);
        assertThat(api.put(path(table) + "/" + id, Map.of("fields", Map.of("Qty", 6))).status()).isEqualTo(422);
        assertThat(api.get(path(table) + "/" + id).get("fields")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("Qty", 5).containsEntry("Title", "ok");
    }

    private static Map<String, Object> validated() {
        return api.createTable(app, "Validated " + UUID.randomUUID(), List.of(
                Map.of("name", "Title", "type", "text", "required", true),
                Map.of("name", "Qty", "type", "number", "validation", Map.of("min", 0, "max", 100)),
                Map.of("name", "Code", "type", "text", "validation", Map.of("pattern", "[A-Z]{2}-[0-9]+",
                        "maxLength", 6))));
    }

    // ---------------------------------------------------------------- filters

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(cond("Qty", "eq", 10), List.of("k2", "k6")),
                Arguments.of(cond("Qty", "ne", 10), List.of("k1", "k3", "k4", "k5", "k7")),
                Arguments.of(cond("Qty", "gt", 5), List.of("k2", "k3", "k6")),
                Arguments.of(cond("Qty", "gte", 5), List.of("k1", "k2", "k3", "k6")),
                Arguments.of(cond("Qty", "lt", 0), List.of("k4")),
                Arguments.of(cond("Qty", "lte", 0), List.of("k4", "k7")),
                Arguments.of(cond("Qty", "in", List.of(5, 15.5)), List.of("k1", "k3")),
                Arguments.of(cond("Qty", "notIn", List.of(5, 10)), List.of("k3", "k4", "k5", "k7")),
                Arguments.of(cond("Qty", "between", List.of(0, 10)), List.of("k1", "k2", "k6", "k7")),
                Arguments.of(cond("Qty", "isNull", NONE), List.of("k5")),
                Arguments.of(cond("Qty", "isNotNull", NONE), List.of("k1", "k2", "k3", "k4", "k6", "k7")),
                Arguments.of(cond("Name", "eq", "fig"), List.of("k6")),
                Arguments.of(cond("Name", "contains", "an"), List.of("k2")),
                Arguments.of(cond("Name", "contains", "AN"), List.of("k2")),
                Arguments.of(cond("Name", "notContains", "e"), List.of("k2", "k6", "k7")),
                Arguments.of(cond("Name", "startsWith", "b"), List.of("k2")),
                Arguments.of(cond("Name", "endsWith", "pie"), List.of("k3")),
                Arguments.of(cond("Name", "contains", "%"), List.of("k4")),
                Arguments.of(cond("Name", "contains", "_"), List.of("k4")),
                Arguments.of(cond("Name", "endsWith", "0%"), List.of("k4")),
                Arguments.of(cond("Name", "contains", "' OR 1=1 --"), List.of()),
                Arguments.of(cond("Name", "eq", "' OR '1'='1"), List.of()),
                Arguments.of(cond("Name", "contains", "\\"), List.of()),
                Arguments.of(cond("Name", "in", List.of("fig", "apple", "nothing")), List.of("k1", "k6")),
                Arguments.of(cond("Name", "isNull", NONE), List.of("k7")),
                Arguments.of(cond("Due", "between", List.of("2026-01-01", "2026-01-31")), List.of("k1", "k6")),
                Arguments.of(cond("Due", "gt", "2026-01-10"), List.of("k2", "k5")),
                Arguments.of(cond("Due", "lte", "2026-01-10"), List.of("k1", "k4", "k6")),
                Arguments.of(cond("Due", "eq", "2026-01-10"), List.of("k1", "k6")),
                Arguments.of(cond("Done", "eq", true), List.of("k1", "k4")),
                Arguments.of(cond("Done", "eq", false), List.of("k2", "k5", "k7")),
                Arguments.of(cond("Done", "ne", true), List.of("k2", "k3", "k5", "k6", "k7")),
                Arguments.of(cond("Done", "isNull", NONE), List.of("k3", "k6")),
                Arguments.of(cond("Status", "eq", "Open"), List.of("k1", "k4", "k6")),
                Arguments.of(cond("Status", "eq", "open"), List.of("k1", "k4", "k6")),
                Arguments.of(cond("Status", "ne", "Open"), List.of("k2", "k3", "k5", "k7")),
                Arguments.of(cond("Status", "in", List.of("Closed")), List.of("k2", "k5")),
                Arguments.of(cond("Status", "notIn", List.of("Closed")), List.of("k1", "k3", "k4", "k6", "k7")),
                Arguments.of(cond("Tags", "contains", "Red"), List.of("k1", "k2")),
                Arguments.of(cond("Tags", "notContains", "Red"), List.of("k3", "k4", "k5", "k6", "k7")),
                Arguments.of(cond("Tags", "in", List.of("Red", "Blue")), List.of("k1", "k2", "k4")),
                Arguments.of(cond("Tags", "isNull", NONE), List.of("k3", "k5", "k6", "k7")),
                Arguments.of(cond("Tags", "isNotNull", NONE), List.of("k1", "k2", "k4")),
                Arguments.of(cond("createdAt", "isNotNull", NONE), List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7")),
                Arguments.of(cond("createdAt", "gt", "2000-01-01T00:00:00Z"),
                        List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7")),
                Arguments.of(Map.of("operator", "and", "conditions", List.of(
                        cond("Qty", "gte", 5),
                        Map.of("operator", "or", "conditions", List.of(cond("Status", "eq", "Closed"),
                                cond("Name", "startsWith", "f"))))), List.of("k2", "k6")),
                Arguments.of(Map.of("operator", "or", "conditions", List.of(
                        Map.of("operator", "and", "conditions", List.of(cond("Done", "eq", true), cond("Qty", "lt", 0))),
                        Map.of("operator", "and", "conditions", List.of(cond("Done", "eq", false),
                                cond("Qty", "isNull", NONE))))), List.of("k4", "k5")),
                Arguments.of(Map.of("operator", "and", "conditions", List.of()),
                        List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void listFiltersWithEveryOperator(Map<String, Object> filter, List<String> expected) {
        String filterJson = json(filter);
        ApiClient.Response get = api.get(path(people) + "?sort=Key&filter=" + ApiClient.q(filterJson));
        assertThat(keys(get)).containsExactlyElementsOf(expected);
        ApiClient.Response post = api.post(path(people) + "/query", Map.of("filter", filter, "sort",
                List.of(Map.of("field", "Key"))));
        assertThat(keys(post)).containsExactlyElementsOf(expected);
        ApiClient.Response count = api.get(path(people) + "/count?filter=" + ApiClient.q(filterJson));
        assertThat(count.map()).containsEntry("count", expected.size()).containsEntry("exact", true);
    }

    @Test
    void filtersAcceptFieldIdsInsteadOfNames() {
        String filter = json(cond(fieldId(people, "Qty"), "gt", 5));
        assertThat(keys(api.get(path(people) + "?sort=Key&filter=" + ApiClient.q(filter))))
                .containsExactly("k2", "k3", "k6");
    }

    // ---------------------------------------------------------------- sorts

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[{\"field\":\"Key\"}]                                          | k1,k2,k3,k4,k5,k6,k7",
            "[{\"field\":\"Key\",\"direction\":\"desc\"}]                   | k7,k6,k5,k4,k3,k2,k1",
            "[{\"field\":\"Qty\"},{\"field\":\"Key\"}]                      | k4,k7,k1,k2,k6,k3,k5",
            "[{\"field\":\"Qty\",\"direction\":\"desc\"},{\"field\":\"Key\",\"direction\":\"desc\"}] | k5,k3,k6,k2,k1,k7,k4",
            "Due,-Key                                                       | k4,k6,k1,k2,k5,k7,k3",
            "-Done,Key                                                      | k3,k6,k1,k4,k2,k5,k7",
            "[{\"field\":\"Due\",\"direction\":\"DESC\"},{\"field\":\"Qty\"}] | k7,k3,k5,k2,k1,k6,k4",
            "createdAt                                                      | k1,k2,k3,k4,k5,k6,k7",
            "-createdAt                                                     | k7,k6,k5,k4,k3,k2,k1"})
    void listSortsByOneOrMoreKeysWithNullsLastAscendingAndFirstDescending(String sort, String expected) {
        assertThat(keys(api.get(path(people) + "?sort=" + ApiClient.q(sort.strip()))))
                .containsExactly(expected.strip().split(","));
    }

    @Test
    void withoutASortRecordsComeInCreationOrder() {
        assertThat(keys(api.get(path(people)))).containsExactly("k1", "k2", "k3", "k4", "k5", "k6", "k7");
    }

    // ---------------------------------------------------------------- paging

    private static Map<String, Object> paged;

    private static synchronized Map<String, Object> pagedTable() {
        if (paged != null) return paged;
        paged = api.createTable(app, "Paged", List.of(Map.of("name", "Group", "type", "number"),
                Map.of("name", "Label", "type", "text"), Map.of("name", "When", "type", "date",
                        "includeTime", true)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 137; i++) {
            Map<String, Object> f = new HashMap<>();
            f.put("Group", i % 9 == 0 ? null : i % 5);
            f.put("Label", i % 7 == 0 ? null : "L" + (i % 11));
            f.put("When", i % 4 == 0 ? null : "2026-01-0" + (1 + i % 3) + "T10:00:00Z");
            rows.add(Map.of("fields", f));
        }
        ApiClient.Response r = api.post(path(paged) + "/bulk", Map.of("records", rows));
        assertThat(r.map()).containsEntry("created", 137);
        return paged;
    }

    @ParameterizedTest(name = "sort {0}")
    @ValueSource(strings = {"", "Group", "-Group", "-Group,Label", "Label,-Group", "When,Group,-Label", "-When",
            "-createdAt", "updatedAt"})
    void cursorPagingWalksEveryRecordOnceInOrder(String sort) {
        Map<String, Object> table = pagedTable();
        String base = path(table) + "?sort=" + ApiClient.q(sort);
        List<Object> all = api.get(base + "&limit=1000").data().stream().map(m -> m.get("id")).toList();
        assertThat(all).hasSize(137);

        List<Object> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api.get(base + "&limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.data()).hasSizeLessThanOrEqualTo(10);
            page.data().forEach(m -> walked.add(m.get("id")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(pages).isEqualTo(14);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(all);
    }

    @Test
    void theQueryFormPagesWithCursorsToo() {
        Map<String, Object> table = pagedTable();
        Map<String, Object> filter = cond("Group", "gte", 2);
        List<Object> all = api.post(path(table) + "/query", Map.of("filter", filter, "sort", List.of(
                Map.of("field", "Label", "direction", "desc")), "limit", 1000)).data().stream()
                .map(m -> m.get("id")).toList();
        List<Object> walked = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("filter", filter, "sort", List.of(
                    Map.of("field", "Label", "direction", "desc")), "limit", 7));
            if (cursor != null) body.put("cursor", cursor);
            ApiClient.Response page = api.post(path(table) + "/query", body);
            page.data().forEach(m -> walked.add(m.get("id")));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(all);
        assertThat(all).hasSize((int) api.get(path(table) + "/count?filter=" + ApiClient.q(json(filter)))
                .map().get("count"));
    }

    @Test
    void aCursorIsBoundToItsSort() {
        Map<String, Object> table = pagedTable();
        String cursor = (String) api.get(path(table) + "?sort=Group&limit=5").get("nextCursor");
        assertThat(cursor).isNotNull();
        ApiClient.Response other = api.get(path(table) + "?sort=-Group&limit=5&cursor=" + cursor);
        assertThat(other.status()).isEqualTo(422);
        assertThat((String) other.get("detail")).contains("cursor");
    }

    @Test
    void countIsExactOrAnEstimate() {
        Map<String, Object> table = pagedTable();
        assertThat(api.get(path(table) + "/count").map()).isEqualTo(Map.of("count", 137, "exact", true));
        ApiClient.Response estimate = api.get(path(table) + "/count?mode=estimate");
        assertThat(estimate.status()).isEqualTo(200);
        assertThat(estimate.map()).containsEntry("exact", false);
        assertThat(((Number) estimate.get("count")).longValue()).isBetween(0L, 1000L);
        // an estimate with a filter is counted exactly
        assertThat(api.get(path(table) + "/count?mode=estimate&filter=" + ApiClient.q(json(cond("Group", "isNull",
                NONE)))).map()).isEqualTo(Map.of("count", 16, "exact", true));
    }

    // ---------------------------------------------------------------- bulk

    @Test
    @SuppressWarnings("unchecked")
    void bulkInsertReportsPerRowResultsAndCreatesOnlyTheValidRows() {
        Map<String, Object> table = api.createTable(app, "Bulk mixed", List.of(
                Map.of("name", "Code", "type", "text", "unique", true),
                Map.of("name", "Qty", "type", "number", "validation", Map.of("max", 10))));
        String taken = api.post(path(table), Map.of("fields", Map.of("Code", "taken"))).id();
        String clientId = UUID.randomUUID().toString();
        long changes = Sql.changes(api.companyId);
        long maxSeq = Sql.count("SELECT max(seq) FROM rowan.change_log WHERE company_id = ?", api.companyId);
        List<Object> rows = List.of(
                Map.of("fields", Map.of("Code", "a", "Qty", 1)),                  // 0 ok
                Map.of("fields", Map.of("Code", "b", "Qty", "many")),             // 1 wrong type
                Map.of("fields", Map.of("Code", "taken")),                        // 2 duplicate of an existing row
                Map.of("id", clientId, "fields", Map.of("Code", "c", "Qty", 10)),  // 3 ok, client id
                Map.of("fields", Map.of("Code", "d", "Qty", 11)),                 // 4 over max
                Map.of("fields", Map.of("Code", "a")),                            // 5 duplicate within the request
                Map.of("fields", Map.of("Nope", 1)),                              // 6 unknown field
                "not a record",                                                   // 7 wrong shape
                Map.of("id", clientId, "fields", Map.of("Code", "e")),            // 8 duplicate id
                Map.of("fields", Map.of("Code", "line\n\\.\nquote \" comma ,")));  // 9 ok, hostile text

        ApiClient.Response r = api.post(path(table) + "/bulk", Map.of("records", rows));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("created", 3).containsEntry("failed", 7);
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
        assertThat(results).extracting(m -> m.get("index")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(results).extracting(m -> m.get("status")).containsExactly("created", "failed", "failed",
                "created", "failed", "failed", "failed", "failed", "failed", "created");
        assertThat(results.get(3)).containsEntry("id", clientId);
        for (int i : new int[]{1, 2, 4, 5, 6, 7, 8}) {
            assertThat((List<Map<String, Object>>) results.get(i).get("errors")).as("row " + i).isNotEmpty()
                    .allSatisfy(e -> assertThat((String) e.get("field")).startsWith("records[" + i + "]"));
        }
        assertThat(json(results.get(2))).contains("Code");
        assertThat(json(results.get(1))).contains("Qty");

        String schema = Physical.schema(table);
        String physical = Physical.table(table);
        assertThat(Sql.rowCount(schema, physical)).isEqualTo(4);
        String codeColumn = Physical.column(ApiClient.JSON.convertValue(((List<?>) table.get("fields")).getFirst(), Map.class)
                );
        assertThat(Sql.rows("SELECT \"" + codeColumn + "\" AS c FROM \"" + schema + "\".\"" + physical + "\" ORDER BY 1"))
                .extracting(m -> m.get("c")).containsExactlyInAnyOrder("a", "c", "taken",
                        "line\n\\.\nquote \" comma ,");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 3);
        assertThat(Sql.rows("SELECT entity_id::text AS id FROM rowan.change_log WHERE company_id = ? AND seq > ? "
                + "AND entity = 'record' AND op = 'insert'", api.companyId, maxSeq)).extracting(m -> m.get("id"))
                .containsExactlyInAnyOrderElementsOf(Sql.rows("SELECT id::text AS id FROM \"" + schema + "\".\""
                        + physical + "\" WHERE id <> ?", taken).stream().map(m -> m.get("id")).toList())
                .hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bulkInsertStoresHostileValuesVerbatim() {
        List<String> texts = List.of("\\.", "a\n\\.\nb", "\"", ",", "\r\n", "NULL", "\\N", "\t", "🚀 ünï",
                "'; DROP TABLE x; --", "\"\"\",,\n\\");
        Map<String, Object> table = api.createTable(app, "Bulk hostile", List.of(Map.of("name", "T", "type", "text"),
                Map.of("name", "I", "type", "number"), Map.of("name", "M", "type", "multiple_select", "options",
                        List.of(Map.of("id", "\"}{,\\", "label", "odd id"), Map.of("label", "a,b"),
                                Map.of("label", "{x}"), Map.of("label", "\"q\"")))));
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(Map.of("fields", Map.of("T", texts.get(i), "I", i, "M", List.of("odd id", "a,b", "{x}", "\"q\""))));
        }
        ApiClient.Response r = api.post(path(table) + "/bulk", rows);
        assertThat(r.map()).as(r.body()).containsEntry("created", texts.size());
        List<Map<String, Object>> stored = api.get(path(table) + "?sort=I").data();
        assertThat(stored).extracting(m -> ((Map<String, Object>) m.get("fields")).get("T"))
                .containsExactlyElementsOf(texts);
        assertThat(stored).allSatisfy(m -> assertThat(((Map<String, Object>) m.get("fields")).get("M"))
                .isEqualTo(List.of("odd id", "a,b", "{x}", "\"q\"")));
    }

    @Test
    void bulkInsertOfTwentyThousandRows() {
        Map<String, Object> table = api.createTable(app, "Bulk big", List.of(Map.of("name", "N", "type", "number"),
                Map.of("name", "T", "type", "text"), Map.of("name", "S", "type", "single_select",
                        "options", List.of("x", "y")), Map.of("name", "D", "type", "date")));
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 20_000; i++) {
            if (i > 0) body.append(',');
            body.append("{\"fields\":{\"N\":").append(i).append(",\"T\":\"row ").append(i)
                    .append("\",\"S\":\"").append(i % 2 == 0 ? "x" : "y").append("\",\"D\":\"2026-02-")
                    .append(String.format("%02d", 1 + i % 28)).append("\"}}");
        }
        body.append("]}");
        long changes = Sql.changes(api.companyId);

        ApiClient.Response r = api.post(path(table) + "/bulk", body.toString());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("created", 20_000).containsEntry("failed", 0);
        assertThat(Sql.rowCount(Physical.schema(table), Physical.table(table))).isEqualTo(20_000);
        assertThat(api.get(path(table) + "/count").map()).containsEntry("count", 20_000);
        // one change-log row per block of 5,000 records (BulkLoader.CHUNK), which a pull reads as one per record
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 4);
        assertThat(Sql.count("SELECT count(DISTINCT seq) FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "AND table_id = ? AND entity = 'record' AND op = 'insert' AND user_id IS NOT NULL AND data IS NULL",
                api.companyId, table.get("id"))).isEqualTo(20_000);
        ApiClient.Response page = api.get(path(table) + "?sort=-N&limit=2&filter="
                + ApiClient.q(json(cond("S", "eq", "y"))));
        assertThat(page.data()).extracting(m -> (Object) ((Map<?, ?>) m.get("fields")).get("T")).containsExactly("row 19999",
                "row 19997");
        // each row's version is its change-log sequence
        assertThat(Sql.count("SELECT count(*) FROM \"" + Physical.schema(table) + "\".\"" + Physical.table(table)
                + "\" t JOIN " + Sql.RECORD_LOG + " l ON l.entity_id = t.id AND l.seq = t.row_version AND l.company_id = ?",
                api.companyId)).isEqualTo(20_000);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bulkDeleteReportsPerIdResults() {
        Map<String, Object> table = api.createTable(app, "Bulk delete", List.of(Map.of("name", "T", "type", "text")));
        String a = api.post(path(table), Map.of("fields", Map.of("T", "a"))).id();
        String b = api.post(path(table), Map.of("fields", Map.of("T", "b"))).id();
        String c = api.post(path(table), Map.of("fields", Map.of("T", "c"))).id();
        String missing = UUID.randomUUID().toString();

        ApiClient.Response r = api.post(path(table) + "/bulk-delete", Map.of("ids", List.of(a, missing, c)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("deleted", 2);
        assertThat((List<Map<String, Object>>) r.get("results")).containsExactly(
                Map.of("id", a, "status", "deleted"), Map.of("id", missing, "status", "not_found"),
                Map.of("id", c, "status", "deleted"));
        assertThat(api.get(path(table)).data()).extracting(m -> m.get("id")).containsExactly(b);
        assertThat(Sql.rows("SELECT entity_id::text AS id FROM rowan.change_log WHERE company_id = ? AND op = 'delete' "
                + "AND table_id = ?", api.companyId, table.get("id"))).extracting(m -> m.get("id"))
                .containsExactlyInAnyOrder(a, c);

        ApiClient.Response bad = api.post(path(table) + "/bulk-delete", Map.of("ids", List.of(b, "nope")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(api.get(path(table) + "/" + b).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- journal

    @Test
    void everyWriteAppendsToTheChangeLogAndTheAuditLogAndAFailedWriteToNeither() {
        Map<String, Object> table = api.createTable(app, "Journal", List.of(
                Map.of("name", "T", "type", "text", "unique", true)));
        long before = Sql.count("SELECT coalesce(max(seq), 0) FROM rowan.change_log WHERE company_id = ?",
                api.companyId);

        String id = api.post(path(table), Map.of("fields", Map.of("T", "a"))).id();
        api.patch(path(table) + "/" + id, Map.of("fields", Map.of("T", "b")));
        api.put(path(table) + "/" + id, Map.of("fields", Map.of("T", "c")));
        String other = api.post(path(table), Map.of("fields", Map.of("T", "d"))).id();
        long changes = Sql.changes(api.companyId);
        long audits = Sql.audits(api.companyId);
        assertThat(api.post(path(table), Map.of("fields", Map.of("T", "c"))).status()).isEqualTo(409);
        assertThat(api.patch(path(table) + "/" + other, Map.of("fields", Map.of("T", "c"))).status()).isEqualTo(409);
        assertThat(api.post(path(table), Map.of("fields", Map.of("T", 5))).status()).isEqualTo(422);
        assertThat(api.delete(path(table) + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        assertThat(Sql.audits(api.companyId)).isEqualTo(audits);
        api.delete(path(table) + "/" + id);

        List<Map<String, Object>> log = Sql.rows("SELECT seq, entity, entity_id::text AS id, op, table_id::text AS t, "
                + "user_id IS NOT NULL AS who FROM rowan.change_log WHERE company_id = ? AND seq > ? ORDER BY seq",
                api.companyId, before);
        assertThat(log).extracting(m -> m.get("op")).containsExactly("insert", "update", "update", "insert", "delete");
        assertThat(log).extracting(m -> m.get("id")).containsExactly(id, id, id, other, id);
        assertThat(log).allSatisfy(m -> {
            assertThat(m).containsEntry("entity", "record").containsEntry("t", table.get("id")).containsEntry("who", true);
        });
        List<Long> seqs = log.stream().map(m -> (Long) m.get("seq")).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(Sql.rows("SELECT action FROM rowan.audit_log WHERE company_id = ? AND entity_id IN (?, ?) ORDER BY id",
                api.companyId, id, other)).extracting(m -> m.get("action")).containsExactly("record.create",
                "record.update", "record.update", "record.create", "record.delete");
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND entity_id = ? "
                + "AND ip IS NOT NULL AND user_id IS NOT NULL AND at IS NOT NULL", api.companyId, other)).isEqualTo(1);
        // the row's version is the sequence of its last write
        assertThat(Sql.value("SELECT row_version FROM \"" + Physical.schema(table) + "\".\"" + Physical.table(table)
                + "\" WHERE id = ?", other)).isEqualTo(seqs.get(3));
    }
}
