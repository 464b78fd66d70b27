package dev.rowan.server.views;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first {@code /groups} read after a schema change and after a server start (slice h-groupscold): an answer is
 * kept under what it reads ({@link GroupsQuestion}), so unrelated schema changes keep it and a change of a read field
 * does not; answers are stored ({@link GroupsStore}) and a newly started server on the same database loads them (at
 * its first write to the table, or its first read) and catches them up from the change log — or reads in full when
 * the log holds a write no process kept a step of for that answer. Every answer
 * is compared with a computation in Java over all records as the records API lists them.
 */
class GroupsColdTest {
    private static final String PASSWORD = "correct horse battery staple";

    private final Random random = new Random(30);
    private final List<RowanServer> started = new ArrayList<>();
    private String email;
    private UUID company;
    private ApiClient api;
    private Map<String, Object> table;
    private String tableId;
    private String question;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestServer.get();
        email = "owner-" + UUID.randomUUID() + "@test.rowan";
        company = TestServer.createTenant(email, PASSWORD);
        api = client(TestServer.baseUrl());
        table = api.createTable(api.createApp("Cold"), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Status", "type", "single_select", "options", GroupFigures.STATUS),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS)));
        tableId = (String) table.get("id");
        bulk(api, 200);
        var view = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        question = "/api/views/" + view.id() + "/groups?groupBy=Status,Team&aggregate=Qty,Price";
        assertExact(api, Read.ANY);
    }

    @AfterEach
    void stopStarted() {
        started.forEach(RowanServer::close);
    }

    @Test
    void schemaChangesThatTouchNothingReadKeepTheAnswer() {
        long full = GroupsCache.FULL.get();
        long stepped = GroupsCache.STEPPED.get();
        var note = api.post(fields(), Map.of("name", "Note", "type", "text"));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertExact(api, Read.KEPT);
        assertThat(api.patch(fields() + "/" + fieldId("Title"), Map.of("name", "Name")).status()).isEqualTo(200);
        assertExact(api, Read.KEPT);
        // another field's type changed, converting (and here clearing) its values
        var retyped = api.patch(fields() + "/" + fieldId("Title") + "?clearInvalid=true", Map.of("type", "number"));
        assertThat(retyped.status()).as(retyped.body()).isEqualTo(200);
        assertExact(api, Read.KEPT);
        assertThat(api.delete(fields() + "/" + note.id()).status()).isIn(200, 204);
        assertExact(api, Read.KEPT);
        var another = api.post("/api/tables/" + tableId + "/views", Map.of("name", "W", "type", "grid", "config", Map.of()));
        assertThat(another.status()).isEqualTo(201);
        assertExact(api, Read.KEPT);
        // writes after the schema changes are still followed (their steps name the same question)
        assertThat(api.patch(records() + "/" + ids.get(3), Map.of("fields", Map.of("Qty", 77, "Team", "Blue"))).status())
                .isEqualTo(200);
        assertExact(api, Read.KEPT);
        assertThat(api.delete(records() + "/" + ids.remove(4)).status()).isIn(200, 204);
        assertExact(api, Read.KEPT);
        assertThat(GroupsCache.FULL.get() - full).as("full reads").isZero();
        assertThat(GroupsCache.STEPPED.get() - stepped).as("caught up").isGreaterThanOrEqualTo(7);
    }

    @Test
    void aChangeOfAReadFieldIsANewQuestion() {
        // fewer decimals round the stored values; more decimals again give the very same definition as before, but
        // the values stay rounded: the change log's field rows make both a full read
        var fewer = api.patch(fields() + "/" + fieldId("Price"), Map.of("config", Map.of("currencyCode", "EUR",
                "precision", 0)));
        assertThat(fewer.status()).as(fewer.body()).isEqualTo(200);
        assertExact(api, Read.FULL);
        var more = api.patch(fields() + "/" + fieldId("Price"), Map.of("config", Map.of("currencyCode", "EUR",
                "precision", 2)));
        assertThat(more.status()).as(more.body()).isEqualTo(200);
        assertExact(api, Read.FULL);
        // a group field's options change
        var options = api.patch(fields() + "/" + fieldId("Team"), Map.of("options", List.of("Red", "Blue", "Green",
                "Grey")));
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        assertExact(api, Read.FULL);
        // a read field renamed: same columns and types, but a field change all the same
        assertThat(api.patch(fields() + "/" + fieldId("Qty"), Map.of("name", "Quantity")).status()).isEqualTo(200);
        table = api.get("/api/tables/" + tableId).map();
        question = question.replace("Qty", "Quantity");
        assertExact(api, Read.FULL);
        assertExact(api, Read.KEPT);
    }

