package dev.rowan.desktop.sync;

import dev.rowan.desktop.grid.ClipboardText;
import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Members' emails on the desktop (issue 12, slice h-fieldgaps2): the sync brings the company's members with their
 * emails; pasting an email into a user cell (the grid's paste rule, {@link ClipboardText})
 * and the type change text → user on the desktop take a member's email as the server's conversion does, and what was
 * set reaches the server by id. The email of someone who is not a member is refused in place.
 */
class UserEmailSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    @Test
    void emailsPastedAndConvertedOnTheDesktopReachTheServerAsMembers() throws Exception {
        String email = "emails-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        assertThat(owner.login(email, PASSWORD).status()).isEqualTo(200);
        String graceEmail = "Grace-" + UUID.randomUUID() + "@test.rowan";
        assertThat(owner.post("/api/members", Map.of("email", graceEmail, "password", PASSWORD,
                "displayName", "Grace Hopper", "role", "member")).status()).isEqualTo(201);
        ApiClient grace = new ApiClient(TestServer.baseUrl());
        assertThat(grace.login(graceEmail, PASSWORD).status()).isEqualTo(200);
        String graceId = me(grace);
        // someone with an account in another company only
        String strangerEmail = "stranger-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(strangerEmail, PASSWORD);

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("People").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false)),
                FieldDef.of(UUID.randomUUID(), "Lead", new FieldType.Text())));
        FieldDef ownerField = t.field("Owner").orElseThrow();
        FieldDef lead = t.field("Lead").orElseThrow();
        UUID task = a.records.insert(t, Map.of(t.field("Title").orElseThrow().id(), "Inspect pumps",
                lead.id(), graceEmail.toUpperCase(Locale.ROOT))).id();
        a.engine.syncOnce();

        // the directory came with emails
        List<MemberDirectory.Member> members = new MemberDirectory(a.ws).members();
        assertThat(members).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("Grace Hopper");
            assertThat(m.email()).isEqualTo(graceEmail);
            assertThat(m.active()).isTrue();
        });
        assertThat(members).noneSatisfy(m -> assertThat(m.email()).isEqualTo(strangerEmail));

        // the paste rule: an email in any case gives the member; someone of another company is refused with the reason
        Object pasted = ClipboardText.parse(ownerField, graceEmail.toLowerCase(Locale.ROOT));
        assertThat(pasted).isEqualTo(List.of(graceId));
        assertThatThrownBy(() -> ClipboardText.parse(ownerField, strangerEmail))
                .isInstanceOf(RowanException.class).hasMessageContaining("is not a member of this company");
        a.records.update(t, List.of(new RecordStore.CellChange(task, ownerField.id(), null, pasted)));

        // the type change text → user on the desktop takes the email too (as the server's does)
        a.schema.changeFieldType(t.id(), lead.withType(new FieldType.User(false)), () -> false);
        TableDef changed = a.schema.findTable(t.id()).orElseThrow();
        assertThat(a.records.byId(changed, task).orElseThrow().value(lead.id())).isEqualTo(List.of(graceId));

        a.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        ApiClient.Response onServer = owner.get("/api/tables/" + t.id() + "/records/" + task);
        assertThat(onServer.status()).as(onServer.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) onServer.map().get("fields");
        assertThat(String.valueOf(fields.get("Owner"))).contains(graceId).contains("Grace Hopper");
        assertThat(String.valueOf(fields.get("Lead"))).contains(graceId).contains("Grace Hopper");
    }
}
