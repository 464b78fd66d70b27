package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code refresh} on a pull reloads one table whole (after the server refused a change the client had already made
 * locally): the table's definition and every current row in pages, then the log goes on from the client's cursor,
 * so nothing written meanwhile is missed. Bad refresh requests are refused.
 */
class RefreshTest {

    private static SyncClient client(ApiClient api) {
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        return new SyncClient(own);
    }

    @Test
    void aRefreshSendsTheWholeTableInPagesThenTheLogGoesOn() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("A");
        Map<String, Object> table = api.createTable(app, "T", List.of(Map.of("name", "Title", "type", "text")));
        UUID t = UUID.fromString((String) table.get("id"));
        Map<String, Object> other = api.createTable(app, "Other", List.of(Map.of("name", "Title", "type", "text")));
        UUID o = UUID.fromString((String) other.get("id"));
        String title = ApiClient.fieldId(table, "Title");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) rows.add(Map.of("fields", Map.of("Title", "r" + i)));
        assertThat(api.post("/api/tables/" + t + "/records/bulk", Map.of("records", rows)).status()).isEqualTo(200);
        assertThat(api.post("/api/tables/" + o + "/records", Map.of("fields", Map.of("Title", "x"))).status())
                .isEqualTo(201);

        SyncClient c = client(api);
        c.limit = 5;
        c.pull();
        // the local copy went astray (a value the server refused, a row it never took)
        UUID some = c.records.entrySet().stream().filter(e -> t.toString().equals(e.getValue().get("tableId")))
                .findFirst().orElseThrow().getKey();
        c.fields(some).put(title, "refused locally");
        // a write by someone else after the client's cursor
        assertThat(api.post("/api/tables/" + t + "/records", Map.of("fields", Map.of("Title", "late"))).status())
                .isEqualTo(201);

        List<UUID> sent = c.refresh(t);
        assertThat(new HashSet<>(sent)).hasSize(13);
        assertThat(c.tables).containsKeys(t, o);
        assertThat(c.fields(some).get(title)).isNotEqualTo("refused locally");
        long inT = c.records.values().stream().filter(r -> t.toString().equals(r.get("tableId"))).count();
        assertThat(inT).isEqualTo(13);
        assertThat(c.records.values().stream().filter(r -> o.toString().equals(r.get("tableId"))).count()).isOne();

        // the log still goes on after the refresh
        assertThat(api.post("/api/tables/" + o + "/records", Map.of("fields", Map.of("Title", "y"))).status())
                .isEqualTo(201);
        assertThat(c.pull()).isEqualTo(1);
    }

    @Test
    void aRefreshOfATableThatIsGoneSendsItsTombstoneAndBadRefreshesAreRefused() {
        ApiClient api = TestServer.newTenant();
        api.createApp("Something");
        SyncClient c = client(api);
        c.pull();
        UUID gone = UUID.randomUUID();
        c.tables.put(gone, Map.of("name", "made offline, refused"));
        c.refresh(gone);
        assertThat(c.tables).doesNotContainKey(gone);

        var snapshot = api.post("/api/sync/pull", Map.of("refresh", UUID.randomUUID().toString()));
        assertThat(snapshot.status()).isEqualTo(422);
        assertThat(snapshot.isProblem()).isTrue();
        var notId = api.post("/api/sync/pull", Map.of("cursor", c.cursor, "refresh", "'; DROP TABLE x; --"));
        assertThat(notId.status()).isIn(400, 422);
        assertThat(notId.isProblem()).isTrue();
        var ahead = api.post("/api/sync/pull", Map.of("cursor", "999999999", "refresh", UUID.randomUUID().toString()));
        assertThat(ahead.status()).isEqualTo(422);
    }
}
