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
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * A change the server refuses after it was made locally does not leave the local copy astray: the engine reloads
 * the table from the server (definition and rows) and the refusal stays in the conflicts list with my version.
 */
class ReloadTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();
    private String email;

    @BeforeEach
    void tenant() {
        email = "reload-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }


    private Client client(String name) throws Exception {
        return replicas.open(dir.resolve(name), email, PASSWORD);
    }

    private static Map<UUID, Object> values(Client c, UUID tableId) {
        TableDef t = c.schema.table(tableId);
        UUID f = t.activeFields().getFirst().id();
        Map<UUID, Object> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 100_000).rows()) out.put(r.id(), r.value(f));
        return out;
    }

    @Test
    void aRetypeTheServerRefusesIsUndoneLocallyByReloadingTheTable() throws Exception {
        Client a = client("a");
        FieldDef code = new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), false, false, false, null,
                Validation.NONE, null, false, 0);
        TableDef t = a.schema.createTable(a.schema.createApp("Stock").id(), null, "Parts", List.of(code));
        List<Map<UUID, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) rows.add(Map.of(code.id(), Integer.toString(i)));
        a.records.insertAll(t, rows, () -> false);
        a.engine.syncOnce();
        Client b = client("b");
        b.engine.syncOnce();

        // someone writes a code that is not a number; I retype Code to a number offline (my values all convert)
        b.records.insert(b.schema.table(t.id()), Map.of(code.id(), "A-17"));
        b.engine.syncOnce();
        a.schema.changeFieldType(t.id(), code.withType(new FieldType.NumberType(0)), () -> false);
        assertThat(a.schema.table(t.id()).activeFields().getFirst().type()).isInstanceOf(FieldType.NumberType.class);
        a.engine.pullLimit(7); // the reload comes in several pages
        a.engine.syncOnce();

        Conflicts.Conflict refused = a.engine.conflicts().open().getFirst();
        assertThat(refused.kind()).isEqualTo(Conflicts.Kind.REJECTED);
        assertThat(refused.reason()).contains("cannot become number");
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(a.engine.replica().refreshQueue()).isEmpty();
        TableDef local = a.schema.table(t.id());
        assertThat(local.activeFields()).singleElement()
                .satisfies(f -> assertThat(f.type()).isInstanceOf(FieldType.Text.class));
        assertThat(values(a, t.id())).hasSize(26).isEqualTo(values(b, t.id())).containsValue("A-17");

        // the replica goes on as usual afterwards
        b.records.insert(b.schema.table(t.id()), Map.of(code.id(), "B-2"));
        b.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(values(a, t.id())).containsValue("B-2").hasSize(27);
    }

    @Test
    void aUniqueValueTakenMeanwhileElsewhereIsRefusedAndTheCopyConverges() throws Exception {
        Client a = client("a");
        FieldDef code = new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), false, true, false, null,
                Validation.NONE, null, false, 0);
        TableDef t = a.schema.createTable(a.schema.createApp("Stock").id(), null, "Parts", List.of(code));
        Row r1 = a.records.insert(t, Map.of(code.id(), "P-1"));
        Row r2 = a.records.insert(t, Map.of(code.id(), "P-2"));
        a.engine.syncOnce();
        Client b = client("b");
        b.engine.syncOnce();

        // both give "X" to a different record while apart; b is first
        b.records.update(b.schema.table(t.id()), List.of(new RecordStore.CellChange(r2.id(), code.id(), "P-2", "X")));
        b.engine.syncOnce();
        a.records.update(t, List.of(new RecordStore.CellChange(r1.id(), code.id(), "P-1", "X")));
        a.engine.syncOnce();

        assertThat(a.engine.conflicts().open()).singleElement()
                .satisfies(k -> assertThat(k.kind()).isEqualTo(Conflicts.Kind.REJECTED));
        assertThat(values(a, t.id())).isEqualTo(values(b, t.id()))
                .containsEntry(r1.id(), "P-1").containsEntry(r2.id(), "X");
        assertThat(Outbox.size(a.ws)).isZero();
    }
}
