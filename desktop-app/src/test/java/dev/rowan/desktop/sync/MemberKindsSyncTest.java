package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Created by and last modified by on the desktop with the real server: sync pulls the company's members into the
 * workspace's directory, so the fields read the members' names from the local database, filter and sort by them, and
 * keep doing so offline. A record made on this desktop reads empty until the sync brings the server's record.
 */
class MemberKindsSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static Object value(Client c, TableDef t, UUID id, String field) {
        Row r = c.records.byId(t, id).orElseThrow();
        return r.value(t.field(field).orElseThrow().id());
    }

    @Test
    void namesComeFromTheMembersPulledOnSyncAndFilterAndSortOffline() throws Exception {
        String email = "who-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD); // the owner's display name is "Tester"
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        assertThat(owner.login(email, PASSWORD).status()).isEqualTo(200);
        String graceEmail = "grace-" + UUID.randomUUID() + "@test.rowan";
        ApiClient.Response added = owner.post("/api/members", Map.of("email", graceEmail, "password", PASSWORD,
                "displayName", "Grace Hopper", "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("Who").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Author", new FieldType.CreatedBy()),
                FieldDef.of(UUID.randomUUID(), "Editor", new FieldType.LastModifiedBy())));
        UUID mine = a.records.insert(t, Map.of(t.field("Title").orElseThrow().id(), "mine")).id();
        // made here, not yet on the server: nobody to name
        assertThat(value(a, t, mine, "Author")).isNull();

        a.engine.syncOnce();
        assertThat(new MemberDirectory(a.ws).names()).containsValues("Tester", "Grace Hopper");
        a.engine.syncOnce(); // the pull brings the server's record with its author
        assertThat(value(a, t, mine, "Author")).isEqualTo("Tester");
        assertThat(value(a, t, mine, "Editor")).isEqualTo("Tester");

        // Grace writes on the server: a record of her own and a change to the owner's
        ApiClient grace = new ApiClient(TestServer.baseUrl());
        assertThat(grace.login(graceEmail, PASSWORD).status()).isEqualTo(200);
        String path = "/api/tables/" + t.id() + "/records";
        ApiClient.Response hers = grace.post(path, Map.of("fields", Map.of("Title", "hers")));
        assertThat(hers.status()).as(hers.body()).isEqualTo(201);
        assertThat(grace.patch(path + "/" + mine, Map.of("fields", Map.of("Title", "mine!"))).status()).isEqualTo(200);
        a.engine.syncOnce();
        UUID hersId = UUID.fromString(hers.id());
        assertThat(value(a, t, hersId, "Author")).isEqualTo("Grace Hopper");
        assertThat(value(a, t, mine, "Author")).isEqualTo("Tester");
        assertThat(value(a, t, mine, "Editor")).isEqualTo("Grace Hopper");

        // offline (the engine is never asked again): filters and sorts by name run in the local database
        Filter byGrace = Filter.where("Author", Operator.CONTAINS, "grace");
        assertThat(a.records.page(t, byGrace, List.of(), null, 10).rows()).extracting(Row::id).containsExactly(hersId);
        assertThat(a.records.page(t, null, List.of(Sort.desc("Author")), null, 10).rows()).extracting(Row::id)
                .containsExactly(mine, hersId);
    }
}
