package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace written by the code from before migrations (test resource {@code workspaces/v0}, see its README) opens
 * with the current code: baselined at version 1, upgraded in place to the newest version, every piece of data kept.
 */
class WorkspaceMigrationTest {
    /** What the v0 file holds (its README says how it was made). */
    private static final UUID V0_WORKSPACE_ID = UUID.fromString("fdbbf254-067b-49f3-8705-83bbdb8d9398");

    @TempDir
    Path dir;

    @Test
    void workspaceFromBeforeMigrationsUpgradesInPlaceAndKeepsItsData() throws IOException {
        Path old = copyV0(dir.resolve("old"));
        try (Workspace ws = Workspace.open(old)) {
            assertThat(ws.id()).isEqualTo(V0_WORKSPACE_ID);
            assertThat(ws.setting("theme")).contains("dark");

            SchemaStore schema = new SchemaStore(ws);
            assertThat(schema.apps()).extracting(AppInfo::name).containsExactly("Project tracker");
            UUID app = schema.apps().getFirst().id();
            assertThat(schema.folders(app)).extracting(FolderInfo::name).containsExactly("Planning");
            assertThat(schema.tables(app)).extracting(TableInfo::name).containsExactlyInAnyOrder("Projects", "Tasks");
            TableDef projects = table(schema, app, "Projects");
            TableDef tasks = table(schema, app, "Tasks");
            assertThat(projects.fields()).extracting(FieldDef::name)
                    .containsExactly("Name", "Status", "Budget", "Due", "Owner", "Progress", "Archived");
            assertThat(projects.fields().get(2).type().kind()).isEqualTo("currency");
            // the view stored then ({"columns":[]}) survives the upgrade and reads, its unknown key dropped and named
            assertThat(new ViewStore(ws).list(projects)).singleElement().satisfies(v -> {
                assertThat(v.kind()).isEqualTo(dev.rowan.model.view.ViewKind.GRID);
                assertThat(v.config()).isEqualTo(dev.rowan.model.view.GridConfig.EMPTY);
                assertThat(v.dropped()).containsExactly("config.columns: unknown property");
            });

            RecordStore records = new RecordStore(ws);
            assertThat(records.count(projects, null)).isEqualTo(4);
            assertThat(records.count(tasks, null)).isEqualTo(5);
            UUID name = projects.fields().getFirst().id();
            assertThat(records.page(projects, null, List.of(), null, 10).rows())
                    .extracting(r -> r.value(name))
                    .containsExactlyInAnyOrder("Website relaunch", "Mobile app", "Office move", "Customer portal");

            assertThat(Outbox.size(ws)).isEqualTo(20);
            assertThat(Outbox.pending(ws, 100)).extracting(Mutation::entity).startsWith(Mutation.Entity.APP)
                    .contains(Mutation.Entity.FOLDER, Mutation.Entity.TABLE, Mutation.Entity.FIELD, Mutation.Entity.RECORD,
                            Mutation.Entity.VIEW);

            // the upgraded workspace takes new work
            records.insert(projects, Map.of(name, "Added after the upgrade"));
            assertThat(Outbox.size(ws)).isEqualTo(21);

            List<HistoryRow> history = ws.read(WorkspaceMigrationTest::history);
            // Flyway's own bookkeeping rows carry no version
            List<HistoryRow> versions = history.stream().filter(h -> h.version() != null).toList();
            assertThat(versions.getFirst()).isEqualTo(new HistoryRow("1", "BASELINE", true));
            assertThat(versions).contains(new HistoryRow("2", "SQL", true));
            assertThat(versions).extracting(HistoryRow::version).doesNotContain("0"); // schema rowan was already there
            assertThat(versions).filteredOn(h -> h.version().equals("1")).hasSize(1); // V1 did not run on it
            assertThat(history.getLast().version()).isEqualTo(newestKnownVersion(old).getVersion());
            List<String> v2Index = ws.read(c -> indexColumns(c, "ix_views_table"));
            assertThat(v2Index).containsExactly("table_id", "sort_order");
        }
        try (Workspace ws = Workspace.open(old)) {
            MigrationInfoService info = WorkspaceMigrations.flyway(Workspace.url(old), "rowan", "").info();
            assertThat(info.pending()).isEmpty();
            assertThat(info.current().getVersion()).isEqualTo(newestKnownVersion(old));
            SchemaStore schema = new SchemaStore(ws);
            TableDef projects = table(schema, schema.apps().getFirst().id(), "Projects");
            assertThat(new RecordStore(ws).count(projects, null)).isEqualTo(5);
        }
    }

    @Test
    void newWorkspaceRunsEveryVersionFromScratch() {
        Path fresh = dir.resolve("fresh");
        try (Workspace ws = Workspace.open(fresh)) {
            List<HistoryRow> history = ws.read(WorkspaceMigrationTest::history);
            assertThat(history).extracting(HistoryRow::type).doesNotContain("BASELINE");
            assertThat(history).contains(new HistoryRow("1", "SQL", true), new HistoryRow("2", "SQL", true));
            assertThat(history.getLast().version()).isEqualTo(newestKnownVersion(fresh).getVersion());
            List<String> v2Index = ws.read(c -> indexColumns(c, "ix_views_table"));
            assertThat(v2Index).containsExactly("table_id", "sort_order");
        }
        // reopening runs nothing again
        assertThat(WorkspaceMigrations.migrate(Workspace.url(fresh), "rowan", "").migrationsExecuted).isZero();
    }

