package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating and switching companies, roles, removing members, handing ownership over, leaving, the policy. */
class CompaniesTest {

    private static ApiClient withToken(String token) {
        ApiClient c = new ApiClient(TestServer.baseUrl());
        c.token(token);
        return c;
    }

    @Test
    void aCreatedCompanyIsOwnedByItsCreatorWhoSwitchesToItWithoutSigningIn() {
        var owner = IdentityFixture.owner();
        owner.api().createApp("Only in the first");
        var created = owner.api().post("/api/companies", Map.of("name", "Second Ltd"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.map()).containsEntry("role", "owner").containsEntry("name", "Second Ltd");
        String second = created.id();
        List<Map<String, Object>> mine = owner.api().get("/api/companies").data();
        assertThat(mine).extracting(m -> m.get("name")).containsExactly("Test company", "Second Ltd");
        assertThat(mine).filteredOn(m -> Boolean.TRUE.equals(m.get("current"))).extracting(m -> m.get("id"))
                .containsExactly(owner.api().companyId.toString());
        var sw = owner.api().post("/api/companies/" + second + "/switch", Map.of());
        assertThat(sw.status()).as(sw.body()).isEqualTo(200);
        assertThat(sw.map()).containsEntry("companyId", second).containsEntry("role", "owner").containsKey("token");
        ApiClient there = withToken((String) sw.get("token"));
        assertThat(there.get("/api/apps").data()).isEmpty();
        assertThat(there.get("/api/company").map()).containsEntry("name", "Second Ltd");
        // the first session still works in the first company: one session per company, side by side
        assertThat(owner.api().get("/api/apps").data()).hasSize(1);
        // renaming
        assertThat(there.patch("/api/company", Map.of("name", "Second plc")).status()).isEqualTo(200);
        assertThat(owner.api().get("/api/companies").data()).extracting(m -> m.get("name")).contains("Second plc");
    }

    @Test
    void switchingToACompanyOneIsNotInAnswersNotFound() {
        var a = IdentityFixture.owner();
        var b = IdentityFixture.owner();
        var r = b.api().post("/api/companies/" + a.api().companyId + "/switch", Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.isProblem()).isTrue();
        // the same answer as for a company that does not exist: nothing tells that A exists
        UUID none = UUID.randomUUID();
        assertThat(b.api().post("/api/companies/" + none + "/switch", Map.of()).body().replace(none.toString(), "?"))
                .isEqualTo(r.body().replace(a.api().companyId.toString(), "?"));
    }

    @Test
    void switchingIntoACompanyThatRequiresMfaNeedsAnEnrolledFactor() {
        var owner = IdentityFixture.owner();
        var other = owner.api().post("/api/companies", Map.of("name", "Strict")).id();
        ApiClient strict = withToken((String) owner.api().post("/api/companies/" + other + "/switch", Map.of())
                .get("token"));
        assertThat(strict.put("/api/company/policy", Map.of("requireMfa", "everyone")).status()).isEqualTo(200);
        var refused = owner.api().post("/api/companies/" + other + "/switch", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("mfa_enrolment_required");
        IdentityFixture.enrol(owner.api());
        assertThat(owner.api().post("/api/companies/" + other + "/switch", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void rolesChangeButACompanyAlwaysKeepsAnOwner() {
        var owner = IdentityFixture.owner();
        var admin = IdentityFixture.member(owner.api(), "admin");
        var member = IdentityFixture.member(owner.api(), "member");
        // a member changes nothing
        assertThat(member.api().patch("/api/company/members/" + admin.id(), Map.of("role", "member")).status())
                .isEqualTo(403);
        // an admin may not touch owners nor make one
        assertThat(admin.api().patch("/api/company/members/" + owner.id(), Map.of("role", "member")).status())
                .isEqualTo(403);
        assertThat(admin.api().patch("/api/company/members/" + member.id(), Map.of("role", "owner")).status())
                .isEqualTo(403);
        assertThat(admin.api().patch("/api/company/members/" + member.id(), Map.of("role", "admin")).status())
                .isEqualTo(200);
        // the role applies to the running session at once
        assertThat(member.api().get("/api/auth/me").get("role")).isEqualTo("admin");
        // the only owner cannot step down or leave
        assertThat(owner.api().patch("/api/company/members/" + owner.id(), Map.of("role", "admin")).status())
                .isEqualTo(409);
        assertThat(owner.api().post("/api/company/leave", Map.of()).status()).isEqualTo(409);
        // handing over: the other becomes owner, the former owner an admin
        var t = owner.api().post("/api/company/transfer", Map.of("userId", admin.id().toString()));
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        assertThat(Sql.rows("SELECT user_id, role FROM rowan.memberships WHERE company_id = ? ORDER BY role",
                owner.api().companyId)).extracting(r -> r.get("role")).containsExactlyInAnyOrder("admin", "admin", "owner");
        assertThat(admin.api().get("/api/auth/me").get("role")).isEqualTo("owner");
        assertThat(owner.api().post("/api/company/transfer", Map.of("userId", member.id().toString())).status())
                .isEqualTo(403);
        // now the former owner may leave; their session there ends
        assertThat(owner.api().post("/api/company/leave", Map.of()).status()).isEqualTo(204);
        assertThat(owner.api().get("/api/apps").status()).isEqualTo(401);
    }

    @Test
    void aRemovedMemberLosesTheirSessionsButTheirRecordsKeepTheirAuthorship() {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        String app = member.api().createApp("Made by the member");
        assertThat(owner.api().delete("/api/company/members/" + member.id()).status()).isEqualTo(204);
        assertThat(member.api().get("/api/apps").status()).isEqualTo(401);
        assertThat(Sql.value("SELECT created_by FROM rowan.apps WHERE id = CAST(? AS uuid)", app)).isEqualTo(member.id());
        assertThat(owner.api().get("/api/members").data()).extracting(m -> m.get("id"))
                .doesNotContain(member.id().toString());
        // signing in again finds no company
        assertThat(new ApiClient(TestServer.baseUrl()).login(member.email(), IdentityFixture.PASSWORD).status())
                .isEqualTo(403);
        // removing oneself is what leaving is for; removing a stranger is not found
        assertThat(owner.api().delete("/api/company/members/" + owner.id()).status()).isEqualTo(409);
        var stranger = IdentityFixture.owner();
        var r = owner.api().delete("/api/company/members/" + stranger.id());
        assertThat(r.status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/apps").status()).isEqualTo(200);
    }

    @Test
    void noCompanyRouteOfOneCompanyAnswersAnythingToAPersonOnlyInAnother() {
        var a = IdentityFixture.owner();
        var aMember = IdentityFixture.member(a.api(), "member");
        a.api().put("/api/company/policy", Map.of("requireMfa", "admins", "allowedEmailDomains", List.of("a.example")));
        var b = IdentityFixture.owner();
        ApiClient bApi = b.api();
        // every /api/company route acts on B's own company
        assertThat(bApi.get("/api/company/policy").map()).containsEntry("requireMfa", "off")
                .containsEntry("allowedEmailDomains", List.of());
        assertThat(bApi.get("/api/company").get("id")).isEqualTo(b.api().companyId.toString());
        for (var r : List.of(
                bApi.patch("/api/company/members/" + aMember.id(), Map.of("role", "admin")),
                bApi.delete("/api/company/members/" + aMember.id()),
                bApi.post("/api/company/transfer", Map.of("userId", aMember.id().toString())),
                bApi.post("/api/companies/" + a.api().companyId + "/switch", Map.of()))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.body()).doesNotContain(aMember.email()).doesNotContain("Test company");
        }
        assertThat(bApi.get("/api/companies").data()).extracting(m -> m.get("id"))
                .containsExactly(b.api().companyId.toString());
        assertThat(bApi.get("/api/sessions").data()).extracting(m -> m.get("companyId")).containsOnly(
                b.api().companyId.toString());
        assertThat(aMember.api().get("/api/auth/me").get("role")).isEqualTo("member");
        assertThat(aMember.api().get("/api/apps").status()).isEqualTo(200);
    }

    @Test
    void thePolicyIsStoredAndExposedToMembersButChangedOnlyByAdmins() {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        var put = owner.api().put("/api/company/policy", Map.of("requireMfa", "admins", "sessionIdleSeconds", 1800,
                "sessionMaxSeconds", 86400, "maxSessions", 3, "allowedEmailDomains", List.of("Example.COM", "rowan.dev")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Map<String, Object> expected = Map.of("requireMfa", "admins", "sessionIdleSeconds", 1800,
                "sessionMaxSeconds", 86400, "maxSessions", 3, "allowedEmailDomains", List.of("example.com", "rowan.dev"));
        assertThat(member.api().get("/api/company/policy").map()).isEqualTo(expected);
        assertThat(member.api().put("/api/company/policy", Map.of("requireMfa", "off")).status()).isEqualTo(403);
        assertThat(owner.api().get("/api/company/policy").map()).isEqualTo(expected);
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND action = 'company.policy'",
                owner.api().companyId)).isEqualTo(1);
    }

    /** The server takes exactly shared-model's SecurityBounds, the bounds the desktop's policy form shows. */
    @Test
    void thePolicyBoundsAreTheSharedOnesEdgeIncluded() {
        var owner = IdentityFixture.owner();
        Map<String, dev.rowan.model.identity.SecurityBounds.Range> fields = Map.of(
                "sessionIdleSeconds", dev.rowan.model.identity.SecurityBounds.SESSION_IDLE_SECONDS,
                "sessionMaxSeconds", dev.rowan.model.identity.SecurityBounds.SESSION_MAX_SECONDS,
                "maxSessions", dev.rowan.model.identity.SecurityBounds.MAX_SESSIONS);
        fields.forEach((field, range) -> {
            for (int ok : List.of(range.min(), range.max())) {
                var r = owner.api().put("/api/company/policy", Map.of(field, ok));
                assertThat(r.status()).as(field + "=" + ok + " " + r.body()).isEqualTo(200);
                assertThat(r.map()).containsEntry(field, ok);
            }
            for (int bad : List.of(range.min() - 1, range.max() + 1)) {
                var r = owner.api().put("/api/company/policy", Map.of(field, bad));
                assertThat(r.status()).as(field + "=" + bad).isEqualTo(422);
                assertThat(r.body()).contains(range.describe());
            }
        });
        var tooMany = new java.util.ArrayList<String>();
        for (int i = 0; i <= dev.rowan.model.identity.SecurityBounds.MAX_EMAIL_DOMAINS; i++) tooMany.add("d" + i + ".test");
        assertThat(owner.api().put("/api/company/policy", Map.of("allowedEmailDomains", tooMany)).status())
                .isEqualTo(422);
        assertThat(owner.api().put("/api/company/policy", Map.of("allowedEmailDomains",
                tooMany.subList(0, dev.rowan.model.identity.SecurityBounds.MAX_EMAIL_DOMAINS))).status()).isEqualTo(200);
    }

    @Test
    void invitationsAdmitOnlyThePolicysAllowedEmailDomains() {
        var owner = IdentityFixture.owner();
        String before = "x-" + UUID.randomUUID() + "@elsewhere.test";
        assertThat(owner.api().post("/api/invitations", Map.of("email", before)).status()).isEqualTo(201);
        assertThat(owner.api().put("/api/company/policy", Map.of("allowedEmailDomains", List.of("acme.test")))
                .status()).isEqualTo(200);
        String outside = "y-" + UUID.randomUUID() + "@elsewhere.test";
        var refused = owner.api().post("/api/invitations", Map.of("email", outside));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("acme.test");
        assertThat(Sql.count("SELECT count(*) FROM rowan.invitations WHERE lower(email) = lower(?)", outside)).isZero();
        assertThat(owner.api().post("/api/invitations", Map.of("email", "z-" + UUID.randomUUID() + "@ACME.test"))
                .status()).isEqualTo(201);
    }
}
