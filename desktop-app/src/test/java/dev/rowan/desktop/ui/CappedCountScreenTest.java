package dev.rowan.desktop.ui;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.grid.GridView;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real grid over a big filtered table: the toolbar first says "150+ records" (the cap, 10,000 in the app)
 * with the rows read so far scrollable, then, after the first page, the exact count and every row. The background
 * work runs one task at a time when the test says so, so the capped state can be seen and photographed.
 */
@ExtendWith(ApplicationExtension.class)
class CappedCountScreenTest {
    private static final int CAP = 150;

    /** Runs submitted work only when asked, on the FX thread, one task at a time. */
    private static final class Stepper implements TaskExecutor {
        private final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> Handle submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            queue.add(() -> new SameThreadTaskExecutor().submit(title, work, onSuccess, onError));
            return () -> { };
        }

        boolean step() {
            Runnable r = queue.poll();
            if (r == null) return false;
            r.run();
            return true;
        }
    }

    @TempDir
    Path dir;
    Workspace ws;
    Stage stage;
    final Stepper stepper = new Stepper();
    GridViewModel vm;
    GridView view;
    TableDef t;
    FieldDef name;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() {
        if (ws != null) ws.close();
    }

    private void drain(FxRobot robot) {
        for (int i = 0; i < 50; i++) {
            boolean[] ran = new boolean[1];
            robot.interact(() -> ran[0] = stepper.step());
            if (!ran[0]) return;
        }
    }

    private String countLabel(FxRobot robot) {
        return robot.lookup("#grid-count").queryAs(Label.class).getText();
    }

    @Test
    void aBigFilteredTableShowsTheCappedCountThenTheExactOneAndEveryRow(FxRobot robot) {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Orders", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        FieldDef qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(name.id(), "order " + i);
            m.put(qty.id(), BigDecimal.valueOf(i % 10));
            rows.add(m);
        }
        records.insertAll(t, rows, () -> false);
        robot.interact(() -> {
            vm = new GridViewModel(schema, records, stepper);
            vm.setCountCap(CAP);
            view = new GridView(vm, () -> DateTimeFormatter.ISO_LOCAL_DATE, i -> { });
            stage.setScene(new Scene(new StackPane(view.root()), 1180, 360));
            stage.show();
            vm.open(t.id());
        });
        drain(robot);
        assertThat(countLabel(robot)).isEqualTo("1,000 records");

        robot.interact(() -> vm.setFilter(Filter.where("Qty", Operator.GTE, 5)));
        // the count runs (and whatever was asked before it): the grid shows the capped count and the rows it knows of
        for (int i = 0; i < 10 && !vm.countCappedProperty().get(); i++) robot.interact(stepper::step);
        assertThat(countLabel(robot)).isEqualTo("150+ records (filtered)");
        assertThat(view.table().getItems()).hasSize(CAP + 1);
        // then the first page, which asks for the exact count after it
        for (int i = 0; i < 10 && view.table().getItems().get(0).record().get() == null; i++) {
            robot.interact(stepper::step);
        }
        assertThat(view.table().getItems().get(0).record().get()).isNotNull();
        Screenshots.write(stage.getScene(), "grid-capped-count.png");
        drain(robot);
        assertThat(countLabel(robot)).isEqualTo("500 records (filtered)");
        assertThat(view.table().getItems()).hasSize(500);

        robot.interact(() -> view.table().scrollTo(480));
        drain(robot);
        Row far = view.table().getItems().get(480).record().get();
        assertThat(far).as("a row past the cap is read when scrolled to").isNotNull();
        assertThat(far.value(name.id())).isEqualTo("order 965");
    }
}
