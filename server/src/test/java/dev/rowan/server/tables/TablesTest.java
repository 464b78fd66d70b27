package dev.rowan.server.tables;

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

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TablesTest {
    private static ApiClient api;
    private static String app;

    @BeforeAll
    static void tenant() {
        api = TestServer.newTenant();
        app = api.createApp("Tables");
    }

    private static String hex(Object id) {
        return id.toString().replace("-", "");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> table) {
        return (List<Map<String, Object>>) table.get("fields");
    }

    private static Map<String, Object> field(Map<String, Object> table, String name) {
        return fields(table).stream().filter(f -> name.equals(f.get("name"))).findFirst().orElseThrow();
    }

    private static String recordsPath(Map<String, Object> table) {
        return "/api/tables/" + table.get("id") + "/records";
    }

    private static String create(Map<String, Object> table, Map<String, Object> fields) {
        ApiClient.Response r = api.post(recordsPath(table), Map.of("fields", fields));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Map<String, Object> table, String recordId) {
        return (Map<String, Object>) api.get(recordsPath(table) + "/" + recordId).get("fields");
    }

    /** The raw stored values of one column, by record id. */
    private static Map<String, Object> column(Map<String, Object> table, String columnName) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> r : Sql.rows("SELECT id::text AS id, \"" + columnName + "\"::text AS v FROM \""
                + Physical.schema(table) + "\".\"" + Physical.table(table) + "\"")) {
            out.put((String) r.get("id"), r.get("v"));
        }
        return out;
    }

    private static String columnType(Map<String, Object> table, String columnName) {
        return Sql.columns(Physical.schema(table), Physical.table(table)).get(columnName);
    }

    // ---------------------------------------------------------------- creation

    static Stream<Arguments> fieldTypes() {
        return Stream.of(
                Arguments.of(Map.of("type", "text"), "text", "text"),
                Arguments.of(Map.of("type", "long_text"), "long_text", "text"),
                Arguments.of(Map.of("type", "number", "config", Map.of("precision", 3)), "number", "numeric"),
                Arguments.of(Map.of("type", "currency", "config", Map.of("currencyCode", "eur")), "currency", "numeric"),
                Arguments.of(Map.of("type", "percent"), "percent", "numeric"),
                Arguments.of(Map.of("type", "date"), "date", "date"),
                Arguments.of(Map.of("type", "date", "config", Map.of("includeTime", true)), "date", "timestamptz"),
                Arguments.of(Map.of("type", "single_select", "options", List.of("A", "B")), "single_select", "text"),
                Arguments.of(Map.of("type", "multiple_select", "options", List.of("A", "B")), "multiple_select", "_text"),
                Arguments.of(Map.of("type", "boolean"), "boolean", "bool"),
                Arguments.of(Map.of("type", "switch"), "boolean", "bool"),
                Arguments.of(Map.of("type", "url"), "url", "text"),
                Arguments.of(Map.of("type", "email"), "email", "text"),
                Arguments.of(Map.of("type", "phone"), "phone", "text"),
                Arguments.of(Map.of("type", "json"), "json", "jsonb"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("fieldTypes")
    void everyFieldTypeGetsAFittingColumn(Map<String, Object> spec, String kind, String pgType) {
        Map<String, Object> def = new LinkedHashMap<>(spec);
        def.put("name", "Value");
        Map<String, Object> table = api.createTable(app, "Type " + spec.hashCode(), List.of(def));
        Map<String, Object> f = field(table, "Value");
        assertThat(f.get("type")).isEqualTo(kind);
        assertThat(f).doesNotContainKey("columnName");
        assertThat(columnType(table, Physical.column(f))).isEqualTo(pgType);
    }

    @Test
    void creatingATableCreatesARealTableWithSystemColumnsInTheCompanySchema() {
        Map<String, Object> table = api.createTable(app, "Projects", List.of(
                Map.of("name", "Title", "type", "text", "required", true),
                Map.of("name", "Budget", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Due", "type", "date", "includeTime", true),
                Map.of("name", "Done", "type", "switch")));
        String id = (String) table.get("id");
        String company = hex(api.companyId);
        String schema = "co_" + company;
        String physical = "dt_" + company.substring(0, 12) + "_" + hex(id).substring(0, 16);

        assertThat(table).containsKeys("id", "name", "fields", "views");
        // physical names are the server's business: the API never tells them
        assertThat(table).containsEntry("name", "Projects").containsEntry("appId", app)
                .doesNotContainKeys("physicalName", "schema");
        assertThat(Physical.table(table)).isEqualTo(physical);
        assertThat(Physical.schema(table)).isEqualTo(schema);
        assertThat(Sql.tableExists(schema, physical)).isTrue();
        Map<String, String> columns = Sql.columns(schema, physical);
        assertThat(columns).containsEntry("id", "uuid").containsEntry("created_at", "timestamptz")
                .containsEntry("updated_at", "timestamptz").containsEntry("created_by", "uuid")
                .containsEntry("updated_by", "uuid").containsEntry("row_version", "int8").hasSize(6 + 4);
        assertThat(Sql.value("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = ? "
                + "AND table_name = ? AND constraint_type = 'PRIMARY KEY'", schema, physical)).isEqualTo(1L);

        for (Map<String, Object> f : fields(table)) {
            assertThat(f).containsKeys("id", "name", "type", "required", "config").doesNotContainKey("columnName");
            assertThat(columns).containsKey(Physical.column(f));
        }
        assertThat(field(table, "Title")).containsEntry("required", true).containsEntry("type", "text");
        assertThat(field(table, "Budget").get("config")).isEqualTo(Map.of("currencyCode", "EUR", "precision", 2));
        assertThat(field(table, "Due").get("config")).isEqualTo(Map.of("includeTime", true));
        assertThat(field(table, "Done")).containsEntry("type", "boolean");
        assertThat(columns.get(Physical.column(field(table, "Budget")))).isEqualTo("numeric");
        assertThat(columns.get(Physical.column(field(table, "Due")))).isEqualTo("timestamptz");
        assertThat(columns.get(Physical.column(field(table, "Done")))).isEqualTo("bool");
        assertThat(api.get("/api/tables/" + id).body()).doesNotContain(physical, schema)
                .doesNotContainPattern("f_[0-9a-f]{16}");
        assertThat(api.get("/api/apps/" + app + "/tables").data()).extracting(m -> m.get("id")).contains(id);
    }

    @Test
    @SuppressWarnings("unchecked")
    void selectOptionsKeepIdsLabelsAndColors() {
        Map<String, Object> table = api.createTable(app, "Selects", List.of(Map.of("name", "Status",
                "type", "single_select", "config", Map.of("options", List.of(
                        Map.of("id", "todo", "label", "To do", "color", "red"),
                        Map.of("label", "Done", "color", "#00ff00"),
                        "Later")))));
        List<Map<String, Object>> options = (List<Map<String, Object>>) ((Map<String, Object>)
                field(table, "Status").get("config")).get("options");
        assertThat(options).extracting(o -> o.get("label")).containsExactly("To do", "Done", "Later");
        assertThat(options.getFirst()).containsEntry("id", "todo").containsEntry("color", "red");
        assertThat(options.get(1)).containsEntry("color", "#00ff00");
        assertThat(options).allSatisfy(o -> assertThat(o).containsKeys("id", "label", "color"));
        assertThat(options).extracting(o -> o.get("id")).doesNotHaveDuplicates();
    }

    @Test
    void threeDefaultViewsAreStoredWithTheTable() {
        Map<String, Object> table = api.createTable(app, "With views", List.of(
                Map.of("name", "Name", "type", "text"), Map.of("name", "Qty", "type", "number")));
        List<Map<String, Object>> views = Sql.rows("SELECT kind, is_default, config::text AS config FROM rowan.views "
                + "WHERE table_id = ? ORDER BY position", table.get("id"));
        assertThat(views).extracting(v -> v.get("kind")).containsExactly("grid", "form", "gallery");
        assertThat(views).extracting(v -> v.get("is_default")).containsExactly(true, false, false);
        String nameId = (String) field(table, "Name").get("id");
        assertThat(views).allSatisfy(v -> assertThat((String) v.get("config")).contains(nameId));
        assertThat(api.get("/api/tables/" + table.get("id") + "/views").data()).extracting(v -> v.get("type"))
                .containsExactly("grid", "form", "gallery");
    }

    // ---------------------------------------------------------------- names

    static Stream<String> hostileNames() {
        return Stream.of("Robert'); DROP TABLE students;--", "\"; DROP TABLE x; --", "a\"b", "back\\slash",
                "Größe & Maß", "名前", "🚀 launches 🎉", "x".repeat(100), "🚀".repeat(100), "$1 ? :name %s {0}",
                "co_public.dt_x", "SELECT * FROM rowan.users");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileTableAndFieldNamesAreStoredVerbatimAndNeverBecomeIdentifiers(String name) throws Exception {
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.x (id int)");
            s.execute("CREATE TABLE IF NOT EXISTS public.students (id int)");
        }
        ApiClient.Response r = api.post("/api/apps/" + app + "/tables", Map.of("name", name,
                "fields", List.of(Map.of("name", name, "type", "text"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Map<String, Object> table = r.map();
        assertThat(table.get("name")).isEqualTo(name);
        assertThat(Physical.column(field(table, name))).matches("f_[0-9a-f]{16}");
        assertThat(Sql.value("SELECT name FROM rowan.tables WHERE id = ?", table.get("id"))).isEqualTo(name);
        assertThat(Sql.value("SELECT name FROM rowan.fields WHERE table_id = ?", table.get("id"))).isEqualTo(name);
        assertThat(Sql.tableExists("public", "x")).isTrue();
        assertThat(Sql.tableExists("public", "students")).isTrue();
        // every identifier in the company's schema is made from ids (beside the file store's fixed tables, V10)
        String schema = Physical.schema(table);
        assertThat(Sql.rows("SELECT tablename FROM pg_tables WHERE schemaname = ?", schema))
                .allSatisfy(t -> assertThat((String) t.get("tablename"))
                        .matches("dt_[0-9a-f]{12}_[0-9a-f]{16}|files|file_blobs|file_chunks|file_thumbs"));
        assertThat(Sql.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                + "AND table_name LIKE 'dt\\_%'", schema))
                .allSatisfy(col -> assertThat((String) col.get("column_name"))
                        .matches("id|created_at|updated_at|created_by|updated_by|row_version|f_[0-9a-f]{16}"));
        // values round-trip under that name, and the field can be addressed by it
        String id = create(table, Map.of(name, name));
        assertThat(values(table, id)).containsEntry(name, name);
        ApiClient.Response renamed = api.patch("/api/tables/" + table.get("id"), Map.of("name", name + "!"));
        boolean fits = name.codePointCount(0, name.length()) < 100;
        assertThat(renamed.status()).isEqualTo(fits ? 200 : 422);
        assertThat(Sql.value("SELECT name FROM rowan.tables WHERE id = ?", table.get("id"))).isEqualTo(fits ? name + "!"
                : name);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("x".repeat(101), "at most 100"),
                Arguments.of("🚀".repeat(101), "at most 100"),
                Arguments.of("tab\tname", "control characters"),
                Arguments.of("line\nbreak", "control characters"),
                Arguments.of("nul\u0000", "NUL"),
                Arguments.of("   ", "blank"),
                Arguments.of("", "blank"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void invalidTableAndFieldNamesAreRejectedWithoutCreatingAnything(String name, String message) {
        long tables = Sql.count("SELECT count(*) FROM rowan.tables WHERE company_id = ?", api.companyId);
        long changes = Sql.changes(api.companyId);

        ApiClient.Response asTable = api.post("/api/apps/" + app + "/tables", Map.of("name", name));
        ApiClient.Response asField = api.post("/api/apps/" + app + "/tables", Map.of("name", "Ok " + message.hashCode()
                + name.hashCode(), "fields", List.of(Map.of("name", name, "type", "text"))));

        for (ApiClient.Response r : List.of(asTable, asField)) {
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat((String) r.get("detail")).contains(message);
        }
        assertThat(Sql.count("SELECT count(*) FROM rowan.tables WHERE company_id = ?", api.companyId)).isEqualTo(tables);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }

    @Test
    void fieldNamesAreUniqueIgnoringCase() {
        ApiClient.Response dup = api.post("/api/apps/" + app + "/tables", Map.of("name", "Dup fields",
                "fields", List.of(Map.of("name", "Title", "type", "text"), Map.of("name", "TITLE", "type", "number"))));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.isProblem()).isTrue();
        assertThat(Sql.count("SELECT count(*) FROM rowan.tables WHERE app_id = ? AND name = 'Dup fields'", app)).isZero();

        Map<String, Object> table = api.createTable(app, "Unique names", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Other", "type", "text")));
        String path = "/api/tables/" + table.get("id") + "/fields";
        assertThat(api.post(path, Map.of("name", "title", "type", "text")).status()).isEqualTo(409);
        assertThat(api.patch(path + "/" + field(table, "Other").get("id"), Map.of("name", "TiTlE")).status())
                .isEqualTo(409);
        assertThat(Sql.rows("SELECT name FROM rowan.fields WHERE table_id = ? ORDER BY position", table.get("id")))
                .extracting(m -> m.get("name")).containsExactly("Title", "Other");
        assertThat(Sql.columns(Physical.schema(table), Physical.table(table))).hasSize(8);
        // table names are unique in an app, too
        assertThat(api.post("/api/apps/" + app + "/tables", Map.of("name", "UNIQUE NAMES")).status()).isEqualTo(409);
    }

    // ---------------------------------------------------------------- schema changes holding data

    @Test
    void renameIsMetadataOnly() {
        Map<String, Object> table = api.createTable(app, "Rename", List.of(Map.of("name", "Old", "type", "text")));
        Map<String, Object> f = field(table, "Old");
        String id = create(table, Map.of("Old", "kept"));
        long version = Sql.count("SELECT version FROM rowan.tables WHERE id = ?", table.get("id"));

        ApiClient.Response r = api.patch("/api/tables/" + table.get("id") + "/fields/" + f.get("id"),
                Map.of("name", "New"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("name", "New").containsEntry("id", f.get("id"));
        assertThat(Sql.columns(Physical.schema(table), Physical.table(table)))
                .containsKey(Physical.column(f));
        assertThat(column(table, Physical.column(f))).containsEntry(id, "kept");
        assertThat(values(table, id)).isEqualTo(Map.of("New", "kept"));
        assertThat(Sql.count("SELECT version FROM rowan.tables WHERE id = ?", table.get("id"))).isGreaterThan(version);
    }

    @Test
    void fieldsAreAddedRemovedRestoredAndPurgedOnATableHoldingData() {
        Map<String, Object> table = api.createTable(app, "Lifecycle", List.of(Map.of("name", "Name", "type", "text"),
                Map.of("name", "Qty", "type", "number")));
        String tableId = (String) table.get("id");
        String schema = Physical.schema(table);
        String physical = Physical.table(table);
        String a = create(table, Map.of("Name", "a", "Qty", 1));
        String b = create(table, Map.of("Name", "b", "Qty", 2));

        ApiClient.Response added = api.post("/api/tables/" + tableId + "/fields", Map.of("name", "Note", "type",
                "long_text"));
        assertThat(added.status()).isEqualTo(201);
        String noteColumn = Physical.column(added.map());
        assertThat(Sql.columns(schema, physical)).containsEntry(noteColumn, "text");
        assertThat(values(table, a)).containsEntry("Note", null).containsEntry("Name", "a");
        api.patch(recordsPath(table) + "/" + a, Map.of("fields", Map.of("Note", "hello")));

        String qty = (String) field(table, "Qty").get("id");
        assertThat(api.delete("/api/tables/" + tableId + "/fields/" + qty).status()).isEqualTo(204);
        assertThat(fields(api.get("/api/tables/" + tableId).map())).extracting(f -> f.get("name"))
                .containsExactly("Name", "Note");
        assertThat(values(table, a)).doesNotContainKey("Qty");
        assertThat(api.get("/api/tables/" + tableId + "?includeRemoved=true").get("removedFields")).asList().hasSize(1);
        // hidden, not gone: the column and its data stay until purged
        assertThat(column(table, Physical.column(field(table, "Qty")))).containsEntry(a, "1")
                .containsEntry(b, "2");
        assertThat(api.delete("/api/tables/" + tableId + "/fields/" + qty).status()).isEqualTo(404);

        ApiClient.Response restored = api.post("/api/tables/" + tableId + "/fields/" + qty + "/restore", null);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(values(table, b)).containsEntry("Qty", 2);

        api.delete("/api/tables/" + tableId + "/fields/" + qty);
        assertThat(api.delete("/api/tables/" + tableId + "/fields/" + qty + "?purge=true").status()).isEqualTo(204);
        assertThat(Sql.columns(schema, physical)).doesNotContainKey(Physical.column(field(table, "Qty")));
        assertThat(Sql.count("SELECT count(*) FROM rowan.fields WHERE id = ?", qty)).isZero();
        assertThat(api.post("/api/tables/" + tableId + "/fields/" + qty + "/restore", null).status()).isEqualTo(404);
        assertThat(values(table, a)).isEqualTo(Map.of("Name", "a", "Note", "hello"));
        assertThat(Sql.rowCount(schema, physical)).isEqualTo(2);
        assertThat(Sql.rows("SELECT op FROM rowan.change_log WHERE entity = 'field' AND entity_id = ? ORDER BY seq", qty))
                .extracting(m -> m.get("op")).containsExactly("remove", "restore", "remove", "purge");
    }

    @Test
    void restoringAFieldWhoseNameWasTakenMeanwhileIsAConflict() {
        Map<String, Object> table = api.createTable(app, "Restore clash", List.of(Map.of("name", "Name", "type", "text")));
        String path = "/api/tables/" + table.get("id") + "/fields/";
        String old = (String) field(table, "Name").get("id");
        api.delete(path + old);
        assertThat(api.post("/api/tables/" + table.get("id") + "/fields", Map.of("name", "name", "type", "text"))
                .status()).isEqualTo(201);
        ApiClient.Response r = api.post(path + old + "/restore", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(Sql.value("SELECT hidden_at IS NOT NULL FROM rowan.fields WHERE id = ?", old)).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "text     | 12         | number  | 12",
            "text     | 1,234.5    | number  | 1235",
            "text     | yes        | boolean | true",
            "text     | 2026-01-31 | date    | 2026-01-31",
            "number   | 7          | text    | 7",
            "text     | 50%        | percent | 50"})
    void typeChangeConvertsExistingValues(String from, String value, String to, String expected) {
        Object raw = from.equals("number") ? Integer.parseInt(value) : value;
        Map<String, Object> table = api.createTable(app, "Convert " + from + to + value.hashCode(),
                List.of(Map.of("name", "V", "type", from)));
        String id = create(table, Map.of("V", raw));
        Map<String, Object> f = field(table, "V");

        ApiClient.Response r = api.patch("/api/tables/" + table.get("id") + "/fields/" + f.get("id"),
                Map.of("type", to));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("type", to).containsEntry("id", f.get("id"));
        assertThat(r.get("conversion")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("total", 1).containsEntry("failed", 0);
        Object shown = values(table, id).get("V");
        assertThat(String.valueOf(shown)).isEqualTo(expected);
        assertThat(column(table, Physical.column(f)).get(id)).isEqualTo(expected.equals("true") ? "true"
                : expected);
    }

    @Test
    void textTwelveBecomesTheNumberTwelveInANumericColumn() {
        Map<String, Object> table = api.createTable(app, "Twelve", List.of(Map.of("name", "V", "type", "text")));
        String id = create(table, Map.of("V", "12"));
        Map<String, Object> f = field(table, "V");
        api.patch("/api/tables/" + table.get("id") + "/fields/" + f.get("id"), Map.of("type", "number"));
        assertThat(columnType(table, Physical.column(f))).isEqualTo("numeric");
        assertThat(values(table, id).get("V")).isEqualTo(12);
        assertThat(Sql.value("SELECT \"" + Physical.column(f) + "\" FROM \"" + Physical.schema(table) + "\".\""
                + Physical.table(table) + "\"")).isEqualTo(new BigDecimal("12"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void unconvertibleValuesStopATypeChangeUntilTheCallerAsksToClearThem() {
        Map<String, Object> table = api.createTable(app, "Unconvertible", List.of(Map.of("name", "V", "type", "text"),
                Map.of("name", "Other", "type", "text")));
        Map<String, Object> f = field(table, "V");
        String col = Physical.column(f);
        String ok1 = create(table, Map.of("V", "12", "Other", "x"));
        String bad1 = create(table, Map.of("V", "twelve", "Other", "y"));
        String ok2 = create(table, Map.of("V", "3.5"));
        String bad2 = create(table, Map.of("V", "n/a"));
        String empty = create(table, Map.of("Other", "z"));
        String path = "/api/tables/" + table.get("id") + "/fields/" + f.get("id");
        Map<String, Object> before = column(table, col);
        long changes = Sql.changes(api.companyId);
        long version = Sql.count("SELECT version FROM rowan.tables WHERE id = ?", table.get("id"));

        ApiClient.Response refused = api.patch(path, Map.of("type", "number"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.isProblem()).isTrue();
        assertThat((String) refused.get("detail")).contains("2 of 4").contains("clearInvalid");
        Map<String, Object> conversion = (Map<String, Object>) refused.get("conversion");
        assertThat(conversion).containsEntry("total", 4).containsEntry("failed", 2).containsEntry("converted", 2);
        assertThat((List<Map<String, Object>>) conversion.get("examples")).extracting(e -> e.get("recordId"),
                e -> e.get("value")).containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(bad1, "twelve"),
                org.assertj.core.groups.Tuple.tuple(bad2, "n/a"));
        assertThat(columnType(table, col)).isEqualTo("text");
        assertThat(column(table, col)).isEqualTo(before);
        assertThat(Sql.value("SELECT type FROM rowan.fields WHERE id = ?", f.get("id"))).isEqualTo("text");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        assertThat(Sql.count("SELECT version FROM rowan.tables WHERE id = ?", table.get("id"))).isEqualTo(version);

        ApiClient.Response dry = api.patch(path + "?dryRun=true&clearInvalid=true", Map.of("type", "number"));
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.map()).containsEntry("dryRun", true);
        assertThat((Map<String, Object>) dry.get("conversion")).containsEntry("failed", 2);
        assertThat(columnType(table, col)).isEqualTo("text");
        assertThat(column(table, col)).isEqualTo(before);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);

        ApiClient.Response cleared = api.patch(path + "?clearInvalid=true", Map.of("type", "number",
                "config", Map.of("precision", 1)));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(columnType(table, col)).isEqualTo("numeric");
        Map<String, Object> after = column(table, col);
        assertThat(after).containsEntry(ok1, "12.0").containsEntry(ok2, "3.5").containsEntry(bad1, null)
                .containsEntry(bad2, null).containsEntry(empty, null).hasSize(5);
        assertThat(values(table, bad1)).containsEntry("Other", "y");
        assertThat(values(table, ok2).get("V")).isEqualTo(new BigDecimal("3.5"));
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fewerDecimalPlacesRoundTheStoredValuesAndMoreKeepThem() {
        Map<String, Object> table = api.createTable(app, "Rounding", List.of(Map.of("name", "Amount", "type", "number",
                "config", Map.of("precision", 2))));
        Map<String, Object> f = field(table, "Amount");
        String col = Physical.column(f);
        String a = create(table, Map.of("Amount", 1.25));
        String b = create(table, Map.of("Amount", 2.5));
        String empty = create(table, Map.of());
        String path = "/api/tables/" + table.get("id") + "/fields/" + f.get("id");

        // the shared rule (TypeChange.plan): fewer decimals convert, so what is stored is what everybody sees
        ApiClient.Response fewer = api.patch(path, Map.of("config", Map.of("precision", 0)));
        assertThat(fewer.status()).as(fewer.body()).isEqualTo(200);
        assertThat((Map<String, Object>) fewer.get("conversion")).containsEntry("total", 2).containsEntry("failed", 0);
        assertThat(column(table, col)).containsEntry(a, "1").containsEntry(b, "3").containsEntry(empty, null);
        // a filter compares with the stored value, which is the value shown (1 is not > 1.1)
        assertThat(api.post(recordsPath(table) + "/query", Map.of("filter", Map.of("field", "Amount", "operator", "gt",
                "value", 1.1))).data()).extracting(r -> r.get("id")).containsExactly(b);

        // more decimals keep every value: metadata only, and no digits come back
        ApiClient.Response more = api.patch(path, Map.of("config", Map.of("precision", 3)));
        assertThat(more.status()).as(more.body()).isEqualTo(200);
        assertThat(more.map()).doesNotContainKey("conversion");
        assertThat(column(table, col)).containsEntry(a, "1").containsEntry(b, "3");
        assertThat(values(table, a).get("Amount")).isEqualTo(new BigDecimal("1.000"));
    }

    @Test
    void dryRunOfARenameChangesNothing() {
        Map<String, Object> table = api.createTable(app, "Dry rename", List.of(Map.of("name", "V", "type", "text")));
        Map<String, Object> f = field(table, "V");
        ApiClient.Response r = api.patch("/api/tables/" + table.get("id") + "/fields/" + f.get("id") + "?dryRun=true",
                Map.of("name", "W"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("name", "W").containsEntry("dryRun", true);
        assertThat(Sql.value("SELECT name FROM rowan.fields WHERE id = ?", f.get("id"))).isEqualTo("V");
    }

    @Test
    @SuppressWarnings("unchecked")
    void relabellingASelectOptionRelabelsExistingRecordsWhileStorageKeepsTheId() {
        Map<String, Object> table = api.createTable(app, "Relabel", List.of(
                Map.of("name", "Status", "type", "single_select", "options", List.of("Open", "Closed")),
                Map.of("name", "Tags", "type", "multiple_select", "options", List.of("Red", "Blue"))));
        Map<String, Object> status = field(table, "Status");
        List<Map<String, Object>> options = (List<Map<String, Object>>) ((Map<String, Object>) status.get("config"))
                .get("options");
        String openId = (String) options.getFirst().get("id");
        String closedId = (String) options.get(1).get("id");
        String rec = create(table, Map.of("Status", "Open", "Tags", List.of("Red", "Blue")));
        String other = create(table, Map.of("Status", "Closed"));
        String col = Physical.column(status);
        assertThat(column(table, col)).containsEntry(rec, openId).containsEntry(other, closedId);

        List<Map<String, Object>> relabelled = new ArrayList<>();
        relabelled.add(Map.of("id", openId, "label", "In progress", "color", "blue"));
        relabelled.add(Map.of("id", closedId, "label", "Finished"));
        ApiClient.Response r = api.patch("/api/tables/" + table.get("id") + "/fields/" + status.get("id"),
                Map.of("config", Map.of("options", relabelled)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        assertThat(values(table, rec)).containsEntry("Status", "In progress");
        assertThat(values(table, other)).containsEntry("Status", "Finished");
        assertThat(column(table, col)).containsEntry(rec, openId).containsEntry(other, closedId);
        assertThat(columnType(table, col)).isEqualTo("text");
        // the new label is what filters and writes use now
        assertThat(api.get(recordsPath(table) + "?filter=" + ApiClient.q(
                "{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"In progress\"}")).data())
                .extracting(m -> m.get("id")).containsExactly(rec);
        assertThat(api.post(recordsPath(table), Map.of("fields", Map.of("Status", "Open"))).status()).isEqualTo(422);

        // multiple select: relabel too, storage keeps the ids
        Map<String, Object> tags = field(table, "Tags");
        List<Map<String, Object>> tagOptions = (List<Map<String, Object>>) ((Map<String, Object>) tags.get("config"))
                .get("options");
        api.patch("/api/tables/" + table.get("id") + "/fields/" + tags.get("id"), Map.of("options", List.of(
                Map.of("id", tagOptions.get(0).get("id"), "label", "Crimson"),
                Map.of("id", tagOptions.get(1).get("id"), "label", "Navy"))));
        assertThat(values(table, rec)).containsEntry("Tags", List.of("Crimson", "Navy"));
        assertThat(column(table, Physical.column(tags)).get(rec)).isEqualTo("{" + tagOptions.get(0).get("id")
                + "," + tagOptions.get(1).get("id") + "}");
    }

    @Test
    void aUniqueFieldRejectsDuplicatesNamingTheField() {
        Map<String, Object> table = api.createTable(app, "Unique values", List.of(
                Map.of("name", "Code", "type", "text", "unique", true), Map.of("name", "Note", "type", "text")));
        create(table, Map.of("Code", "A-1", "Note", "first"));
        long changes = Sql.changes(api.companyId);

        ApiClient.Response dup = api.post(recordsPath(table), Map.of("fields", Map.of("Code", "A-1", "Note", "second")));

        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.isProblem()).isTrue();
        assertThat((String) dup.get("detail")).contains("Code").doesNotContain("f_");
        assertThat(Sql.rowCount(Physical.schema(table), Physical.table(table))).isEqualTo(1);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);

        // making an existing field unique over duplicate data fails and leaves it non-unique
        create(table, Map.of("Code", "B", "Note", "first"));
        String note = (String) field(table, "Note").get("id");
        ApiClient.Response r = api.patch("/api/tables/" + table.get("id") + "/fields/" + note, Map.of("unique", true));
        assertThat(r.status()).isEqualTo(409);
        assertThat(Sql.value("SELECT is_unique FROM rowan.fields WHERE id = ?", note)).isEqualTo(false);
        assertThat(api.post(recordsPath(table), Map.of("fields", Map.of("Code", "C", "Note", "first"))).status())
                .isEqualTo(201);
    }

    @Test
    void deletingATableDropsItsPhysicalTable() {
        Map<String, Object> table = api.createTable(app, "Drop me", List.of(Map.of("name", "V", "type", "text")));
        create(table, Map.of("V", "x"));
        String schema = Physical.schema(table);
        String physical = Physical.table(table);
        assertThat(Sql.tableExists(schema, physical)).isTrue();
        assertThat(api.delete("/api/tables/" + table.get("id")).status()).isEqualTo(204);
        assertThat(Sql.tableExists(schema, physical)).isFalse();
        assertThat(Sql.count("SELECT count(*) FROM rowan.fields WHERE table_id = ?", table.get("id"))).isZero();
        assertThat(api.get("/api/tables/" + table.get("id")).status()).isEqualTo(404);
    }
}
