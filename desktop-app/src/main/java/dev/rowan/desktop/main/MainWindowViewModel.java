package dev.rowan.desktop.main;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.designer.DesignerViewModel;
import dev.rowan.desktop.form.RecordFormViewModel;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.GridViewType;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewHost;
import dev.rowan.desktop.navigator.NavigatorViewModel;
import dev.rowan.desktop.prefs.Preferences;
import dev.rowan.desktop.prefs.PreferencesViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SampleProject;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.TableDef;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

import java.util.UUID;
import java.util.function.Consumer;

/** The main window: wires navigator, the view host (grid first), designer and form ViewModels around the open table. */
public final class MainWindowViewModel {
    private final Workspace workspace;
    private final SchemaStore schema;
    private final RecordStore records;
    private final TaskExecutor executor;
    private final NavigatorViewModel navigator;
    private final ViewHost views;
    private final GridViewModel grid;
    private final DesignerViewModel designer;
    private final RecordFormViewModel form;
    private final PreferencesViewModel preferences;
    private final BooleanProperty offerSample = new SimpleBooleanProperty();
    private final BooleanProperty tableOpen = new SimpleBooleanProperty();
    private final StringProperty tableTitle = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private @Nullable UUID openTable;

    public MainWindowViewModel(Workspace workspace, TaskExecutor executor, Preferences prefs,
                               Consumer<Preferences> applyPreferences) {
        this.workspace = workspace;
        this.schema = new SchemaStore(workspace);
        this.records = new RecordStore(workspace);
        this.executor = executor;
        this.navigator = new NavigatorViewModel(schema);
        // the table's views are hosted: kinds from ViewKinds, each made from one context; the grid is the first kind
        // one undo history for the window: the views and the record form push onto it (Ctrl+Z)
        UndoStack history = new UndoStack();
        this.views = new ViewHost(new ViewContext(schema, records, new RecordEditor(records, history),
                new ViewStore(workspace), executor));
        this.grid = views.viewModel(GridViewType.INSTANCE);
        this.designer = new DesignerViewModel(schema, executor, views::reloadSchema);
        this.form = new RecordFormViewModel(schema, records, views::refresh, history);
        this.preferences = new PreferencesViewModel(workspace.folder(), prefs, applyPreferences);
        navigator.openTable().addListener((o, a, b) -> open(b));
        grid.message().addListener((o, a, b) -> showStatus(a, b));
        designer.message().addListener((o, a, b) -> showStatus(a, b));
        navigator.message().addListener((o, a, b) -> showStatus(a, b));
        form.message().addListener((o, a, b) -> showStatus(a, b));
    }

    /** Loads the navigator; an empty workspace offers the sample project (until declined). */
    public void start() {
        navigator.reload();
        offerSample.set(navigator.isEmpty() && workspace.setting("sample_offer").isEmpty());
        // the table open at the last close opens again (with its last view), as people left it
        workspace.setting(LAST_TABLE).flatMap(MainWindowViewModel::uuid).flatMap(navigator::find)
                .ifPresent(navigator::select);
    }

    /** The workspace setting naming the table open last (opened again at start). */
    static final String LAST_TABLE = "table.last";

    private static java.util.Optional<UUID> uuid(String s) {
        try {
            return java.util.Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    public void createSample() {
        offerSample.set(false);
        executor.submit("Creating the sample project", p -> SampleProject.create(schema, records), (AppInfo app) -> {
            workspace.putSetting("sample_offer", "taken");
            navigator.reload();
            navigator.apps().stream().filter(a -> a.id().equals(app.id())).findFirst()
                    .flatMap(a -> a.children().stream().filter(c -> c.kind() == dev.rowan.desktop.navigator.NavItem.Kind.FOLDER)
                            .flatMap(c -> c.children().stream()).findFirst())
                    .ifPresent(navigator::select);
        }, e -> status.set(Errors.message(e)));
    }

    public void declineSample() {
        workspace.putSetting("sample_offer", "declined");
        offerSample.set(false);
    }

    private void open(@Nullable UUID tableId) {
        TableDef shown = grid.table().get();
        if (shown != null && tableOpen.get() && shown.id().equals(tableId)) return;
        // (no question when the table went away: there is nothing left to save into)
        if (tableId != null && shown != null && tableOpen.get() && !form.leave()) {
            // the user keeps editing the record: the navigator goes back to its table
            navigator.find(shown.id()).ifPresent(navigator::select);
            return;
        }
        if (tableId == null) {
            tableOpen.set(false);
            tableTitle.set("");
            return;
        }
        TableDef t = schema.table(tableId);
        openTable = tableId;
        if (!tableId.toString().equals(workspace.setting(LAST_TABLE).orElse(null))) {
            workspace.putSetting(LAST_TABLE, tableId.toString());
        }
        tableTitle.set(t.name());
        views.open(tableId);
        designer.open(tableId);
        linkedFromGrid = false;
        form.open(tableId, null);
        tableOpen.set(true);
    }

    /** Opens the record at a grid position in the form. */
    public void editInForm(int rowIndex) {
        TableDef t = grid.table().get();
        if (t == null) return;
        var row = grid.loadedRecord(rowIndex);
        linkedFromGrid = false;
        form.open(t.id(), row == null ? null : row.id());
    }

    /**
     * Opens a linked record in the form from a grid row (a link chip clicked): the row's record first, then the
     * linked one in its place, so the form's "← Back" returns to the row's record. False when the form kept its
     * unsaved edits instead.
     */
    public boolean editLinkedInForm(int rowIndex, UUID tableId, UUID recordId) {
        TableDef t = grid.table().get();
        var row = t == null ? null : grid.loadedRecord(rowIndex);
        if (t == null || row == null || !form.leave()) return false;
        form.open(t.id(), row.id());
        form.openLinked(tableId, recordId);
        linkedFromGrid = true;
        return true;
    }

    /** Whether the form shows a record a grid link opened (Escape then returns to the grid). */
    private boolean linkedFromGrid;

    /**
     * Escape in the form (slice h-fieldgaps2): back along the links walked in the form, and from the record a grid
     * link opened, back to the grid (after the form's leave rule: valid edits saved). True when the grid should show.
     */
    public boolean escapeForm() {
        if (form.depth() > (linkedFromGrid ? 1 : 0)) {
            form.back();
            return false;
        }
        if (!linkedFromGrid || !form.leave()) return false;
        linkedFromGrid = false;
        return true;
    }

    /** Opens a record of the open table in the form by its id (a gallery card); leaves the form as it is when not. */
    public void editRecordInForm(UUID recordId) {
        if (openTable == null || !tableOpen.get() || !form.leave()) return;
        linkedFromGrid = false;
        form.open(openTable, recordId);
    }

    public Workspace workspace() { return workspace; }
    public NavigatorViewModel navigator() { return navigator; }
    public GridViewModel grid() { return grid; }
    public ViewHost views() { return views; }
    public DesignerViewModel designer() { return designer; }
    public RecordFormViewModel form() { return form; }
    public PreferencesViewModel preferences() { return preferences; }
    public BooleanProperty offerSample() { return offerSample; }
    public BooleanProperty tableOpen() { return tableOpen; }
    public StringProperty tableTitle() { return tableTitle; }
    public StringProperty status() { return status; }

    /** A screen's new message; when a screen clears its message, its old one leaves the status bar too. */
    private void showStatus(@Nullable String before, String now) {
        if (!now.isBlank()) status.set(now);
        else if (before != null && before.equals(status.get())) status.set("");
    }
}
