package dev.rowan.server.tables;

import dev.rowan.model.formula.FieldResolver;
import dev.rowan.model.formula.Formula;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Formula fields over HTTP on the real PostgreSQL: created by name and stored by id, values equal to the in-memory
 * evaluator for every record (pages, one record, pull), filtered and sorted in the database, broken by a removed or
 * retyped field and recovered, cycles, writes and hostile formulas refused with problem+json naming no internals.
 */
class FormulaFieldsTest {
    private static ApiClient api;
    private static String app;
    private static Map<String, Object> table;
    private static final List<Map<String, Object>> ROWS = new ArrayList<>();

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        app = api.createApp("Formulas");
        table = api.createTable(app, "Orders", List.of(
                Map.of("name", "Item", "type", "text"),
                Map.of("name", "Qty", "type", "number", "config", Map.of("precision", 2)),
                Map.of("name", "Price", "type", "number", "config", Map.of("precision", 2)),
                Map.of("name", "Total", "type", "formula", "config", Map.of("formula", "{Qty} * {Price}")),
                Map.of("name", "Label", "type", "formula", "config",
                        Map.of("formula", "IF({Total} > 10, UPPER({Item}), LOWER({Item})) & \" \" & ROUND({Total}, 1)"))));
        Object[][] data = {{"Ant", 2, 3.5}, {"Bee", -1.25, 4}, {null, null, 7}, {"Cat", 10, 0}, {"Dog", 0.5, 100}};
        for (Object[] d : data) {
            Map<String, Object> f = new HashMap<>();
            f.put("Item", d[0]);
            f.put("Qty", d[1]);
            f.put("Price", d[2]);
            ApiClient.Response r = api.post(records(), Map.of("fields", f));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            // the answer to a create carries the computed values
            if ("Ant".equals(d[0])) {
                assertThat(new BigDecimal(fieldsOf(r.map()).get("Total").toString())).isEqualByComparingTo("7");
            }
            Map<String, Object> row = new HashMap<>(f);
            row.put("id", r.id());
            ROWS.add(row);
        }
    }

    private static String records() {
        return "/api/tables/" + table.get("id") + "/records";
    }

    private static String fields() {
        return "/api/tables/" + table.get("id") + "/fields";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(String name) {
        ApiClient.Response t = api.get("/api/tables/" + table.get("id"));
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) t.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Map<String, Object> record) {
        return (Map<String, Object>) record.get("fields");
    }

    private static void assertProblem(ApiClient.Response r, int status, String mention) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.body()).containsIgnoringCase(mention);
        assertThat(r.body()).doesNotContain("org.", "java.", "SQL", "Exception")
                .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
    }

    /** The table's fields as the server holds them, typed, for the in-memory evaluator. */
    @SuppressWarnings("unchecked")
    private static List<FieldDef> defs() {
        ApiClient.Response t = api.get("/api/tables/" + table.get("id"));
        List<FieldDef> out = new ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) t.get("fields")) {
            out.add(FieldDef.of(UUID.fromString((String) f.get("id")), (String) f.get("name"),
                    FieldTypes.parse((String) f.get("type"), (Map<String, Object>) f.get("config"), null)));
        }
        return out;
    }

    @Test
    void theFormulaIsStoredByIdAndShownWithNames() {
        Map<String, Object> total = field("Total");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) total.get("config");
        assertThat((String) config.get("formula")).contains("{fld:" + ApiClient.fieldId(table, "Qty") + "}");
        assertThat(config.get("resultType")).isEqualTo("number");
        assertThat(total.get("formulaText")).isEqualTo("{Qty} * {Price}");
        assertThat(total).doesNotContainKey("broken");
        Map<String, String> columns = Sql.columns(Physical.schema(table), Physical.table(table));
        assertThat(columns).containsKey(Physical.column(field("Qty")))
                .doesNotContainKey(Physical.column(total));
    }

    @Test
    void valuesMatchTheEvaluatorForEveryRecordInPagesRecordsAndPull() {
        List<FieldDef> defs = defs();
        FieldDef total = defs.stream().filter(f -> f.name().equals("Total")).findFirst().orElseThrow();
        FieldDef label = defs.stream().filter(f -> f.name().equals("Label")).findFirst().orElseThrow();
        ApiClient.Response page = api.get(records() + "?limit=100");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.data()).hasSize(ROWS.size());
        for (Map<String, Object> r : page.data()) {
            Map<String, Object> f = fieldsOf(r);
            Map<UUID, Object> canonical = new LinkedHashMap<>();
            for (FieldDef d : defs) {
                if (d.type() instanceof FieldType.Formula) continue;
                Object v = f.get(d.name());
                canonical.put(d.id(), v == null ? null : d.type() instanceof FieldType.NumberType
                        ? new BigDecimal(v.toString()).setScale(2) : v);
            }
            Object t = FormulaFields.evaluate(defs, total, canonical, null, null, null, Clock.systemUTC());
            Object l = FormulaFields.evaluate(defs, label, canonical, null, null, null, Clock.systemUTC());
            if (t == null) assertThat(f.get("Total")).isNull();
            else assertThat(new BigDecimal(f.get("Total").toString())).isEqualByComparingTo((BigDecimal) t);
            assertThat(f.get("Label")).as(String.valueOf(f)).isEqualTo(l);
            ApiClient.Response one = api.get(records() + "/" + r.get("id"));
            assertThat(fieldsOf(one.map()).get("Total")).isEqualTo(f.get("Total"));
        }
        Map<String, Object> ant = page.data().stream().filter(r -> "Ant".equals(fieldsOf(r).get("Item")))
                .findFirst().orElseThrow();
        assertThat(new BigDecimal(fieldsOf(ant).get("Total").toString())).isEqualByComparingTo("7");
        assertThat(fieldsOf(ant).get("Label")).isEqualTo("ant 7");
        // a pull carries the computed values too
        ApiClient.Response pull = api.post("/api/sync/pull", Map.of("cursor", "0"));
        assertThat(pull.status()).as(pull.body()).isEqualTo(200);
        assertThat(pull.body()).contains(ApiClient.fieldId(table, "Total"));
    }

    @Test
    void filtersAndSortsRunOnTheComputedValue() {
        String filter = "{\"field\":\"Total\",\"operator\":\"gt\",\"value\":5}";
        ApiClient.Response r = api.get(records() + "?sort=-Total&filter=" + ApiClient.q(filter));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.data()).extracting(x -> fieldsOf(x).get("Item")).containsExactly("Dog", "Ant");
        ApiClient.Response sorted = api.get(records() + "?sort=Total&limit=2");
        assertThat(sorted.data()).extracting(x -> fieldsOf(x).get("Item")).containsExactly("Bee", "Cat");
        // the next page through the cursor continues in the computed order
        ApiClient.Response next = api.get(records() + "?sort=Total&limit=2&cursor="
                + ApiClient.q((String) sorted.get("nextCursor")));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.data()).extracting(x -> fieldsOf(x).get("Item")).containsExactly("Ant", "Dog");
        ApiClient.Response text = api.get(records() + "?filter=" + ApiClient.q(
                "{\"field\":\"Label\",\"operator\":\"contains\",\"value\":\"DOG\"}"));
        assertThat(text.data()).extracting(x -> fieldsOf(x).get("Item")).containsExactly("Dog");
        ApiClient.Response count = api.get(records() + "/count?filter=" + ApiClient.q(filter));
        assertThat(count.body()).contains("2");
    }

    @Test
    void writesToAFormulaAreRefusedWithTheFieldsPath() {
        long before = Sql.changes(api.companyId);
        assertProblem(api.post(records(), Map.of("fields", Map.of("Item", "x", "Total", 3))), 422, "fields.Total");
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("Total", null);
        assertProblem(api.patch(records() + "/" + ROWS.getFirst().get("id"), Map.of("fields", nulls)), 422,
                "fields.Total");
        ApiClient.Response push = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(Map.of("mutationId", UUID.randomUUID().toString(), "op", "UPDATE",
                        "entity", "RECORD", "entityId", ROWS.getFirst().get("id"), "parentId", table.get("id"),
                        "payload", Map.of("fields", Map.of(ApiClient.fieldId(table, "Total"), 1))))));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        assertThat(push.body()).doesNotContain("\"APPLIED\"").containsIgnoringCase("computed");
        assertThat(Sql.changes(api.companyId)).isEqualTo(before);
    }

    @Test
    void aRemovedFieldBreaksTheFormulaAndRestoringItRecovers() {
        Map<String, Object> t = api.createTable(app, "Breakable", List.of(
                Map.of("name", "A", "type", "number"),
                Map.of("name", "Twice", "type", "formula", "config", Map.of("formula", "{A} * 2"))));
        String path = "/api/tables/" + t.get("id");
        api.post(path + "/records", Map.of("fields", Map.of("A", 21)));
        String a = ApiClient.fieldId(t, "A");
        assertThat(api.delete(path + "/fields/" + a).status()).isIn(200, 204);
        ApiClient.Response broken = api.get(path + "/records");
        assertThat(broken.status()).as(broken.body()).isEqualTo(200);
        assertThat(fieldsOf(broken.data().getFirst()).get("Twice")).isNull();
        assertThat(api.get(path).body()).contains("\"broken\"").contains("no longer exists")
                .doesNotContainPattern("\\bf_[0-9a-f]{16}");
        assertThat(api.post(path + "/fields/" + a + "/restore", Map.of()).status()).isIn(200, 201);
        ApiClient.Response back = api.get(path + "/records");
        assertThat(new BigDecimal(fieldsOf(back.data().getFirst()).get("Twice").toString())).isEqualByComparingTo("42");
        assertThat(api.get(path).body()).doesNotContain("\"broken\"");
        // retyped to text: broken with a reason; reads still answer
        assertThat(api.patch(path + "/fields/" + a + "?clearInvalid=true", Map.of("type", "text")).status())
                .isEqualTo(200);
        assertThat(api.get(path + "/records").status()).isEqualTo(200);
        assertThat(api.get(path).body()).contains("\"broken\"");
    }

    @Test
    void aCycleIsRefusedWithItsFieldsNamed() {
        Map<String, Object> t = api.createTable(app, "Cycles", List.of(
                Map.of("name", "A", "type", "number"),
                Map.of("name", "B", "type", "formula", "config", Map.of("formula", "{A} + 1")),
                Map.of("name", "C", "type", "formula", "config", Map.of("formula", "{B} + 1"))));
        String path = "/api/tables/" + t.get("id");
        ApiClient.Response r = api.patch(path + "/fields/" + ApiClient.fieldId(t, "B"),
                Map.of("config", Map.of("formula", "{C} * 2")));
        assertProblem(r, 422, "B → C → B");
        assertProblem(api.post(path + "/fields", Map.of("name", "D", "type", "formula",
                "config", Map.of("formula", "{D}"))), 422, "D → D");
    }

    @Test
    void hostileFormulasAreRefusedWithProblemJson() {
        String path = fields();
        assertProblem(api.post(path, Map.of("name", "Long", "type", "formula",
                "config", Map.of("formula", "1+".repeat(6_000) + "1"))), 422, "formula");
        assertProblem(api.post(path, Map.of("name", "Deep", "type", "formula",
                "config", Map.of("formula", "(".repeat(500) + "1" + ")".repeat(500)))), 422, "formula");
        assertProblem(api.post(path, Map.of("name", "Regex", "type", "formula",
                "config", Map.of("formula", "REGEX_MATCH({Item}, \"(a)\\\\1\")"))), 422, "formula");
        assertProblem(api.post(path, Map.of("name", "Typo", "type", "formula",
                "config", Map.of("formula", "{Qty} * {Nope}"))), 422, "1:9");
        assertProblem(api.post(path, Map.of("name", "Empty", "type", "formula", "config", Map.of())), 422,
                "config.formula");
        assertProblem(api.post(path, Map.of("name", "Req", "type", "formula", "required", true,
                "config", Map.of("formula", "1"))), 422, "required");
        assertThat(api.get("/api/tables/" + table.get("id")).body()).doesNotContain("\"Long\"", "\"Deep\"",
                "\"Regex\"", "\"Typo\"");
    }

    @Test
    void aTypeChangeMaterialisesTheComputedValues() {
        Map<String, Object> t = api.createTable(app, "Materialise", List.of(
                Map.of("name", "A", "type", "number"),
                Map.of("name", "F", "type", "formula", "config", Map.of("formula", "{A} + 0.5"))));
        String path = "/api/tables/" + t.get("id");
        api.post(path + "/records", Map.of("fields", Map.of("A", 2)));
        ApiClient.Response change = api.patch(path + "/fields/" + ApiClient.fieldId(t, "F"),
                Map.of("type", "number", "config", Map.of("precision", 1)));
        assertThat(change.status()).as(change.body()).isEqualTo(200);
        Map<String, Object> rec = api.get(path + "/records").data().getFirst();
        assertThat(new BigDecimal(fieldsOf(rec).get("F").toString())).isEqualByComparingTo("2.5");
        // now a plain number: it can be written
        assertThat(api.patch(path + "/records/" + rec.get("id"), Map.of("fields", Map.of("F", 7))).status())
                .isEqualTo(200);
        // and back to a formula: its values go, after the preview
        ApiClient.Response dry = api.patch(path + "/fields/" + ApiClient.fieldId(t, "F") + "?dryRun=true",
                Map.of("type", "formula", "config", Map.of("formula", "{A} * 3")));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("\"failed\":1");
        ApiClient.Response refused = api.patch(path + "/fields/" + ApiClient.fieldId(t, "F"),
                Map.of("type", "formula", "config", Map.of("formula", "{A} * 3")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        ApiClient.Response confirmed = api.patch(path + "/fields/" + ApiClient.fieldId(t, "F") + "?clearInvalid=true",
                Map.of("type", "formula", "config", Map.of("formula", "{A} * 3")));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(new BigDecimal(fieldsOf(api.get(path + "/records").data().getFirst()).get("F").toString()))
                .isEqualByComparingTo("6");
    }
}
