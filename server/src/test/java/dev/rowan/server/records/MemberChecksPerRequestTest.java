package dev.rowan.server.records;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk create checks user fields against the company's members with one query per request, not one per row
 * (issue 12, h-fieldgaps), and still refuses exactly the rows naming someone who is not a current member.
 */
class MemberChecksPerRequestTest {

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bulkCreateRefusesOnlyTheRowsNamingStrangers() {
        ApiClient owner = TestServer.newTenant();
        String ownerId = me(owner);
        String strangerId = me(TestServer.newTenant());
        Map<String, Object> t = owner.createTable(owner.createApp("Bulk"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Owner", "type", "user")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(Map.of("fields", Map.of("Title", "t" + i, "Owner", i == 7 || i == 250 ? strangerId : ownerId)));
        }
        ApiClient.Response r = owner.post("/api/tables/" + t.get("id") + "/records/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(((Number) r.map().get("created")).intValue()).isEqualTo(298);
        assertThat(((Number) r.map().get("failed")).intValue()).isEqualTo(2);
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.map().get("results");
        assertThat(results.stream().filter(m -> !"created".equals(m.get("status")))
                .map(m -> ((Number) m.get("index")).intValue())).containsExactly(7, 250);
        assertThat(r.body()).contains("records[7].fields.Owner[0]", "is not a member of this company");
    }

    @Test
    void aBatchReadsTheMembersOnceForAllRows() throws Exception {
        ApiClient owner = TestServer.newTenant();
        UUID ownerId = UUID.fromString(me(owner));
        String strangerId = me(TestServer.newTenant());
        FieldDef who = FieldDef.of(UUID.randomUUID(), "Who", new FieldType.User(true));
        FieldDef title = FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text());
        try (Connection real = TestServer.jdbc()) {
            AtomicInteger statements = new AtomicInteger();
            Connection counted = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, m, args) -> {
                        if (m.getName().startsWith("prepare") || m.getName().equals("createStatement")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Principal p = new Principal(ownerId, owner.companyId, "unused", "owner", "127.0.0.1", "test");
            MemberNames.Batch batch = new MemberNames.Batch(counted, p);
            Map<FieldDef, Object> none = new HashMap<>();
            none.put(title, "no members named");
            batch.check(none, "records[0].");
            assertThat(statements.get()).as("a row naming nobody reads nothing").isZero();
            for (int i = 0; i < 500; i++) {
                batch.check(Map.of(title, "t" + i, who, List.of(ownerId.toString())), "records[" + i + "].");
            }
            assertThatThrownBy(() -> batch.check(Map.of(who, List.of(ownerId.toString(), strangerId)),
                    "records[501]."))
                    .isInstanceOf(RowanException.class)
                    .hasMessageContaining(strangerId + " is not a member of this company");
            assertThat(statements.get()).as("one query for 502 rows").isEqualTo(1);
        }
    }
}
