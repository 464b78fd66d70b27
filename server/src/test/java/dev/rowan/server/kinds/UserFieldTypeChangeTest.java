package dev.rowan.server.kinds;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A type change between text and a user field goes through the member directory (issue 12, h-fieldgaps): text →
 * user maps members' names, emails or ids (any case) to the members, and is refused with 422 changing nothing when
 * a value names someone who is not a current member; user → text writes the members' names.
 */
class UserFieldTypeChangeTest {

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(ApiClient api, String records, String id) {
        ApiClient.Response r = api.get(records + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.get("fields");
    }

    @Test
    void textBecomesMembersByNameEmailOrIdAndMembersBecomeTheirNames() {
        ApiClient owner = TestServer.newTenant(); // display name "Tester"
        String graceEmail = "grace-" + UUID.randomUUID() + "@test.rowan";
        ApiClient.Response added = owner.post("/api/members", Map.of("email", graceEmail,
                "password", "correct horse 7", "displayName", "Grace Hopper", "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        ApiClient grace = new ApiClient(owner.base());
        assertThat(grace.login(graceEmail, "correct horse 7").status()).isEqualTo(200);
        grace.companyId = owner.companyId;
        String graceId = me(grace);
        String ownerId = me(owner);
        String strangerId = me(TestServer.newTenant());

        Map<String, Object> t = owner.createTable(owner.createApp("People"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Who", "type", "text")));
        String records = "/api/tables/" + t.get("id") + "/records";
        String field = "/api/tables/" + t.get("id") + "/fields/" + ApiClient.fieldId(t, "Who");
        String byName = owner.post(records, Map.of("fields", Map.of("Title", "a", "Who", "grace hopper"))).id();
        String byEmail = owner.post(records, Map.of("fields", Map.of("Title", "b", "Who",
                graceEmail.toUpperCase()))).id();
        String several = owner.post(records, Map.of("fields", Map.of("Title", "c", "Who",
                graceId + ", Tester"))).id();
        String stranger = owner.post(records, Map.of("fields", Map.of("Title", "x", "Who", strangerId))).id();
        String nobody = owner.post(records, Map.of("fields", Map.of("Title", "y", "Who", "Nobody Known"))).id();

        ApiClient.Response refused = owner.patch(field, Map.of("type", "user", "config", Map.of("multiple", true)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("Nobody Known is not a member", strangerId + " is not a member")
                .doesNotContain("dt_", "f_");
        assertThat(fields(owner, records, byName)).containsEntry("Who", "grace hopper");
        assertThat(owner.get("/api/tables/" + t.get("id")).body()).doesNotContain("\"user\"");

        assertThat(owner.delete(records + "/" + stranger).status()).isEqualTo(204);
        assertThat(owner.delete(records + "/" + nobody).status()).isEqualTo(204);
        // one member per record: "c" names two
        ApiClient.Response one = owner.patch(field, Map.of("type", "user"));
        assertThat(one.status()).as(one.body()).isEqualTo(422);
        assertThat(one.body()).contains("holds one member");

        ApiClient.Response ok = owner.patch(field, Map.of("type", "user", "config", Map.of("multiple", true)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        Map<String, Object> grc = Map.of("id", graceId, "name", "Grace Hopper");
        assertThat(fields(owner, records, byName).get("Who")).isEqualTo(List.of(grc));
        assertThat(fields(owner, records, byEmail).get("Who")).isEqualTo(List.of(grc));
        assertThat(fields(owner, records, several).get("Who")).isEqualTo(List.of(grc,
                Map.of("id", ownerId, "name", "Tester")));

        ApiClient.Response back = owner.patch(field, Map.of("type", "text"));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(fields(owner, records, byName)).containsEntry("Who", "Grace Hopper");
        assertThat(fields(owner, records, several)).containsEntry("Who", "Grace Hopper, Tester");
    }
}
