package dev.rowan.desktop.navigator;

import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.FolderInfo;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Drag and drop in the navigator, on a real workspace, without the FX thread. */
class NavigatorViewModelTest {
    @TempDir
    Path dir;

    private static List<String> names(List<NavItem> items) {
        return items.stream().map(NavItem::name).toList();
    }

    private static NavItem named(NavigatorViewModel vm, String name) {
        List<NavItem> queue = new java.util.ArrayList<>(vm.apps());
        while (!queue.isEmpty()) {
            NavItem n = queue.removeFirst();
            if (n.name().equals(name)) return n;
            queue.addAll(n.children());
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void draggedAppsFoldersAndTablesKeepTheirNewPlaceAfterReopening() {
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            AppInfo a = schema.createApp("Alpha");
            schema.createApp("Beta");
            schema.createApp("Gamma");
            FolderInfo f1 = schema.createFolder(a.id(), "F1");
            schema.createFolder(a.id(), "F2");
            for (String t : List.of("T1", "T2", "T3")) {
                schema.createTable(a.id(), null, t, List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            }
            schema.createTable(a.id(), f1.id(), "InF1", List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            NavigatorViewModel vm = new NavigatorViewModel(schema);
            vm.reload();
            assertThat(names(vm.apps())).containsExactly("Alpha", "Beta", "Gamma");

            vm.drop(named(vm, "Gamma"), named(vm, "Alpha"));
            vm.drop(named(vm, "F2"), named(vm, "F1"));
            vm.drop(named(vm, "T3"), named(vm, "T1"));
            // a table dropped on a table in a folder joins that folder, before it
            vm.drop(named(vm, "T2"), named(vm, "InF1"));
            // refused: a folder onto a table, an app onto a folder
            assertThat(vm.canDrop(named(vm, "F1"), named(vm, "T1"))).isFalse();
            assertThat(vm.canDrop(named(vm, "Beta"), named(vm, "F1"))).isFalse();
        }
        try (Workspace ws = Workspace.open(dir)) {
            NavigatorViewModel vm = new NavigatorViewModel(new SchemaStore(ws));
            vm.reload();
            assertThat(names(vm.apps())).containsExactly("Gamma", "Alpha", "Beta");
            NavItem alpha = named(vm, "Alpha");
            assertThat(names(alpha.children())).containsExactly("F2", "F1", "T3", "T1");
            assertThat(names(named(vm, "F1").children())).containsExactly("T2", "InF1");
        }
    }
}