    @Test
    void storedAnswersOutliveTheServerAndCatchUpWithWritesOfEveryKind() {
        // updates of a read field and of another field, followed and stored again in the background
        assertThat(api.patch(records() + "/" + ids.get(1), Map.of("fields", Map.of("Qty", 50))).status()).isEqualTo(200);
        assertThat(api.patch(records() + "/" + ids.get(2), Map.of("fields", Map.of("Title", "x"))).status())
                .isEqualTo(200);
        awaitStoredAtHead(tableId);

        // a new server: its first write to the table takes the stored answer in (no read yet), so the write is followed
        ApiClient b = client(start());
        long warmed = GroupsCache.WARMED.get();
        long loaded = GroupsCache.LOADED.get();
        long stepped = GroupsCache.STEPPED.get();
        assertThat(b.patch(records() + "/" + ids.get(5), Map.of("fields", Map.of("Qty", 0, "Status", "Done"))).status())
                .isEqualTo(200);
        assertThat(GroupsCache.WARMED.get() - warmed).as("taken in at the first write").isEqualTo(1);
        assertExact(b, Read.KEPT);
        assertThat(GroupsCache.LOADED.get() - loaded).as("already kept: not loaded again").isZero();
        assertThat(GroupsCache.STEPPED.get() - stepped).as("caught up").isEqualTo(1);
        // creates of every path (read by id when catching up)
        String one = newId();
        assertThat(b.post(records(), Map.of("id", one, "fields", GroupFigures.randomFields(random))).status()).isEqualTo(201);
        ids.add(one);
        bulk(b, 20);
        push(b, List.of(mutation("CREATE", newId(), Map.of("fields", byId(GroupFigures.randomFields(random))))));
        assertExact(b, Read.KEPT);

        // every other kind of write on the new server, each read caught up
        assertThat(b.delete(records() + "/" + ids.remove(6)).status()).isIn(200, 204);
        assertExact(b, Read.KEPT);
        List<String> gone = new ArrayList<>(ids.subList(10, 15));
        assertThat(b.post(records() + "/bulk-delete", Map.of("ids", gone)).status()).isEqualTo(200);
        ids.removeAll(gone);
        assertExact(b, Read.KEPT);
        push(b, List.of(mutation("UPDATE", ids.get(20), Map.of("fields", byId(Map.of("Price", 0.5, "Team", "Red")))),
                mutation("DELETE", ids.remove(21), Map.of())));
        assertExact(b, Read.ANY); // exact; caught up unless the delete took its group's min or max
        bulk(b, 10);
        assertExact(b, Read.KEPT);
        // an update nobody read yet, then at once a graceful stop: the stop catches the answer up (the catch-up queued
        // after the write has not run yet) and stores it
        assertThat(b.patch(records() + "/" + ids.get(30), Map.of("fields", Map.of("Qty", 1))).status()).isEqualTo(200);
        started.removeLast().close();
        assertThat(storedVersion(tableId)).as("stored at the stop").isEqualTo(head());

        // creates through the first server (its kept answer is behind the other server's updates: not stored again)
        bulk(api, 15);
        String two = newId();
        assertThat(api.post(records(), Map.of("id", two, "fields", GroupFigures.randomFields(random))).status()).isEqualTo(201);
        ids.add(two);
        assertThat(storedVersion(tableId)).isLessThan(head());

        // a third server loads the stored answer at its first read and catches up with those creates
        ApiClient c = client(start());
        loaded = GroupsCache.LOADED.get();
        stepped = GroupsCache.STEPPED.get();
        assertExact(c, Read.KEPT);
        assertThat(GroupsCache.LOADED.get() - loaded).as("taken from the store").isEqualTo(1);
        assertThat(GroupsCache.STEPPED.get() - stepped).as("caught up").isEqualTo(1);
        // the first server's answer, kept in its memory, missed the others' updates: it reads in full, exactly
        assertExact(api, Read.FULL);
    }

