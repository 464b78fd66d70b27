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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My offline delete of a record someone else changed meanwhile: the server refuses it (CHANGED), and the two
 * choices converge both replicas — "delete anyway" removes it everywhere, "keep the record" brings the server's
 * current state back into my copy (which had deleted it) so later edits go on from there.
 */
class ConflictChoicesTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();
    private String email;

    @BeforeEach
    void tenant() {
        email = "choices-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }


    private Client client(String name) throws Exception {
        return replicas.open(dir.resolve(name), email, PASSWORD);
    }

    private record Setup(Client mine, Client theirs, TableDef table, UUID name, UUID rowId, Conflicts.Conflict conflict) {
    }

    /** Both replicas hold "Ada"; they edit it to "Ada L." while I delete it offline; my push comes back CHANGED. */
    private Setup deleteOfAChangedRecord() throws Exception {
        Client theirs = client("theirs");
        TableDef t = theirs.schema.createTable(theirs.schema.createApp("CRM").id(), null, "People",
                List.of(new FieldDef(UUID.randomUUID(), "Name", new FieldType.Text(), false, false, false, null,
                        Validation.NONE, null, false, 0)));
        UUID name = t.activeFields().getFirst().id();
        Row row = theirs.records.insert(t, Map.of(name, "Ada"));
        theirs.engine.syncOnce();
        Client mine = client("mine");
        mine.engine.syncOnce();

        theirs.records.update(t, List.of(new RecordStore.CellChange(row.id(), name, "Ada", "Ada L.")));
        mine.records.delete(mine.schema.table(t.id()), List.of(row.id()));
        theirs.engine.syncOnce();
        mine.engine.syncOnce();
        assertThat(Outbox.size(mine.ws)).isZero();
        Conflicts.Conflict k = mine.engine.conflicts().open().getFirst();
        assertThat(k.kind()).isEqualTo(Conflicts.Kind.CHANGED);
        assertThat(k.entityId()).isEqualTo(row.id());
        assertThat(Conflicts.Conflict.text(k.theirs())).contains("Ada L.");
        // the same cycle's pull brought their change back into my copy, now that my delete is no longer queued
        assertThat(mine.records.byId(mine.schema.table(t.id()), row.id()).orElseThrow().value(name)).isEqualTo("Ada L.");
        assertThat(theirs.records.byId(t, row.id())).isPresent();
        return new Setup(mine, theirs, t, name, row.id(), k);
    }

    @Test
    void deleteAnywayRemovesTheRecordEverywhere() throws Exception {
        Setup s = deleteOfAChangedRecord();
        assertThat(s.theirs().records.byId(s.table(), s.rowId())).isPresent();
        s.mine().engine.conflicts().deleteAnyway(s.conflict());
        s.mine().engine.syncOnce();
        s.theirs().engine.syncOnce();
        assertThat(s.mine().engine.conflicts().open()).isEmpty();
        assertThat(s.theirs().records.byId(s.table(), s.rowId())).isEmpty();
        assertThat(s.mine().records.byId(s.mine().schema.table(s.table().id()), s.rowId())).isEmpty();
    }

    @Test
    void keepingTheRecordBringsTheServersStateBackAndLaterEditsGoOn() throws Exception {
        Setup s = deleteOfAChangedRecord();
        // a copy that pulled while its delete was still queued skipped their change and lost the row for good;
        // make mine such a copy: the row is gone locally and no pull will bring it
        TableDef local = s.mine().schema.table(s.table().id());
        s.mine().ws.write(c -> {
            try (var ps = c.prepareStatement("DELETE FROM " + new dev.rowan.model.sql.RecordSql(
                    dev.rowan.model.sql.SqlDialect.H2).from(local) + " WHERE id = ?")) {
                ps.setObject(1, s.rowId());
                return ps.executeUpdate();
            }
        });
        s.mine().engine.syncOnce();
        assertThat(s.mine().records.byId(local, s.rowId())).isEmpty();

        s.mine().engine.conflicts().keepRecord(s.conflict());
        assertThat(s.mine().engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(s.mine().ws)).as("keeping is no new change").isZero();
        TableDef t = s.mine().schema.table(s.table().id());
        Row kept = s.mine().records.byId(t, s.rowId()).orElseThrow();
        assertThat(kept.value(s.name())).isEqualTo("Ada L.");
        assertThat(kept.rowVersion()).isEqualTo(s.theirs().records.byId(s.table(), s.rowId()).orElseThrow().rowVersion());

        // an edit on the kept record is based on the server's version: it applies without a conflict
        s.mine().records.update(t, List.of(new RecordStore.CellChange(s.rowId(), s.name(), "Ada L.", "Ada Lovelace")));
        s.mine().engine.syncOnce();
        s.theirs().engine.syncOnce();
        assertThat(s.mine().engine.conflicts().open()).isEmpty();
        assertThat(s.theirs().records.byId(s.table(), s.rowId()).orElseThrow().value(s.name())).isEqualTo("Ada Lovelace");
    }
}
