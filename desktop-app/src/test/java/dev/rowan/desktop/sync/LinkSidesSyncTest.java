package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Replica;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both sides of a link on two desktops: a link edited on desktop A from the projects side reaches desktop B as a
 * change of the projects <em>and</em> of the tasks whose inverse field changed (the server journals both sides), so
 * B's pull names both tables and an open tasks grid refreshes; "limit to one" over records that hold several links
 * is refused on the desktop as on the server, and nothing is queued.
 */
class LinkSidesSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    @Test
    void aLinkEditOnOneDesktopReachesTheOtherAsAChangeOfBothSides() throws Exception {
        String email = "sides-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        String app = api.createApp("Sides");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text")))
                .get("id");
        assertThat(api.post("/api/tables/" + projects + "/fields", Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project"))).status()).isEqualTo(201);
        String p1 = api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "One"))).id();
        String t1 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "a"))).id();
        String t2 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "b"))).id();

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        a.engine.syncOnce();
        b.engine.syncOnce();
        List<Replica.Applied> seen = new ArrayList<>();
        b.engine.onChanges(seen::add);

        TableDef ta = a.schema.table(UUID.fromString(projects));
        a.records.setLinks(ta, UUID.fromString(p1), ta.field("Tasks").orElseThrow(),
                List.of(UUID.fromString(t1), UUID.fromString(t2)));
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();

        b.engine.syncOnce();
        Set<UUID> tables = new HashSet<>();
        int records = 0;
        for (Replica.Applied x : seen) {
            tables.addAll(x.tables());
            records += x.records();
        }
        assertThat(tables).as("the pull names both sides' tables")
                .contains(UUID.fromString(projects), UUID.fromString(tasks));
        assertThat(records).as("P1 and the two tasks whose inverse changed").isGreaterThanOrEqualTo(3);
        TableDef tb = b.schema.table(UUID.fromString(tasks));
        FieldDef project = tb.field("Project").orElseThrow();
        for (String t : List.of(t1, t2)) {
            assertThat(b.records.page(tb, null, List.of(), null, 100).rows().stream()
                    .filter(r -> r.id().toString().equals(t)).findFirst().orElseThrow().value(project.id()))
                    .as("task " + t + " reads its project on B").isNotNull();
        }

        // "limit to one" over a project with two tasks: refused on the desktop, nothing queued, nothing changed
        TableDef tp = b.schema.table(UUID.fromString(projects));
        FieldDef link = tp.field("Tasks").orElseThrow();
        FieldType.Link l = (FieldType.Link) link.type();
        FieldDef limited = link.withType(new FieldType.Link(l.targetTable(), l.inverseField(), true, l.junction(),
                l.forward()));
        assertThatThrownBy(() -> b.schema.updateField(tp.id(), limited))
                .hasMessageContaining("1 record has more than one");
        assertThat(Outbox.size(b.ws)).isZero();
        assertThat(((FieldType.Link) b.schema.table(tp.id()).field("Tasks").orElseThrow().type()).limitOne())
                .isFalse();
        // the inverse side holds one project per task, so it may be limited
        FieldType.Link il = (FieldType.Link) project.type();
        b.schema.updateField(tb.id(), project.withType(new FieldType.Link(il.targetTable(), il.inverseField(), true,
                il.junction(), il.forward())));
        assertThat(((FieldType.Link) b.schema.table(tb.id()).field("Project").orElseThrow().type()).limitOne())
                .isTrue();
    }
}
