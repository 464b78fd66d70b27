package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.syncui.ConflictsViewModel;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rating, duration, time, rich text, barcode, created and last modified time through sync with two real desktop
 * replicas and the real server: a table made on one desktop reaches the server and the other replica with equal
 * values (the system times are the server's), and offline edits of the same rating and duration become field
 * conflicts that show each value the way its kind reads it.
 */
class NewKindsSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static FieldDef field(String name, FieldType type) {
        return FieldDef.of(UUID.randomUUID(), name, type);
    }

    /** A row's values by field name, as the API writes them (so replicas compare by what they mean). */
    private static Map<String, Object> api(TableDef t, Row r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDef f : t.activeFields()) {
            Object v = r.value(f.id());
            out.put(f.name(), v == null ? null : String.valueOf(FieldValues.toWire(f.type(), v)));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNewKindsSyncToTheServerAndAnotherReplicaAndClashAsFieldConflicts() throws Exception {
        String email = "kinds-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("Ops").id(), null, "Tasks", List.of(
                field("Title", new FieldType.Text()),
                field("Stars", new FieldType.Rating(7)),
                field("Took", new FieldType.Duration()),
                field("Opens", new FieldType.TimeOfDay()),
                field("Notes", new FieldType.RichText()),
                field("Code", new FieldType.Barcode("upc_a")),
                field("Created", new FieldType.CreatedTime()),
                field("Changed", new FieldType.LastModifiedTime()),
                field("Page", new FieldType.Button("Open", "\"https://x.example/\" & {Title}"))));
        Map<UUID, Object> values = new LinkedHashMap<>();
        values.put(t.field("Title").orElseThrow().id(), "Pumps");
        values.put(t.field("Stars").orElseThrow().id(), new BigDecimal(6));
        values.put(t.field("Took").orElseThrow().id(), new BigDecimal(5415));
        values.put(t.field("Opens").orElseThrow().id(), "07:45");
        values.put(t.field("Notes").orElseThrow().id(), "# Pumps\n\n- **A**\n- B");
        values.put(t.field("Code").orElseThrow().id(), "036000291452");
        Row row = a.records.insert(t, values);
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();

        // the server: types and values in their API forms
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        ApiClient.Response rec = api.get("/api/tables/" + t.id() + "/records/" + row.id());
        assertThat(rec.status()).as(rec.body()).isEqualTo(200);
        Map<String, Object> onServer = (Map<String, Object>) rec.get("fields");
        assertThat(new BigDecimal(onServer.get("Stars").toString())).isEqualByComparingTo("6");
        assertThat(new BigDecimal(onServer.get("Took").toString())).isEqualByComparingTo("5415");
        assertThat(onServer).containsEntry("Opens", "07:45").containsEntry("Notes", "# Pumps\n\n- **A**\n- B")
                .containsEntry("Code", "036000291452").containsEntry("Page", "https://x.example/Pumps");
        assertThat(OffsetDateTime.parse((String) onServer.get("Created")))
                .isAtSameInstantAs(OffsetDateTime.parse((String) rec.get("createdAt")));
        ApiClient.Response table = api.get("/api/tables/" + t.id());
        assertThat(table.body()).contains("\"rating\"").contains("\"max\":7").contains("\"duration\"")
                .contains("\"time\"").contains("\"rich_text\"").contains("\"upc_a\"").contains("\"created_time\"")
                .contains("\"last_modified_time\"").contains("\"button\"");

        // the other replica: same schema, same values (system times are the server's on both after a pull)
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();
        a.engine.syncOnce();
        TableDef tb = b.schema.table(t.id());
        assertThat(tb.field("Stars").orElseThrow().type()).isEqualTo(new FieldType.Rating(7));
        assertThat(tb.field("Code").orElseThrow().type()).isEqualTo(new FieldType.Barcode("upc_a"));
        Map<String, Object> onB = api(tb, b.records.byId(tb, row.id()).orElseThrow());
        Map<String, Object> onA = api(t, a.records.byId(t, row.id()).orElseThrow());
        assertThat(onB).isEqualTo(onA);
        assertThat(onB.get("Took")).isEqualTo("5415");
        assertThat(onB.get("Page")).isEqualTo("https://x.example/Pumps");
        assertThat(OffsetDateTime.parse((String) onB.get("Created")))
                .isAtSameInstantAs(OffsetDateTime.parse((String) rec.get("createdAt")));

        // both offline: the same rating and duration changed to different values
        UUID stars = t.field("Stars").orElseThrow().id();
        UUID took = t.field("Took").orElseThrow().id();
        a.records.update(t, List.of(new RecordStore.CellChange(row.id(), stars, new BigDecimal(6), new BigDecimal(2)),
                new RecordStore.CellChange(row.id(), took, new BigDecimal(5415), new BigDecimal(5400))));
        b.records.update(tb, List.of(new RecordStore.CellChange(row.id(), stars, new BigDecimal(6), new BigDecimal(7)),
                new RecordStore.CellChange(row.id(), took, new BigDecimal(5415), new BigDecimal(1800))));
        a.engine.syncOnce();
        b.engine.syncOnce();
        List<Conflicts.Conflict> clashes = b.engine.conflicts().open();
        assertThat(clashes).extracting(Conflicts.Conflict::fieldName).containsExactlyInAnyOrder("Stars", "Took");
        Conflicts.Conflict onTook = clashes.stream().filter(k -> "Took".equals(k.fieldName())).findFirst().orElseThrow();
        assertThat(onTook.kind()).isEqualTo(Conflicts.Kind.FIELD);
        // the conflicts screen reads them as the grid does: h:mm, not seconds
        assertThat(onTook.shown(onTook.mine())).isEqualTo("0:30");
        assertThat(onTook.shown(onTook.theirs())).isEqualTo("1:30");
        assertThat(onTook.shown(onTook.base())).isEqualTo("1:30:15");
        assertThat(ConflictsViewModel.label(onTook)).endsWith("Took: 0:30 / 1:30");

        // merging types a value like a grid cell; it wins everywhere
        b.engine.conflicts().merge(onTook, "45m");
        Conflicts.Conflict onStars = b.engine.conflicts().open().getFirst();
        b.engine.conflicts().takeTheirs(onStars);
        b.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(b.engine.conflicts().open()).isEmpty();
        Row ra = a.records.byId(t, row.id()).orElseThrow();
        Row rb = b.records.byId(tb, row.id()).orElseThrow();
        assertThat((BigDecimal) ra.value(took)).isEqualByComparingTo("2700");
        assertThat((BigDecimal) ra.value(stars)).isEqualByComparingTo("2");
        assertThat(api(t, ra)).isEqualTo(api(tb, rb));
        assertThat((OffsetDateTime) ra.value(t.field("Changed").orElseThrow().id()))
                .isAfter(OffsetDateTime.parse((String) rec.get("updatedAt")));
    }
}
