package dev.rowan.server.access;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a member never attaches another company's account silently, and answers the same whether or not the email
 * has an account: an existing account is invited and joins when its owner signs in to the company.
 */
class MembersTest {
    private static final String OWN_PASSWORD = "their own password 9";
    private static final String TYPED_PASSWORD = "what the admin typed 1";

    private static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@test.rowan";
    }

    /** Everything of an answer that could tell two adds apart: status, content type, keys, and the values typed. */
    private static Map<String, Object> shape(ApiClient.Response r) {
        Map<String, Object> s = new HashMap<>();
        s.put("status", r.status());
        s.put("type", r.contentType());
        s.put("keys", r.map().keySet());
        s.put("role", r.get("role"));
        return s;
    }

    @Test
    void addingAnEmailAnswersTheSameWhetherOrNotItHasAnAccount() {
        ApiClient admin = TestServer.newTenant();
        String elsewhere = email("Elsewhere");
        TestServer.createTenant(elsewhere, OWN_PASSWORD);
        String unknown = email("Newcomer");

        var fresh = admin.post("/api/members", Map.of("email", unknown, "password", TYPED_PASSWORD,
                "displayName", "Guest"));
        // typed in another case than stored: the answer shows what was typed, as for a new account
        String typed = elsewhere.toUpperCase();
        var known = admin.post("/api/members", Map.of("email", typed, "password", TYPED_PASSWORD,
                "displayName", "Guest"));

        assertThat(shape(known)).isEqualTo(shape(fresh));
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.map()).containsEntry("email", unknown).containsEntry("displayName", "Guest");
        assertThat(known.map()).containsEntry("email", typed).containsEntry("displayName", "Guest");
        // the list shows both the same way
        List<Map<String, Object>> members = admin.get("/api/members").data();
        Map<String, Object> a = members.stream().filter(m -> unknown.equals(m.get("email"))).findFirst().orElseThrow();
        Map<String, Object> b = members.stream().filter(m -> typed.equals(m.get("email"))).findFirst().orElseThrow();
        assertThat(a.keySet()).isEqualTo(b.keySet());
        assertThat(a.get("displayName")).isEqualTo(b.get("displayName"));
        // the audit log (not shown to the company) knows which was which
        assertThat(Sql.rows("SELECT details->>'existingAccount' AS e FROM rowan.audit_log WHERE company_id = ? "
                + "AND action = 'member.add' ORDER BY id", admin.companyId))
                .extracting(r -> r.get("e")).containsExactly("false", "true");
    }

    @Test
    void refusalsAreTheSameWhetherOrNotTheEmailHasAnAccount() {
        ApiClient admin = TestServer.newTenant();
        String elsewhere = email("Elsewhere");
        TestServer.createTenant(elsewhere, OWN_PASSWORD);
        for (Map<String, Object> extra : List.<Map<String, Object>>of(Map.of(), Map.of("password", "short"),
                Map.of("password", 12345678), Map.of("password", TYPED_PASSWORD, "role", "king"))) {
            Map<String, Object> forKnown = new HashMap<>(extra);
            forKnown.put("email", elsewhere);
            Map<String, Object> forUnknown = new HashMap<>(extra);
            forUnknown.put("email", email("Nobody"));
            var k = admin.post("/api/members", forKnown);
            var u = admin.post("/api/members", forUnknown);
            assertThat(k.status()).as(k.body()).isEqualTo(422);
            assertThat(k.body().replace(elsewhere, "E")).isEqualTo(u.body().replace((String) forUnknown.get("email"), "E"));
        }
        assertThat(admin.get("/api/members").data()).hasSize(1);
    }

    @Test
    void anInvitedAccountJoinsOnlyWhenItsOwnerSignsInToTheCompany() {
        String elsewhere = email("Elsewhere");
        UUID ownCompany = TestServer.createTenant(elsewhere, OWN_PASSWORD);
        ApiClient admin = TestServer.newTenant();
        var added = admin.post("/api/members", Map.of("email", elsewhere, "password", TYPED_PASSWORD,
                "displayName", "Guest"));
        assertThat(added.status()).isEqualTo(201);

        // the password the admin typed opens nothing: the account keeps its own
        assertThat(new ApiClient(admin.base()).login(elsewhere, TYPED_PASSWORD).status()).isEqualTo(401);
        // signing in as usual lands in the account's own company; the invitation is listed, pending
        ApiClient person = new ApiClient(admin.base());
        var login = person.login(elsewhere, OWN_PASSWORD);
        assertThat(login.get("companyId")).isEqualTo(ownCompany.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> companies = (List<Map<String, Object>>) login.get("companies");
        assertThat(companies).anySatisfy(c -> assertThat(c).containsEntry("id", admin.companyId.toString())
                .containsEntry("pending", true));
        // nothing of the inviting company is reachable with that session
        String app = admin.createApp("Secret plans");
        assertThat(person.get("/api/apps/" + app).status()).isEqualTo(404);
        assertThat(Sql.count("SELECT count(*) FROM rowan.memberships WHERE company_id = ? AND accepted_at IS NULL",
                admin.companyId)).isEqualTo(1);

        // choosing the company at sign-in is how its owner joins
        var joined = new ApiClient(admin.base());
        var j = joined.post("/api/auth/login", Map.of("email", elsewhere, "password", OWN_PASSWORD,
                "companyId", admin.companyId.toString()));
        assertThat(j.status()).as(j.body()).isEqualTo(200);
        joined.token((String) j.get("token"));
        assertThat(j.get("role")).isEqualTo("member");
        assertThat(joined.get("/api/apps/" + app).status()).isEqualTo(200);
        // now the company sees the account as it is
        assertThat(admin.get("/api/members").data()).anySatisfy(m -> assertThat(m)
                .containsEntry("email", elsewhere).containsEntry("displayName", "Tester"));
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND action = 'member.join'",
                admin.companyId)).isEqualTo(1);
        // a plain sign-in still goes to the oldest company
        assertThat(new ApiClient(admin.base()).login(elsewhere, OWN_PASSWORD).get("companyId"))
                .isEqualTo(ownCompany.toString());
    }

    @Test
    void anAccountInNoCompanyYetIsToldToChooseTheOneThatAddedIt() throws Exception {
        String loner = email("Loner");
        try (var c = TestServer.jdbc()) {
            var accounts = new dev.rowan.server.auth.AccountRepository(TestServer.get().database().dbClient());
            accounts.createUser(c, loner, dev.rowan.server.auth.Passwords.hash(OWN_PASSWORD), "Loner");
        }
        ApiClient admin = TestServer.newTenant();
        assertThat(admin.post("/api/members", Map.of("email", loner, "password", TYPED_PASSWORD)).status())
                .isEqualTo(201);
        var plain = new ApiClient(admin.base()).login(loner, OWN_PASSWORD);
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.body()).contains("companyId").contains(admin.companyId.toString()).contains("pending");
        var chosen = new ApiClient(admin.base()).post("/api/auth/login", Map.of("email", loner,
                "password", OWN_PASSWORD, "companyId", admin.companyId.toString()));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        assertThat(new ApiClient(admin.base()).login(loner, OWN_PASSWORD).get("companyId"))
                .isEqualTo(admin.companyId.toString());
    }

    @Test
    void aMemberAlreadyListedIsAConflictWhetherJoinedOrInvited() {
        ApiClient admin = TestServer.newTenant();
        String elsewhere = email("Elsewhere");
        TestServer.createTenant(elsewhere, OWN_PASSWORD);
        String fresh = email("Fresh");
        for (String e : List.of(elsewhere, fresh)) {
            Map<String, Object> body = Map.of("email", e, "password", TYPED_PASSWORD);
            assertThat(admin.post("/api/members", body).status()).isEqualTo(201);
            var again = admin.post("/api/members", Map.of("email", e.toUpperCase(), "password", TYPED_PASSWORD));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.isProblem()).isTrue();
        }
        assertThat(admin.get("/api/members").data()).hasSize(3);
    }
}