    @Test
    void aStoredAnswerThatCannotBeCaughtUpIsReadInFull() {
        ApiClient b = client(start());
        // the new server writes to the table first (nothing of it kept or stored yet for this question)...
        String other = (String) api.createTable(api.createApp("Later"), "Other", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Status", "type", "single_select", "options", GroupFigures.STATUS),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS))).get("id");
        tableId = other;
        table = api.get("/api/tables/" + other).map();
        ids.clear();
        bulk(api, 100);
        assertThat(b.patch(records() + "/" + ids.get(1), Map.of("fields", Map.of("Title", "first"))).status())
                .isEqualTo(200);
        // ...then the first server reads and stores an answer...
        var view = api.post("/api/tables/" + other + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        question = "/api/views/" + view.id() + "/groups?groupBy=Status,Team&aggregate=Qty,Price";
        assertExact(api, Read.FULL);
        awaitStoredAtHead(other);
        // ...and the new server updates a read field: no process kept a step of it for that answer
        assertThat(b.patch(records() + "/" + ids.get(7), Map.of("fields", Map.of("Qty", 49, "Team", "Green"))).status())
                .isEqualTo(200);
        ApiClient c = client(start());
        long loaded = GroupsCache.LOADED.get();
        assertExact(c, Read.FULL);
        assertThat(GroupsCache.LOADED.get() - loaded).as("taken from the store, then given up").isEqualTo(1);
        assertExact(c, Read.KEPT);
        // a deleted table takes its stored answers along
        awaitStoredAtHead(other);
        assertThat(api.delete("/api/tables/" + other).status()).isIn(200, 204);
        assertThat(Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid", other)).isZero();
    }

    @Test
    void storedAnswersOfEveryKindOfKeyReadBackAsTheyWere() {
        String kinds = (String) api.createTable(api.createApp("Kinds"), "Kinds", List.of(
                Map.of("name", "Label", "type", "text"),
                Map.of("name", "Amount", "type", "number", "precision", 2),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Day", "type", "date"),
                Map.of("name", "When", "type", "date", "includeTime", true),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS))).get("id");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> f = new HashMap<>();
            f.put("Label", i % 7 == 0 ? null : "label " + (i % 4) + " ünïcødé \"quoted\"");
            f.put("Amount", i % 9 == 0 ? null : (i % 5) + 0.25 * (i % 3));
            f.put("Done", i % 6 == 0 ? null : i % 2 == 0);
            f.put("Day", i % 8 == 0 ? null : "2026-0" + (1 + i % 3) + "-1" + (i % 4));
            f.put("When", i % 10 == 0 ? null : "2026-11-2" + (i % 3) + "T0" + (i % 4) + ":30:00Z");
            f.put("Team", GroupFigures.TEAMS.get(i % 3));
            rows.add(Map.of("fields", f));
        }
        assertThat(api.post("/api/tables/" + kinds + "/records/bulk", Map.of("records", rows)).status()).isEqualTo(200);
        var view = api.post("/api/tables/" + kinds + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        List<String> asked = List.of("groupBy=Day,Done,When&aggregate=Amount", "groupBy=Amount,Label&aggregate=Amount",
                "groupBy=Team,Done&aggregate=Amount&filter=" + ApiClient.q(
                        "{\"field\":\"Label\",\"operator\":\"contains\",\"value\":\"1\"}"));
        Map<String, Object> before = new HashMap<>();
        for (String q : asked) {
            var r = api.get("/api/views/" + view.id() + "/groups?" + q);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            before.put(q, r.map());
        }
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid AND version = ?", kinds,
                head()) < asked.size() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ApiClient b = client(start());
        long loaded = GroupsCache.LOADED.get();
        long full = GroupsCache.FULL.get();
        for (String q : asked) {
            var r = b.get("/api/views/" + view.id() + "/groups?" + q);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.map()).as(q).isEqualTo(before.get(q));
        }
        assertThat(GroupsCache.LOADED.get() - loaded).as("taken from the store").isEqualTo(asked.size());
        assertThat(GroupsCache.FULL.get() - full).as("read in full").isZero();
    }