    @Test
    void newestVersionConstantNamesTheNewestScript() {
        assertThat(WorkspaceMigrations.NEWEST).isEqualTo(newestKnownVersion(dir.resolve("any")).getVersion());
    }

    @Test
    void onlyAWorkspaceAtTheNewestVersionSkipsFlyway() throws IOException, SQLException {
        Path old = copyV0(dir.resolve("old"));
        String url = Workspace.url(old);
        try (Connection c = java.sql.DriverManager.getConnection(url, "rowan", "")) {
            assertThat(WorkspaceMigrations.upToDate(c)).as("no history yet").isFalse();
            WorkspaceMigrations.flyway(url, "rowan", "").baseline(); // history at 1: V2 still to run
            assertThat(WorkspaceMigrations.upToDate(c)).as("baselined only").isFalse();
            WorkspaceMigrations.bringUpToDate(c, url, "rowan", "");
            assertThat(WorkspaceMigrations.upToDate(c)).as("after migrating").isTrue();
            List<String> v2Index = indexColumns(c, "ix_views_table");
            assertThat(v2Index).containsExactly("table_id", "sort_order");
            try (Statement s = c.createStatement()) {
                // a failed newest script (Flyway records it on H2, whose DDL cannot roll back) must reach Flyway again
                s.execute("UPDATE rowan.flyway_schema_history SET success = FALSE WHERE version = '" + WorkspaceMigrations.NEWEST + "'");
            }
            assertThat(WorkspaceMigrations.upToDate(c)).as("last migration failed").isFalse();
        }
    }

    @Test
    void newAndUpgradedWorkspacesHaveTheSameSchema() throws IOException {
        Path old = copyV0(dir.resolve("old"));
        Path fresh = dir.resolve("fresh");
        List<String> upgradedColumns;
        List<String> upgradedIndexes;
        try (Workspace ws = Workspace.open(old)) {
            upgradedColumns = ws.read(WorkspaceMigrationTest::columns);
            upgradedIndexes = ws.read(WorkspaceMigrationTest::indexes);
        }
        try (Workspace ws = Workspace.open(fresh)) {
            assertThat(ws.read(WorkspaceMigrationTest::columns)).isEqualTo(upgradedColumns);
            assertThat(ws.read(WorkspaceMigrationTest::indexes)).isEqualTo(upgradedIndexes);
        }
        assertThat(upgradedColumns).contains("outbox.seq bigint NOT NULL IDENTITY", "outbox.entity_id uuid NOT NULL",
                "conflicts.resolved_at timestamp with time zone NULL", "flyway_schema_history.version character varying NULL");
        assertThat(upgradedIndexes).contains("views INDEX (table_id, sort_order)", "fields INDEX (table_id, sort_order)",
                "outbox UNIQUE INDEX (mutation_id)");
    }

    private static Path copyV0(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (InputStream in = WorkspaceMigrationTest.class.getResourceAsStream("/workspaces/v0/workspace.mv.db")) {
            assertThat(in).as("test resource workspaces/v0").isNotNull();
            Files.copy(in, folder.resolve("workspace.mv.db"));
        }
        return folder;
    }

    private static TableDef table(SchemaStore schema, UUID app, String name) {
        return schema.table(schema.tables(app).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().id());
    }

    /** The newest version among the scripts this build ships (what every workspace must end at). */
    private static MigrationVersion newestKnownVersion(Path folder) {
        return Arrays.stream(WorkspaceMigrations.flyway(Workspace.url(folder), "rowan", "").info().all())
                .filter(i -> i.getState() != MigrationState.BASELINE && i.getVersion() != null
                        && i.getScript().endsWith(".sql"))
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo)
                .orElseThrow();
    }

    record HistoryRow(@Nullable String version, String type, boolean success) {
    }

    private static List<HistoryRow> history(Connection c) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, type, success FROM rowan.flyway_schema_history"
                     + " ORDER BY installed_rank")) {
            while (rs.next()) rows.add(new HistoryRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        }
        return rows;
    }

    private static List<String> columns(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type, is_nullable, is_identity"
                     + " FROM information_schema.columns WHERE table_schema = 'rowan' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3)
                        + ("YES".equals(rs.getString(4)) ? " NULL" : " NOT NULL") + ("YES".equals(rs.getString(5)) ? " IDENTITY" : ""));
            }
        }
        return out;
    }

    /** Indexes by table, kind and columns; their generated names (primary keys, unique constraints) differ. */
    private static List<String> indexes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.table_name, i.index_type_name,"
                     + " LISTAGG(ic.column_name, ', ') WITHIN GROUP (ORDER BY ic.ordinal_position)"
                     + " FROM information_schema.indexes i JOIN information_schema.index_columns ic"
                     + " ON ic.index_schema = i.index_schema AND ic.index_name = i.index_name"
                     + " WHERE i.table_schema = 'rowan' GROUP BY i.table_name, i.index_name, i.index_type_name")) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " (" + rs.getString(3) + ")");
        }
        out.sort(null);
        return out;
    }

    private static List<String> indexColumns(Connection c, String index) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT column_name FROM information_schema.index_columns"
                + " WHERE index_schema = 'rowan' AND index_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
