package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Empty the values that cannot convert" on the desktop: the local type change empties them, and the outbox carries
 * the choice so the server (clearInvalid) does the same to its copy; another replica ends up with the same values.
 */
class ClearInvalidSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static Map<UUID, Object> values(Client c, UUID tableId) {
        TableDef t = c.schema.table(tableId);
        UUID f = t.activeFields().getFirst().id();
        Map<UUID, Object> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 1000).rows()) out.put(r.id(), r.value(f));
        return out;
    }

    @Test
    void aTypeChangeThatEmptiesFailingValuesReachesTheServerAndOtherReplicas() throws Exception {
        String email = "clear-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        FieldDef code = new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), false, false, false, null,
                Validation.NONE, null, false, 0);
        TableDef t = a.schema.createTable(a.schema.createApp("Stock").id(), null, "Parts", List.of(code));
        Row twelve = a.records.insert(t, Map.of(code.id(), "12"));
        Row letters = a.records.insert(t, Map.of(code.id(), "A-17"));
        Row blank = a.records.insert(t, Map.of());
        a.engine.syncOnce();
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();

        FieldDef asNumber = code.withType(new FieldType.NumberType(0));
        // without the choice the change is refused and nothing changes
        assertThatThrownBy(() -> a.schema.changeFieldType(t.id(), asNumber, false, () -> false))
                .isInstanceOf(RowanException.class).hasMessageContaining("cannot become number");
        assertThat(values(a, t.id())).containsEntry(letters.id(), "A-17");

        a.schema.changeFieldType(t.id(), asNumber, true, () -> false);
        assertThat(values(a, t.id())).containsEntry(twelve.id(), new BigDecimal("12"))
                .containsEntry(letters.id(), null).containsEntry(blank.id(), null);
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();

        b.engine.syncOnce();
        assertThat(b.schema.table(t.id()).activeFields().getFirst().type()).isEqualTo(new FieldType.NumberType(0));
        assertThat(values(b, t.id())).isEqualTo(values(a, t.id()));
    }
}
