package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.ViewConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view stored before a field was removed (or purged) reads for the table as it is now, and its query runs on H2
 * and on PostgreSQL with the same rows: a stale view never breaks the grid on either side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaleViewQueryOnEnginesTest {
    private static final FieldDef NAME = field("Name", "text");
    private static final FieldDef QTY = field("Qty", "number");
    private static final FieldDef NOTE = field("Note", "text");
    private static final FieldDef PURGED = field("Purged", "text");
    /** As the view was saved: every field there. */
    private static final TableDef BEFORE = Engines.table("stale_views", List.of(NAME, QTY, NOTE, PURGED));
    /** Now: Note removed (hidden), Purged gone from the definition. */
    private static final TableDef NOW = new TableDef(BEFORE.id(), BEFORE.appId(), BEFORE.name(), BEFORE.schemaName(),
            BEFORE.physicalName(), List.of(NAME, QTY, NOTE.withHidden(true)));

    private Engines engines;
    private final List<UUID> ids = new ArrayList<>();

    private static FieldDef field(String name, String kind) {
        return FieldDef.of(UUID.nameUUIDFromBytes(("stale " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, Map.of(), null));
    }

    @BeforeAll
    void setUp() throws Exception {
        engines = new Engines("stale_views");
        OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (Engine e : engines.both()) Engines.create(e, BEFORE);
        for (int i = 0; i < 6; i++) {
            UUID id = UUID.nameUUIDFromBytes(("row " + i).getBytes(StandardCharsets.UTF_8));
            ids.add(id);
            Map<FieldDef, Object> values = new HashMap<>();
            values.put(NAME, "row " + i);
            values.put(QTY, java.math.BigDecimal.valueOf(i));
            values.put(NOTE, i % 2 == 0 ? "even" : "odd");
            values.put(PURGED, "p" + i);
            for (Engine e : engines.both()) Engines.insert(e, BEFORE, id, values, t0.plusMinutes(i));
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        engines.close();
    }

    @Test
    void aStaleGridConfigReadsAndItsQueryRunsAlikeOnBothEngines() throws Exception {
        String stored = "{\"type\":\"grid\",\"query\":{\"filter\":{\"operator\":\"and\",\"conditions\":["
                + "{\"field\":\"" + NOTE.id() + "\",\"operator\":\"eq\",\"value\":\"even\"},"
                + "{\"field\":\"" + PURGED.id() + "\",\"operator\":\"eq\",\"value\":\"p2\"},"
                + "{\"field\":\"" + QTY.id() + "\",\"operator\":\"gte\",\"value\":2}]},"
                + "\"sorts\":[{\"fieldId\":\"" + PURGED.id() + "\"},{\"fieldId\":\"" + QTY.id() + "\",\"direction\":\"desc\"}]},"
                + "\"hidden\":[\"" + NOTE.id() + "\"],\"order\":[\"" + PURGED.id() + "\",\"" + NAME.id() + "\"],"
                + "\"widths\":{},\"frozenColumns\":1}";
        // as saved, the view is valid for the table it was saved on
        assertThat(ViewConfig.readJson("grid", stored, BEFORE).dropped()).isEmpty();

        ViewConfig.Read read = ViewConfig.readJson("grid", stored, NOW);
        GridConfig g = (GridConfig) read.config();
        assertThat(read.dropped()).hasSize(5);
        assertThat(g.order()).containsExactly(NAME.id());
        assertThat(g.hidden()).isEmpty();
        for (Engine e : engines.both()) {
            List<UUID> got = Engines.page(e, NOW, e.records().page(NOW, g.filter(), g.sorts(), null, 100)).stream()
                    .map(Engines.Row::id).toList();
            assertThat(got).as(e.name()).containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2));
            assertThat(Engines.ids(e, NOW, e.records().where(NOW, g.filter()))).as(e.name()).hasSize(4);
        }
    }

    @Test
    void aViewWhoseWholeFilterIsGoneShowsEveryRecordOnBothEngines() throws Exception {
        String stored = "{\"sorts\":[{\"field\":\"" + NOTE.id() + "\",\"direction\":\"asc\"}],\"filter\":"
                + "{\"operator\":\"or\",\"conditions\":[{\"field\":\"" + PURGED.id() + "\",\"operator\":\"isNull\"}]},"
                + "\"hidden\":[],\"widths\":{\"" + PURGED.id() + "\":90}}";
        GridConfig g = (GridConfig) ViewConfig.readJson("grid", stored, NOW).config();
        assertThat(g.filter()).isNull();
        assertThat(g.sorts()).isEmpty();
        for (Engine e : engines.both()) {
            assertThat(Engines.ids(e, NOW, e.records().where(NOW, g.filter()))).as(e.name()).hasSize(6);
        }
    }
}
