package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.desktop.workspace.RecordStore;
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

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user and autonumber fields between two desktops and the real server: members set on one desktop reach the
 * other by id and show by name from each workspace's directory; "is me" filters each person's own records locally;
 * records made offline read without a number (provisional) until the push is answered and the pull brings the
 * server's; a push naming someone who is not a member is refused, shown as a conflict, and the server's value comes
 * back.
 */
class UserFieldSyncTest {
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

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    @Test
    void membersAndNumbersTravelBetweenDesktopsAndARefusedMemberComesBackAsAConflict() throws Exception {
        String email = "users-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD); // the owner's display name is "Tester"
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        assertThat(owner.login(email, PASSWORD).status()).isEqualTo(200);
        String graceEmail = "grace-" + UUID.randomUUID() + "@test.rowan";
        assertThat(owner.post("/api/members", Map.of("email", graceEmail, "password", PASSWORD,
                "displayName", "Grace Hopper", "role", "member")).status()).isEqualTo(201);
        ApiClient grace = new ApiClient(TestServer.baseUrl());
        assertThat(grace.login(graceEmail, PASSWORD).status()).isEqualTo(200);
        String ownerId = me(owner);
        String graceId = me(grace);
        String strangerEmail = "stranger-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(strangerEmail, PASSWORD);
        ApiClient strangerApi = new ApiClient(TestServer.baseUrl());
        assertThat(strangerApi.login(strangerEmail, PASSWORD).status()).isEqualTo(200);
        String strangerId = me(strangerApi);

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("People").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false)),
                FieldDef.of(UUID.randomUUID(), "No", new FieldType.Autonumber())));
        UUID title = t.field("Title").orElseThrow().id();
        UUID ownerField = t.field("Owner").orElseThrow().id();
        UUID hers = a.records.insert(t, Map.of(title, "hers", ownerField, List.of(graceId))).id();
        UUID mine = a.records.insert(t, Map.of(title, "mine", ownerField, List.of(ownerId))).id();
        // made here: no number yet (the screen shows it as provisional)
        assertThat(value(a, t, hers, "No")).isNull();

        a.engine.syncOnce();
        a.engine.syncOnce(); // the pull brings the server's numbers
        assertThat(value(a, t, hers, "No")).isEqualTo(new BigDecimal("1"));
        assertThat(value(a, t, mine, "No")).isEqualTo(new BigDecimal("2"));
        assertThat(new MemberDirectory(a.ws).names()).containsValues("Tester", "Grace Hopper");
        assertThat(MemberDirectory.name(graceId)).contains("Grace Hopper");

        // Grace's desktop: the same members by id; "is me" is her, locally
        Client b = replicas.open(dir.resolve("b"), graceEmail, PASSWORD);
        b.engine.syncOnce();
        TableDef tb = b.schema.findTable(t.id()).orElseThrow();
        assertThat(value(b, tb, hers, "Owner")).isEqualTo(List.of(graceId));
        assertThat(value(b, tb, mine, "No")).isEqualTo(new BigDecimal("2"));
        Filter isMe = Filter.where("Owner", Operator.EQ, "@me");
        assertThat(b.records.page(tb, isMe, List.of(), null, 10).rows()).extracting(Row::id).containsExactly(hers);
        assertThat(a.records.page(t, isMe, List.of(), null, 10).rows()).extracting(Row::id).containsExactly(mine);
        // sorted by the member's name in the local database: Grace Hopper before Tester
        assertThat(b.records.page(tb, null, List.of(Sort.asc("Owner")), null, 10).rows()).extracting(Row::id)
                .containsExactly(hers, mine);
        assertThat(b.records.count(tb, Filter.where("No", Operator.GT, 1))).isEqualTo(1);

        // an autonumber added on the server numbers the records there; the desktop reloads the table to get them
        ApiClient.Response ref = owner.post("/api/tables/" + t.id() + "/fields", Map.of("name", "Ref", "type", "autonumber"));
        assertThat(ref.status()).as(ref.body()).isIn(200, 201);
        a.engine.syncOnce();
        a.engine.syncOnce();
        TableDef ta = a.schema.findTable(t.id()).orElseThrow();
        assertThat(value(a, ta, hers, "Ref")).isEqualTo(new BigDecimal("1"));
        assertThat(value(a, ta, mine, "Ref")).isEqualTo(new BigDecimal("2"));

        // and one added on this desktop: empty here until the push is answered, then the server's numbers
        FieldDef seq = a.schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Seq", new FieldType.Autonumber()));
        assertThat(value(a, a.schema.findTable(t.id()).orElseThrow(), hers, "Seq")).isNull();
        a.engine.syncOnce();
        a.engine.syncOnce();
        ta = a.schema.findTable(t.id()).orElseThrow();
        assertThat(value(a, ta, hers, "Seq")).isEqualTo(new BigDecimal("1"));
        assertThat(value(a, ta, mine, "Seq")).isEqualTo(new BigDecimal("2"));
        assertThat(seq.type()).isEqualTo(new FieldType.Autonumber());

        // a desktop names someone who is not a member: the push is refused, shown, and the server's value returns
        a.records.update(t, List.of(new RecordStore.CellChange(hers, ownerField, List.of(graceId), List.of(strangerId))));
        assertThat(value(a, t, hers, "Owner")).isEqualTo(List.of(strangerId));
        a.engine.syncOnce();
        a.engine.syncOnce();
        List<Conflicts.Conflict> refused = a.engine.conflicts().open();
        assertThat(refused).hasSize(1);
        assertThat(refused.getFirst().reason()).contains("not a member");
        assertThat(value(a, t, hers, "Owner")).isEqualTo(List.of(graceId));
        ApiClient.Response onServer = owner.get("/api/tables/" + t.id() + "/records/" + hers);
        assertThat(onServer.body()).contains(graceId).doesNotContain(strangerId);
    }
}
