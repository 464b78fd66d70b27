package dev.rowan.desktop.bench;

import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.Rank;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The data of the kanban benchmarks: a table whose records all sit in one column ("Todo") of a board in manual order,
 * every record ranked in it (as after people ordered the whole column), shown with one card field.
 */
record RankedBoardData(TableDef table, UUID board) {
    static final String COLUMN = "m1";

    /**
     * Creates it in {@code ws}; with {@code gridFirst} the table's first view is a plain grid ("All records"), so the
     * table opens in its grid and the board is the second tab of the view bar.
     */
    static RankedBoardData create(Workspace ws, int rows, boolean gridFirst) {
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        ViewStore views = new ViewStore(ws);
        List<SelectOption> options = List.of(new SelectOption(COLUMN, "Todo", "blue"),
                new SelectOption("m2", "Done", "green"));
        TableDef t = schema.createTable(schema.createApp("Bench").id(), null, "Ordered", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(options)),
                FieldDef.of(UUID.randomUUID(), "Estimate", new FieldType.NumberType(0))));
        FieldDef status = t.fields().get(1);
        for (int done = 0; done < rows; done += 10_000) {
            List<Map<UUID, @Nullable Object>> chunk = new ArrayList<>();
            for (int i = done; i < Math.min(rows, done + 10_000); i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(t.fields().get(0).id(), "Ordered " + i);
                v.put(status.id(), COLUMN);
                v.put(t.fields().get(2).id(), java.math.BigDecimal.valueOf(i % 13));
                chunk.add(v);
            }
            records.insertAll(t, chunk, () -> false);
        }
        List<Row> created = records.page(t, null, List.of(), null, rows).rows();
        if (gridFirst) views.save(t, null, "All records", GridConfig.EMPTY);
        UUID view = views.save(t, null, "Board", KanbanConfig.stackedBy(status.id()).withManualOrder(true)
                .withCardFields(List.of(t.fields().get(2).id()), 3));
        List<String> keys = Rank.after(null, rows);
        ws.write(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_ranks (view_id, "
                    + "record_id, \"rank\", updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setObject(1, view);
                    ps.setObject(2, created.get(i).id());
                    ps.setString(3, keys.get(rows - 1 - i));
                    ps.addBatch();
                    if (i % 5_000 == 4_999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            // as RankStore does for each rank it writes
            try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.view_unranked WHERE "
                    + "view_id = ?")) {
                ps.setObject(1, view);
                ps.executeUpdate();
            }
            return null;
        });
        ws.indexes().awaitBuilds(); // what saving the board asked for (in the app, built seconds after the save)
        return new RankedBoardData(t, view);
    }

    /**
     * The board as a person who used it before finds it: opened {@code times} times through its ViewModel (first
     * cards and counts, as the app reads them) and the automatic indexes those reads asked for built.
     */
    void openedBefore(Workspace ws, int times) {
        RecordStore records = new RecordStore(ws);
        var ctx = new dev.rowan.desktop.views.ViewContext(new SchemaStore(ws), records,
                new dev.rowan.desktop.views.RecordEditor(records, new dev.rowan.desktop.grid.UndoStack()),
                new ViewStore(ws), new dev.rowan.desktop.core.SameThreadTaskExecutor());
        for (int i = 0; i < times; i++) new dev.rowan.desktop.views.kanban.KanbanViewModel(ctx).open(table.id(), board);
        ws.indexes().awaitBuilds();
    }
}
