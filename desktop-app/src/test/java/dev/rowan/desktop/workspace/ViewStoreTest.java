package dev.rowan.desktop.workspace;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Views in the workspace (read with the shared rules, saved like a push) and the record source's date ranges. */
class ViewStoreTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore views;
    TableDef t;
    FieldDef name;
    FieldDef due;
    FieldDef at;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Events", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "At", new FieldType.DateType(true))));
        name = t.fields().get(0);
        due = t.fields().get(1);
        at = t.fields().get(2);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private List<Mutation> viewMutations() {
        return Outbox.pending(ws, 1000).stream().filter(m -> m.entity() == Mutation.Entity.VIEW).toList();
    }

    private void storeRaw(UUID id, String kind, String config, int order) {
        ws.write(c -> SchemaStore.exec(c, "INSERT INTO rowan.views (id, table_id, name, kind, config, sort_order) "
                + "VALUES (?, ?, ?, ?, ?, ?)", id, t.id(), "raw " + kind, kind, config, order));
    }

    @Test
    void aSavedViewReadsBackAndIsQueuedInTheSharedJsonForm() {
        GridConfig grid = GridConfig.EMPTY.withSorts(List.of(Sort.desc(due.id().toString())))
                .withHidden(Set.of(at.id())).withWidth(name.id(), 250);
        UUID id = views.save(t, null, "Upcoming", grid);
        assertThat(views.list(t)).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(id);
            assertThat(v.name()).isEqualTo("Upcoming");
            assertThat(v.config()).isEqualTo(grid);
            assertThat(v.dropped()).isEmpty();
        });
        views.save(t, id, "Upcoming", grid.withHidden(Set.of()));
        assertThat(views.first(t, ViewKind.GRID).orElseThrow().config()).isEqualTo(grid.withHidden(Set.of()));
        List<Mutation> queued = viewMutations();
        assertThat(queued).extracting(Mutation::op).containsExactly(Mutation.Op.CREATE, Mutation.Op.UPDATE);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) JsonText.parse(queued.getFirst().payload());
        assertThat(payload).containsEntry("name", "Upcoming").containsEntry("type", "grid");
        assertThat(JsonText.write(payload.get("config"))).isEqualTo(JsonText.write(grid.toMap()));
    }

    @Test
    void aConfigThePushWouldRefuseIsRefusedHereAndNothingIsWritten() {
        GridConfig bad = GridConfig.EMPTY.withSorts(List.of(Sort.asc(UUID.randomUUID().toString())));
        assertThatThrownBy(() -> views.save(t, null, "Bad", bad)).isInstanceOfSatisfying(RowanException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("config.query.sorts[0].fieldId"));
        assertThat(views.list(t)).isEmpty();
        assertThat(viewMutations()).isEmpty();
    }

    @Test
    void storedViewsReadForTheTableAsItIsNow() {
        UUID old = UUID.randomUUID();
        UUID card = UUID.randomUUID();
        UUID future = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        // the desktop's grid from before issue 9, with a field that has been purged since
        String gone = UUID.randomUUID().toString();
        storeRaw(old, "grid", "{\"sorts\":[{\"field\":\"" + gone + "\",\"direction\":\"asc\"},{\"field\":\"" + due.id()
                + "\",\"direction\":\"desc\"}],\"hidden\":[\"" + gone + "\"],\"widths\":{\"" + name.id() + "\":140}}", 0);
        storeRaw(card, "card", "{\"type\":\"card\",\"titleField\":\"" + name.id() + "\",\"fields\":[\"" + name.id()
                + "\"],\"layout\":\"grid\"}", 1);
        storeRaw(future, "spreadsheet", "{}", 2);
        storeRaw(broken, "form", "not json at all", 3);
        List<ViewStore.StoredView> list = views.list(t);
        assertThat(list).extracting(ViewStore.StoredView::id).containsExactly(old, card, broken);
        GridConfig g = (GridConfig) list.get(0).config();
        assertThat(g.sorts()).containsExactly(Sort.desc(due.id().toString()));
        assertThat(g.hidden()).isEmpty();
        assertThat(g.widths()).containsEntry(name.id(), 140.0);
        assertThat(list.get(0).dropped()).hasSize(2);
        assertThat(list.get(1).config()).isEqualTo(new GalleryConfig(RecordQuery.ALL.withFields(List.of(name.id())),
                name.id(), null));
        assertThat(list.get(2).config()).isInstanceOf(FormConfig.class);
        assertThat(list.get(2).dropped()).isNotEmpty();
    }

    @Test
    void rangeFindsTheRecordsWhoseDateLiesInTheHalfOpenInterval() {
        ZoneId zone = ZoneOffset.UTC;
        for (int day = 1; day <= 10; day++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), day % 2 == 0 ? "even " + day : "odd " + day);
            v.put(due.id(), LocalDate.of(2026, 3, day));
            v.put(at.id(), OffsetDateTime.of(2026, 3, day, 23, 30, 0, 0, ZoneOffset.UTC));
            records.insert(t, v);
        }
        Page byDate = records.range(t, due.id(), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 7), zone,
                RecordQuery.ALL, 100);
        assertThat(byDate.rows()).extracting(r -> r.value(due.id())).containsExactly(LocalDate.of(2026, 3, 3),
                LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6));
        Page filtered = records.range(t, due.id(), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 7), zone,
                RecordQuery.ALL.withFilter(Filter.where(name.id().toString(), Operator.STARTS_WITH, "even")), 100);
        assertThat(filtered.rows()).extracting(r -> r.value(name.id())).containsExactly("even 4", "even 6");
        Page times = records.range(t, at.id(), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 20), zone,
                RecordQuery.ALL, 1);
        assertThat(times.rows()).extracting(r -> r.value(name.id())).containsExactly("odd 9");
        assertThat(times.next()).isNotNull();
        assertThatThrownBy(() -> records.range(t, name.id(), LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2), zone,
                RecordQuery.ALL, 10)).isInstanceOf(RowanException.class).hasMessageContaining("not a date field");
    }
}