    // ------------------------------------------------------------------------------------------------ servers

    /** Another server on the same database (a restart as far as kept answers go), its base URL. */
    private String start() {
        RowanServer s = RowanServer.start(TestServer.settings(Map.of()));
        started.add(s);
        return "http://127.0.0.1:" + s.port();
    }

    private ApiClient client(String base) {
        ApiClient c = new ApiClient(base);
        assertThat(c.login(email, PASSWORD).status()).isEqualTo(200);
        c.companyId = company;
        return c;
    }

    private long head() {
        return Sql.count("SELECT change_seq FROM rowan.companies WHERE id = ?", company);
    }

    /** The version of the one answer stored for {@code table}. */
    private long storedVersion(String table) {
        var rows = Sql.rows("SELECT version FROM rowan.kept_groups WHERE table_id = ?::uuid", table);
        assertThat(rows).as("stored answers").hasSize(1);
        return ((Number) rows.getFirst().get("version")).longValue();
    }

    /** Waits until the background writer stored the answer of {@code table} at the company's current sequence. */
    private void awaitStoredAtHead(String table) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!Sql.rows("SELECT 1 FROM rowan.kept_groups WHERE table_id = ?::uuid AND version = ?", table, head())
                    .isEmpty()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the answer was not stored at " + head() + ": " + Sql.rows(
                "SELECT version FROM rowan.kept_groups WHERE table_id = ?::uuid", table));
    }

    // ------------------------------------------------------------------------------------------------ writes

    private void bulk(ApiClient on, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Map.of("id", newId(), "fields", GroupFigures.randomFields(random)));
        var r = on.post(records() + "/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        rows.forEach(x -> ids.add((String) x.get("id")));
    }

    private void push(ApiClient on, List<Map<String, Object>> mutations) {
        var r = on.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", mutations));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("REJECTED").doesNotContain("CONFLICT");
        for (var m : mutations) if ("CREATE".equals(m.get("op"))) ids.add((String) m.get("entityId"));
    }

    private Map<String, Object> mutation(String op, String id, Map<String, Object> payload) {
        return Map.of("mutationId", newId(), "op", op, "entity", "RECORD", "entityId", id, "parentId", tableId,
                "payload", payload);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private String records() {
        return "/api/tables/" + tableId + "/records";
    }

    private String fields() {
        return "/api/tables/" + tableId + "/fields";
    }

    private String fieldId(String name) {
        return ApiClient.fieldId(table, name);
    }

    private Map<String, Object> byId(Map<String, Object> byName) {
        Map<String, Object> out = new HashMap<>();
        byName.forEach((k, v) -> out.put(fieldId(k), v));
        return out;
    }


    // ------------------------------------------------------------------------------------------------ checking

    private enum Read { KEPT, FULL, ANY }

    /**
     * The answer on {@code on} equals the same figures computed in Java over every record the records API lists;
     * {@code KEPT}: not read in full (kept, loaded or caught up), {@code FULL}: read in full.
     */
    private void assertExact(ApiClient on, Read how) {
        String qty = question.contains("Quantity") ? "Quantity" : "Qty";
        long full = GroupsCache.FULL.get();
        var got = on.get(question);
        long fullReads = GroupsCache.FULL.get() - full;
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        if (how == Read.KEPT) assertThat(fullReads).as("read in full").isZero();
        if (how == Read.FULL) assertThat(fullReads).as("read in full").isEqualTo(1);
        GroupFigures.assertMatchesRecords(on, records(), got.map(), qty);
    }

}
