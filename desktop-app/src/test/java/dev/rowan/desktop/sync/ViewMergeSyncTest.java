package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two desktops of one company change the same view offline through a real server (issue 11): A sorts, B filters,
 * both sync and both have the sort and the filter; then both sort differently: the last to sync wins, and its
 * conflicts screen lists the other value, readable. A rename does not undo someone else's setting either.
 */
class ViewMergeSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static GridConfig grid(Client c, TableDef t, UUID viewId) {
        StoredView v = new ViewStore(c.ws).list(c.schema.table(t.id())).stream().filter(x -> x.id().equals(viewId))
                .findFirst().orElseThrow(() -> new AssertionError("no view " + viewId));
        return (GridConfig) v.config();
    }

    private static StoredView stored(Client c, TableDef t, UUID viewId) {
        return new ViewStore(c.ws).list(c.schema.table(t.id())).stream().filter(x -> x.id().equals(viewId))
                .findFirst().orElseThrow(() -> new AssertionError("no view " + viewId));
    }

    private static void save(Client c, TableDef t, UUID viewId, GridConfig config) {
        new ViewStore(c.ws).saveSettings(c.schema.table(t.id()), viewId, "Board", config);
    }

    @Test
    void differentSettingsBothStayAndTheSameSettingIsLastWriterWinsWithAConflict() throws Exception {
        String email = "views-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.Text())));
        String title = t.fields().get(0).id().toString();
        String qty = t.fields().get(1).id().toString();
        UUID view = new ViewStore(a.ws).save(t, null, "Board", GridConfig.EMPTY);
        a.engine.syncOnce();
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();
        assertThat(grid(b, t, view).sorts()).isEmpty();

        // offline: A sorts by Qty, B filters on Title
        List<Sort> byQty = List.of(new Sort(qty, true));
        Filter onTitle = new Filter.Condition(title, Operator.CONTAINS, "report");
        save(a, t, view, grid(a, t, view).withSorts(byQty));
        save(b, t, view, grid(b, t, view).withFilter(onTitle));
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();
        for (Client c : List.of(a, b)) {
            assertThat(grid(c, t, view).sorts()).as("sort on both desktops").isEqualTo(byQty);
            assertThat(grid(c, t, view).filter()).as("filter on both desktops").isEqualTo(onTitle);
            assertThat(c.engine.conflicts().open()).isEmpty();
        }

        // offline again: both sort, differently; A syncs first, B last: B's sort wins, B is told A's
        save(a, t, view, grid(a, t, view).withSorts(List.of(new Sort(title, false))));
        List<Sort> bSort = List.of(new Sort(qty, false));
        save(b, t, view, grid(b, t, view).withSorts(bSort).withWidth(t.fields().get(0).id(), 240));
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();
        for (Client c : List.of(a, b)) {
            assertThat(grid(c, t, view).sorts()).as("last writer's sort").isEqualTo(bSort);
            assertThat(grid(c, t, view).filter()).as("the filter nobody changed").isEqualTo(onTitle);
            assertThat(grid(c, t, view).widths()).containsEntry(t.fields().get(0).id(), 240.0);
        }
        // A synced first and lost: A's next pull tells A too (mine = A's sort, theirs = B's, now in effect)
        assertThat(a.engine.conflicts().open()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(Conflicts.Kind.VIEW);
            assertThat(k.overruled()).isTrue();
            assertThat(k.fieldName()).isEqualTo("query.sorts");
            assertThat(k.shown(k.mine())).isEqualTo("Title ascending");
            assertThat(k.shown(k.theirs())).isEqualTo("Qty ascending");
            assertThat(k.reason()).contains("View 'Board'", "Theirs replaced yours");
        });
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).as("told once").hasSize(1);
        List<Conflicts.Conflict> onB = b.engine.conflicts().open();
        assertThat(onB).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(Conflicts.Kind.VIEW);
            assertThat(k.subject()).isEqualTo("Sort");
            assertThat(k.fieldName()).isEqualTo("query.sorts");
            assertThat(k.shown(k.mine())).isEqualTo("Qty ascending");
            assertThat(k.shown(k.theirs())).isEqualTo("Title ascending");
            assertThat(k.shown(k.base())).isEqualTo("Qty descending");
            assertThat(k.reason()).contains("View 'Board'");
            assertThat(k.overruled()).isFalse();
        });

        // a rename on A (no setting changed) keeps B's sort on the server
        new ViewStore(a.ws).rename(a.schema.table(t.id()), view, "Renamed board");
        a.engine.syncOnce();
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        var read = api.get("/api/views/" + view);
        assertThat(read.get("name")).isEqualTo("Renamed board");
        assertThat(read.body()).contains("\"fieldId\":\"" + qty + "\"");
    }

    @Test
    void aRenameAndASettingsChangeOfflineBothSurviveAndTwoRenamesShowOnBothDesktops() throws Exception {
        String email = "views-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        String title = t.fields().get(0).id().toString();
        UUID view = new ViewStore(a.ws).save(t, null, "Board", GridConfig.EMPTY);
        a.engine.syncOnce();
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();

        // offline: A renames the view, B sorts it; both sync (in either order both changes stay)
        new ViewStore(a.ws).rename(a.schema.table(t.id()), view, "Open tasks");
        List<Sort> byTitle = List.of(new Sort(title, true));
        save(b, t, view, grid(b, t, view).withSorts(byTitle));
        b.engine.syncOnce();
        a.engine.syncOnce();
        b.engine.syncOnce();
        for (Client c : List.of(a, b)) {
            StoredView v = stored(c, t, view);
            assertThat(v.name()).as("the rename survives").isEqualTo("Open tasks");
            assertThat(((GridConfig) v.config()).sorts()).as("the sort survives").isEqualTo(byTitle);
            assertThat(c.engine.conflicts().open()).isEmpty();
        }

        // offline: both rename; A syncs first, B last: B's name wins and both see the contest
        new ViewStore(a.ws).rename(a.schema.table(t.id()), view, "A's name");
        new ViewStore(b.ws).rename(b.schema.table(t.id()), view, "B's name");
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();
        for (Client c : List.of(a, b)) {
            assertThat(stored(c, t, view).name()).isEqualTo("B's name");
            assertThat(((GridConfig) stored(c, t, view).config()).sorts())
                    .as("a rename keeps the sort").isEqualTo(byTitle);
        }
        assertThat(b.engine.conflicts().open()).singleElement().satisfies(k -> {
            assertThat(k.subject()).isEqualTo("View name");
            assertThat(k.overruled()).isFalse();
            assertThat(k.shown(k.mine())).isEqualTo("\u201cB's name\u201d");
            assertThat(k.shown(k.theirs())).isEqualTo("\u201cA's name\u201d");
        });
        assertThat(a.engine.conflicts().open()).singleElement().satisfies(k -> {
            assertThat(k.subject()).isEqualTo("View name");
            assertThat(k.overruled()).isTrue();
            assertThat(k.shown(k.mine())).isEqualTo("\u201cA's name\u201d");
            assertThat(k.shown(k.theirs())).isEqualTo("\u201cB's name\u201d");
        });

        // A uses its name again: an ordinary change (A had seen B's name), so nobody is told anything new
        a.engine.conflicts().useMineAgain(a.engine.conflicts().open().getFirst());
        a.engine.syncOnce();
        b.engine.syncOnce();
        assertThat(stored(b, t, view).name()).isEqualTo("A's name");
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(b.engine.conflicts().open()).as("only the contest B already had").hasSize(1);
    }
}
