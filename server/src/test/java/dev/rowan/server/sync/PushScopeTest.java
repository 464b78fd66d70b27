package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored push results belong to the user who pushed: another member who learns the client id (it is no secret)
 * reads none of them back and replays none of them; under their own user the same ids are a fresh namespace.
 */
class PushScopeTest {

    @Test
    @SuppressWarnings("unchecked")
    void anotherMemberKnowingTheClientIdGetsNothingAndReplaysNothing() {
        ApiClient owner = TestServer.newTenant();
        ApiClient alice = Members.add(owner, "alice", "member");
        ApiClient mallory = Members.add(owner, "mallory", "member");
        String app = owner.createApp("Pay");
        var t = owner.createTable(app, "Salaries", List.of(Map.of("name", "Amount", "type", "number")));
        String table = (String) t.get("id");
        String amount = ApiClient.fieldId(t, "Amount");
        var rec = owner.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Amount", 100)));
        long base = ((Number) rec.get("rowVersion")).longValue();
        owner.patch("/api/tables/" + table + "/records/" + rec.id(), Map.of("fields", Map.of("Amount", 250)));

        // Alice's offline edit conflicts: her stored result carries theirs (250) and mine (120)
        UUID clientId = UUID.randomUUID();
        Map<String, Object> edit = Members.mutation("UPDATE", "RECORD", rec.id(), table, Map.of("baseVersion", base,
                "fields", Map.of(amount, 120), "base", Map.of(amount, 100)));
        var first = Members.push(alice, clientId, List.of(edit)).getFirst();
        assertThat(first).containsEntry("status", "conflict");
        // then the table is closed to everyone but owners and admins
        Members.setAccess(owner, table, true, Map.of());

        // Mallory knows the client id: her pulls bring none of Alice's results
        var pulled = mallory.post("/api/sync/pull", Map.of("clientId", clientId.toString()));
        assertThat(pulled.status()).isEqualTo(200);
        assertThat((List<Object>) pulled.get("results")).isEmpty();
        // the value as JSON (":250"), not the digits: time-ordered ids contain "250" for hours at a time
        assertThat(pulled.body()).doesNotContain(":250").doesNotContain(edit.get("mutationId").toString());
        // and replaying Alice's mutation id is no replay: it is Mallory's own mutation, judged by her access
        var replay = Members.push(mallory, clientId, List.of(edit)).getFirst();
        assertThat(replay).doesNotContainKey("replayed").containsEntry("status", "rejected");
        assertThat(replay.toString()).doesNotContain("=250");
        // Alice's own replay still answers her stored result, and her pulls still bring it back
        var again = Members.push(alice, clientId, List.of(edit)).getFirst();
        assertThat(again).containsEntry("replayed", true).containsEntry("status", "conflict");
        var hers = alice.post("/api/sync/pull", Map.of("clientId", clientId.toString()));
        assertThat((List<Object>) hers.get("results")).hasSize(1);
    }
}
