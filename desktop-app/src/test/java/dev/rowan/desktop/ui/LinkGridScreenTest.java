package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links in the real grid: a link column shows one chip per linked record (its title), a lookup the looked-up
 * values and a rollup its sum, all computed by the workspace's H2 from its junction table.
 */
class LinkGridScreenTest extends DesktopScreenTest {

    @Test
    void aLinkColumnShowsChipsAndLookupsAndRollupsTheirValues(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Hours", new FieldType.NumberType(1))));
        TableDef projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        FieldDef link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, linkId, true)));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Task titles",
                new FieldType.Lookup(linkId, tasks.fields().get(0).id(), new FieldType.Text())));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Hours",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), RollupFunction.SUM, null,
                        new FieldType.NumberType(0))));
        tasks = schema.table(tasks.id());
        Row write = records.insert(tasks, Map.of(tasks.fields().get(0).id(), "Write the spec",
                tasks.fields().get(1).id(), new BigDecimal("2.5")));
        Row review = records.insert(tasks, Map.of(tasks.fields().get(0).id(), "Review",
                tasks.fields().get(1).id(), new BigDecimal("1.0")));
        Row ship = records.insert(tasks, Map.of(tasks.fields().get(0).id(), "Ship it",
                tasks.fields().get(1).id(), new BigDecimal("4.0")));
        TableDef p = schema.table(projects.id());
        Row launch = records.insert(p, Map.of(p.fields().get(0).id(), "Launch"));
        Row docs = records.insert(p, Map.of(p.fields().get(0).id(), "Docs"));
        records.setLinks(p, launch.id(), link, List.of(write.id(), review.id(), ship.id()));
        records.setLinks(p, docs.id(), link, List.of(review.id()));
        // a long list: the cell shows the first 20 and says how many more
        Row big = records.insert(p, Map.of(p.fields().get(0).id(), "Big"));
        List<UUID> many = new java.util.ArrayList<>();
        for (int i = 0; i < dev.rowan.model.link.LinkValues.CELL_LIMIT + 5; i++) {
            many.add(records.insert(tasks, Map.of(tasks.fields().get(0).id(), "t" + i)).id());
        }
        records.setLinks(p, big.id(), link, many);
        openTable(robot, p.id());
        waitFor("chips shown", () -> robot.lookup(".select-chip").queryAll().size() >= 25);
        List<String> chips = robot.lookup(".select-chip").queryAll().stream()
                .map(n -> n instanceof Label l ? l.getText() : "").toList();
        assertThat(chips).contains("Write the spec", "Review", "Ship it", "t0", "t19", "+5 more")
                .doesNotContain("t20", "t24");
        waitFor("rollup shown", () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Labeled l && "7.5".equals(l.getText())));
        assertThat(robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Labeled l
                        && "Write the spec, Review, Ship it".equals(l.getText()))).isTrue();
        Screenshots.write(desktop.scene(), "grid-links.png");
    }
}
