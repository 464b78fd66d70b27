package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync rule 6 on real replicas: a member's desktop workspace purges a table when an admin takes their access away
 * (their unpushed edit to it comes back as a rejection, not lost), backfills it whole when access is given back, and a
 * read-only grant turns local edits into rejections shown in the conflicts list.
 */
class AccessSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }


    private Client client(String name, String email) throws Exception {
        return replicas.open(dir.resolve(name), email, PASSWORD);
    }

    private static FieldDef text(String name) {
        return new FieldDef(UUID.randomUUID(), name, new FieldType.Text(), false, false, false, null, Validation.NONE,
                null, false, 0);
    }

    private static Map<UUID, Object> values(Client c, TableDef t) {
        Map<UUID, Object> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 100_000).rows()) {
            out.put(r.id(), r.value(t.activeFields().getFirst().id()));
        }
        return out;
    }

    private static void access(ApiClient owner, UUID table, boolean restricted, List<Map<String, Object>> grants) {
        var r = owner.put("/api/tables/" + table + "/access", Map.of("restricted", restricted, "grants", grants));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void losingAccessPurgesTheTableAndGainingItBackfillsIt() throws Exception {
        String ownerEmail = "owner-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(ownerEmail, PASSWORD);
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        owner.login(ownerEmail, PASSWORD);
        String memberEmail = "member-" + UUID.randomUUID() + "@test.rowan";
        var added = owner.post("/api/members", Map.of("email", memberEmail, "password", PASSWORD));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String memberId = added.id();

        Client a = client("owner", ownerEmail);
        UUID app = a.schema.createApp("HR").id();
        TableDef salaries = a.schema.createTable(app, null, "Salaries", List.of(text("Who")));
        TableDef rooms = a.schema.createTable(app, null, "Rooms", List.of(text("Room")));
        UUID who = salaries.activeFields().getFirst().id();
        List<Map<UUID, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) rows.add(Map.of(who, "person " + i));
        a.records.insertAll(salaries, rows, () -> false);
        a.records.insert(rooms, Map.of(rooms.activeFields().getFirst().id(), "Blue room"));
        a.engine.syncOnce();

        Client m = client("member", memberEmail);
        m.engine.pullLimit(7);
        m.engine.syncOnce();
        assertThat(values(m, m.schema.table(salaries.id()))).hasSize(30);

        // the member edits offline; meanwhile an admin restricts the table without granting it to them
        Row first = m.records.page(m.schema.table(salaries.id()), null, List.of(), null, 1).rows().getFirst();
        m.records.update(m.schema.table(salaries.id()),
                List.of(new RecordStore.CellChange(first.id(), who, first.value(who), "edited while offline")));
        access(owner, salaries.id(), true, List.of());
        m.engine.syncOnce();
        assertThat(m.schema.findTable(salaries.id())).as("purged").isEmpty();
        assertThat(m.schema.findTable(rooms.id())).isPresent();
        assertThat(Outbox.size(m.ws)).isZero();
        Conflicts.Conflict refused = m.engine.conflicts().open().getFirst();
        assertThat(refused.kind()).isEqualTo(Conflicts.Kind.REJECTED);
        assertThat(refused.entityId()).isEqualTo(first.id());
        assertThat(String.valueOf(refused.mine())).contains("edited while offline");

        // access granted back: every current row arrives, in pages, including rows written while it was hidden
        a.records.insert(salaries, Map.of(who, "hired while hidden"));
        a.engine.syncOnce();
        access(owner, salaries.id(), true, List.of(Map.of("userId", memberId, "level", "read")));
        m.engine.syncOnce();
        TableDef back = m.schema.findTable(salaries.id()).orElseThrow();
        assertThat(values(m, back)).isEqualTo(values(a, salaries)).hasSize(31);

        // read-only: a local edit is refused by the server and shown, the queue behind it goes on
        m.engine.conflicts().dismiss(refused);
        Row any = m.records.page(back, null, List.of(), null, 1).rows().getFirst();
        m.records.update(back, List.of(new RecordStore.CellChange(any.id(), who, any.value(who), "not mine to change")));
        TableDef localRooms = m.schema.table(rooms.id());
        m.records.insert(localRooms, Map.of(localRooms.activeFields().getFirst().id(), "Green room"));
        m.engine.syncOnce();
        assertThat(m.engine.conflicts().open()).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("not change"));
        // the refused edit is undone locally: the table was reloaded from the server
        assertThat(values(m, m.schema.table(salaries.id()))).isEqualTo(values(a, salaries));
        a.engine.syncOnce();
        assertThat(values(a, rooms).values()).containsExactlyInAnyOrder("Blue room", "Green room");
        assertThat(values(a, salaries).values()).doesNotContain("not mine to change");
    }
}
