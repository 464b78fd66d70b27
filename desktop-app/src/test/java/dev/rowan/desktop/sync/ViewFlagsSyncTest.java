package dev.rowan.desktop.sync;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.jspecify.annotations.Nullable;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Personal and locked views between an owner's and a member's desktop through a real server: the flags arrive with
 * pull, the member's desktop refuses to change a locked view (its settings, name, place, lock, its cards' manual
 * order) with a clear message and queues nothing, the owner locks and unlocks, a member makes their own view personal
 * and the owner never sees it.
 */
class ViewFlagsSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static StoredView named(Client c, TableDef t, String name) {
        return new ViewStore(c.ws).list(c.schema.table(t.id())).stream().filter(v -> v.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no view " + name));
    }

    @Test
    void aLockedViewIsRefusedOnAMembersDesktopAndAPersonalOneStaysWithItsCreator() throws Exception {
        String ownerEmail = "owner-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(ownerEmail, PASSWORD);
        ApiClient ownerApi = new ApiClient(TestServer.baseUrl());
        ownerApi.login(ownerEmail, PASSWORD);
        String memberEmail = "member-" + UUID.randomUUID() + "@test.rowan";
        assertThat(ownerApi.post("/api/members", Map.of("email", memberEmail, "password", PASSWORD)).status())
                .isEqualTo(201);

        Client a = replicas.open(dir.resolve("owner"), ownerEmail, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing")), null))));
        FieldDef status = t.fields().get(1);
        String todo = ((FieldType.SingleSelect) status.type()).options().getFirst().id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "task " + i);
            v.put(status.id(), todo);
            rows.add(v);
        }
        a.records.insertAll(t, rows, () -> false);
        ViewStore onA = new ViewStore(a.ws);
        onA.save(t, null, "Team board", KanbanConfig.stackedBy(status.id()).withManualOrder(true));
        assertThat(onA.me().admin()).isTrue();
        onA.setFlags(t, named(a, t, "Team board"), false, true);
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(named(a, t, "Team board").locked()).isTrue();

        Client m = replicas.open(dir.resolve("member"), memberEmail, PASSWORD);
        m.engine.syncOnce();
        ViewStore onM = new ViewStore(m.ws);
        assertThat(onM.me().admin()).isFalse();
        StoredView team = named(m, t, "Team board");
        assertThat(team.locked()).isTrue();
        assertThat(team.ownerId()).isNotNull();
        assertThat(onM.me().mayChange(team)).isFalse();
        TableDef onMember = m.schema.table(t.id());
        long outbox = Outbox.size(m.ws);
        for (Runnable change : List.<Runnable>of(
                () -> onM.rename(onMember, team.id(), "Mine now"),
                () -> onM.saveSettings(onMember, team.id(), "x", ((KanbanConfig) team.config()).withManualOrder(false)),
                () -> onM.delete(onMember, team.id()),
                () -> onM.setFlags(onMember, team, false, false))) {
            assertThatThrownBy(change::run).isInstanceOfSatisfying(RowanException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.getMessage()).containsAnyOf("locked", "owners and admins");
            });
        }
        // the cards of a locked board are not reordered either: the board says why and reads its order again
        KanbanViewModel board = new KanbanViewModel(new ViewContext(m.schema, m.records,
                new RecordEditor(m.records, new UndoStack()), onM, new SameThreadTaskExecutor()));
        board.open(t.id(), team.id());
        var cards = board.column(todo).orElseThrow().cards();
        UUID third = cards.get(2).id();
        board.place(third, todo, 0);
        assertThat(board.message().get()).contains("locked");
        assertThat(board.column(todo).orElseThrow().cards().getFirst().id()).isNotEqualTo(third);
        assertThat(Outbox.size(m.ws)).isEqualTo(outbox);
        assertThat(named(m, t, "Team board").name()).isEqualTo("Team board");

        // the member's own view, made personal: synced, and the owner never receives it
        UUID mine = onM.save(onMember, null, "Just me", GridConfig.EMPTY);
        onM.setFlags(onMember, named(m, t, "Just me"), true, false);
        m.engine.syncOnce();
        assertThat(m.engine.conflicts().open()).isEmpty();
        assertThat(named(m, t, "Just me").personal()).isTrue();
        a.engine.syncOnce();
        assertThat(new ViewStore(a.ws).list(a.schema.table(t.id()))).extracting(StoredView::id).doesNotContain(mine);
        assertThat(ownerApi.get("/api/views/" + mine).status()).isEqualTo(404);

        // the owner unlocks; the member may rename it then
        onA.setFlags(a.schema.table(t.id()), named(a, t, "Team board"), false, false);
        a.engine.syncOnce();
        m.engine.syncOnce();
        assertThat(named(m, t, "Team board").locked()).isFalse();
        onM.rename(m.schema.table(t.id()), team.id(), "Our board");
        m.engine.syncOnce();
        assertThat(m.engine.conflicts().open()).isEmpty();
        assertThat(ownerApi.get("/api/views/" + team.id()).get("name")).isEqualTo("Our board");
    }
}
