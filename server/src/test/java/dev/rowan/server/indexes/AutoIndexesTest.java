package dev.rowan.server.indexes;

import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import dev.rowan.server.tables.TableRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a table created without index flags gets the index its repeated queries need, built in the background
 * on the real PostgreSQL, used by the planner, within the budget, dropped when unused; a build that fails leaves no
 * INVALID index behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoIndexesTest {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    private static final String FILTER = "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Qty\",\"operator\":\"gt\","
            + "\"value\":100},{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"B\"}]}";
    private static final String CONTAINS = "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Title\","
            + "\"operator\":\"contains\",\"value\":\"alph\"}]}";
    private static final String BY_DUE_DESC = "[{\"field\":\"Due\",\"direction\":\"desc\"}]";

    private static ApiClient owner;
    private static String app;

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant();
        app = owner.createApp("Fast by default");
    }

    /** A table as people create it: no index flags. */
    private static Map<String, Object> table(String name, int rows) {
        var t = owner.createTable(app, name, List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Due", "type", "date"),
                Map.of("name", "Status", "type", "single_select", "config", Map.of("options", List.of("A", "B", "C", "D")))));
        Random r = new Random(7);
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            recs.add(Map.of("fields", Map.of("Title", WORDS[r.nextInt(WORDS.length)] + " " + i, "Qty", r.nextInt(1000),
                    "Due", LocalDate.of(2020, 1, 1).plusDays(r.nextInt(3650)).toString(),
                    "Status", List.of("A", "B", "C", "D").get(r.nextInt(4)))));
        }
        var res = owner.post("/api/tables/" + t.get("id") + "/records/bulk", Map.of("records", recs));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.get("created")).isEqualTo(rows);
        return t;
    }

    private static ApiClient.Response page(ApiClient c, Map<String, Object> t, String filter, String sort) {
        var r = c.get("/api/tables/" + t.get("id") + "/records?limit=50&sort=" + ApiClient.q(sort)
                + (filter == null ? "" : "&filter=" + ApiClient.q(filter)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static List<String> autoIndexNames(Map<String, Object> t) {
        return Sql.rows("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? AND indexname "
                        + "LIKE 'ax\\_%' ORDER BY indexname", Physical.schema(t), Physical.table(t)).stream()
                .map(r -> (String) r.get("indexname")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> automatic(ApiClient c, Map<String, Object> t) {
        var r = c.get("/api/tables/" + t.get("id") + "/indexes");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) r.get("automatic");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(100);
        }
    }

    /** EXPLAIN of the very SQL the server runs for this page, compiled by the server's own compiler. */
    private static String explain(Map<String, Object> t, String filter, String sort) throws Exception {
        try (Connection c = TestServer.jdbc()) {
            TableDef def = new TableRepository(TestServer.get().database().dbClient(), true)
                    .load(c, owner.companyId, Physical.schema(t), UUID.fromString((String) t.get("id")))
                    .orElseThrow();
            SqlFragment q = new RecordSql(SqlDialect.POSTGRES).page(def, QueryParser.parseFilter(filter),
                    QueryParser.parseSort(sort), null, 50);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
                q.bind(SqlDialect.POSTGRES, ps, 1);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
                return plan.toString();
            }
        }
    }

    @Test
    @Order(1)
    void aRepeatedFilteredSortedQueryGetsItsIndexAndThePlannerUsesIt() throws Exception {
        var t = table("Orders", 20_000);
        assertThat(autoIndexNames(t)).isEmpty();
        assertThat(explain(t, FILTER, BY_DUE_DESC)).doesNotContain("ax_");
        var first = page(owner, t, FILTER, BY_DUE_DESC);
        page(owner, t, FILTER, BY_DUE_DESC);
        assertThat(automatic(owner, t)).as("not before the threshold").isEmpty();
        page(owner, t, FILTER, BY_DUE_DESC);

        await("the automatic index is ready", () -> automatic(owner, t).stream()
                .anyMatch(a -> "ready".equals(a.get("state"))));
        Map<String, Object> built = automatic(owner, t).getFirst();
        assertThat(built.get("kind")).isEqualTo("btree");
        // equality column first, then the sort key in its direction, then the page's tie-breaker
        assertThat(built.get("fields")).isEqualTo(List.of(
                Map.of("field", "Status", "fieldId", ApiClient.fieldId(t, "Status"), "direction", "asc"),
                Map.of("field", "Due", "fieldId", ApiClient.fieldId(t, "Due"), "direction", "desc"),
                Map.of("field", "id", "direction", "asc")));
        assertThat((String) built.get("reason")).contains("3 times");

        List<String> names = autoIndexNames(t);
        assertThat(names).hasSize(1);
        assertThat(Sql.value("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
                Physical.schema(t) + "." + names.getFirst())).isEqualTo(true);
        String plan = explain(t, FILTER, BY_DUE_DESC);
        assertThat(plan).as(plan).contains("Index Scan using " + names.getFirst()).doesNotContain("Seq Scan");
        // and the answer is the same as before the index
        assertThat(page(owner, t, FILTER, BY_DUE_DESC).data()).isEqualTo(first.data());
    }

    @Test
    @Order(2)
    void aRepeatedTextContainsGetsATrigramIndexAndASortIndex() throws Exception {
        var t = table("Notes", 20_000);
        for (int i = 0; i < 3; i++) page(owner, t, CONTAINS, BY_DUE_DESC);
        await("both automatic indexes are ready", () -> automatic(owner, t).stream()
                .filter(a -> "ready".equals(a.get("state"))).count() == 2);
        assertThat(automatic(owner, t)).extracting(a -> a.get("kind")).containsExactlyInAnyOrder("btree", "trigram");
        assertThat(Sql.value("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = ? AND indexdef "
                + "LIKE '%gin_trgm_ops%' AND indexname LIKE 'ax\\_%'", Physical.schema(t), Physical.table(t)))
                .isNotNull();
        assertThat(explain(t, CONTAINS, BY_DUE_DESC)).contains("using ax_");
    }

    @Test
    @Order(3)
    void theBudgetCapsAutomaticIndexesPerTable() throws Exception {
        var t = table("Many shapes", 6_000);
        List<String> sorts = List.of("[{\"field\":\"Qty\",\"direction\":\"asc\"}]",
                "[{\"field\":\"Qty\",\"direction\":\"desc\"}]", "[{\"field\":\"Due\",\"direction\":\"asc\"}]",
                BY_DUE_DESC, "[{\"field\":\"Qty\",\"direction\":\"asc\"},{\"field\":\"Due\",\"direction\":\"desc\"}]",
                "[{\"field\":\"Due\",\"direction\":\"desc\"},{\"field\":\"Qty\",\"direction\":\"asc\"}]",
                "[{\"field\":\"updatedAt\",\"direction\":\"desc\"}]");
        for (String sort : sorts) {
            for (int i = 0; i < 3; i++) page(owner, t, null, sort);
        }
        int budget = TestServer.get().autoIndexes().settings().budget();
        assertThat(budget).isLessThan(sorts.size());
        await("every shape was decided", () -> {
            @SuppressWarnings("unchecked")
            var cands = (List<Map<String, Object>>) owner.get("/api/tables/" + t.get("id") + "/indexes")
                    .get("candidates");
            return cands.stream().noneMatch(c -> List.of("queued", "building").contains(c.get("status")))
                    && automatic(owner, t).stream().noneMatch(a -> "building".equals(a.get("state")));
        });
        assertThat(automatic(owner, t)).hasSize(budget).allMatch(a -> "ready".equals(a.get("state")));
        assertThat(autoIndexNames(t)).hasSize(budget);
        @SuppressWarnings("unchecked")
        var cands = (List<Map<String, Object>>) owner.get("/api/tables/" + t.get("id") + "/indexes").get("candidates");
        assertThat(cands).anyMatch(c -> "over budget".equals(c.get("status")));
    }

    @Test
    @Order(4)
    void anIndexUnusedForTheConfiguredTimeIsDroppedAndAUsedOneStays() throws Exception {
        var used = table("Used", 6_000);
        var unused = table("Unused", 6_000);
        String byQty = "[{\"field\":\"Qty\",\"direction\":\"desc\"}]";
        for (int i = 0; i < 3; i++) {
            page(owner, used, null, byQty);
            page(owner, unused, null, byQty);
        }
        await("both are ready", () -> automatic(owner, used).size() == 1 && automatic(owner, unused).size() == 1
                && "ready".equals(automatic(owner, used).getFirst().get("state"))
                && "ready".equals(automatic(owner, unused).getFirst().get("state")));
        page(owner, used, null, byQty);
        String usedIndex = autoIndexNames(used).getFirst();
        await("PostgreSQL counted the scan", () -> Sql.count("SELECT coalesce(sum(idx_scan), 0) FROM "
                + "pg_stat_user_indexes WHERE indexrelname = ?", usedIndex) > 0);

        TestServer.get().autoIndexes().sweep(Duration.ZERO);

        assertThat(autoIndexNames(unused)).isEmpty();
        assertThat(automatic(owner, unused)).isEmpty();
        assertThat(autoIndexNames(used)).containsExactly(usedIndex);
        assertThat(automatic(owner, used).getFirst().get("scans")).isNotEqualTo(0);
    }

    @Test
    @Order(5)
    void anIndexDroppedWithItsFieldIsShownAsGoneAndForgotten() throws Exception {
        var t = table("Purged", 6_000);
        String byQty = "[{\"field\":\"Qty\",\"direction\":\"asc\"}]";
        for (int i = 0; i < 3; i++) page(owner, t, null, byQty);
        await("ready", () -> automatic(owner, t).stream().anyMatch(a -> "ready".equals(a.get("state"))));
        var purge = owner.delete("/api/tables/" + t.get("id") + "/fields/" + ApiClient.fieldId(t, "Qty") + "?purge=true");
        assertThat(purge.status()).as(purge.body()).isEqualTo(204);
        assertThat(autoIndexNames(t)).isEmpty();
        assertThat(automatic(owner, t)).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("gone"));
        TestServer.get().autoIndexes().sweep(Duration.ofDays(1));
        assertThat(automatic(owner, t)).isEmpty();
    }

    @Test
    @Order(6)
    void aBuildThatIsCancelledLeavesNoInvalidIndex() throws Exception {
        var t = table("Blocked", 6_000);
        String qualified = Physical.schema(t) + "." + Physical.table(t);
        try (RowanServer impatient = RowanServer.start(TestServer.settings(Map.of(
                "ROWAN_AUTO_INDEX_THRESHOLD", "1", "ROWAN_AUTO_INDEX_BUILD_TIMEOUT_MS", "3000")));
             Connection blocker = TestServer.jdbc()) {
            ApiClient c = new ApiClient("http://127.0.0.1:" + impatient.port());
            c.token(owner.token());
            // an open writing transaction: CREATE INDEX CONCURRENTLY waits for it after making its (invalid) index
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE " + qualified + " IN ROW EXCLUSIVE MODE");
            }
            page(c, t, null, "[{\"field\":\"Qty\",\"direction\":\"asc\"}]");
            String invalidSql = "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
                    + "WHERE i.indrelid = to_regclass(?) AND x.relname LIKE 'ax\\_%' AND NOT i.indisvalid";
            await("the build made its invalid index and waits", () -> Sql.count(invalidSql, qualified) == 1);
            await("the build timed out", () -> automatic(c, t).stream().anyMatch(a -> "failed".equals(a.get("state"))));
            blocker.rollback();
            await("what the failed build left is gone", () -> Sql.count("SELECT count(*) FROM pg_index i JOIN "
                    + "pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = to_regclass(?) AND x.relname LIKE "
                    + "'ax\\_%'", qualified) == 0);
            assertThat(automatic(c, t)).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("failed"));
            // and the table works as before
            assertThat(page(c, t, null, "[{\"field\":\"Qty\",\"direction\":\"asc\"}]").data()).hasSize(50);
        }
    }
}
