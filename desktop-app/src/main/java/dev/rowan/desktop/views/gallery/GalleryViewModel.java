package dev.rowan.desktop.views.gallery;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.views.SavedSettings;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewSettings;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A gallery view of a table: its settings ({@link GalleryConfig}, saved to the view as they change), the number of
 * cards, the cards' records loaded a page at a time when a card of the page is first asked for (keyset pages in the
 * view's order; an offset only for a page reached without its predecessor), and the selected card, moved by the
 * keyboard over a grid of {@link #columns()} cards per line.
 */
public final class GalleryViewModel implements HostedViewModel {
    public static final int PAGE_SIZE = 60;
    public static final String DEFAULT_VIEW_NAME = "Gallery";
    /** Fields a card shows when the view lists none, by card size (small, medium, large). */
    private static final Map<String, Integer> DEFAULT_FIELDS =
            Map.of(GalleryConfig.SMALL, 2, GalleryConfig.MEDIUM, 4, GalleryConfig.LARGE, 6);

    private final ViewContext context;
    private final Covers covers;
    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObjectProperty<GalleryConfig> config =
            new SimpleObjectProperty<>((GalleryConfig) ViewConfig.defaults(ViewKind.GALLERY));
    private final LongProperty count = new SimpleLongProperty();
    private final IntegerProperty columns = new SimpleIntegerProperty(1);
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    /** Bumped whenever loaded cards change (a page arrived, the records were read again): the view redraws. */
    private final IntegerProperty version = new SimpleIntegerProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final Map<Integer, List<Row>> pages = new HashMap<>();
    private final Map<Integer, Cursor> cursors = new HashMap<>();
    private final Set<Integer> loading = new HashSet<>();
    private final SavedSettings<GalleryConfig> saved;
    /** Which read the loaded pages belong to: a page from an earlier read arriving late is dropped. */
    private int generation;

    public GalleryViewModel(ViewContext context) {
        this(context, covers(new dev.rowan.desktop.workspace.FileOutbox(context.schema().workspace())));
    }

    private static Covers covers(dev.rowan.desktop.workspace.FileOutbox cache) {
        return Covers.firstAttachment(f -> cache.cached(f.id()));
    }

    public GalleryViewModel(ViewContext context, Covers covers) {
        this.context = context;
        this.saved = new SavedSettings<>(context, ViewKind.GALLERY, DEFAULT_VIEW_NAME, config, this::fail, () -> version.set(version.get() + 1));
        this.covers = covers;
    }

    /** Shows the gallery view {@code viewId} of the table (null: its first gallery view, else the defaults). */
    @Override
    public void open(UUID tableId, @Nullable UUID id) {
        TableDef t = context.schema().table(tableId);
        ViewStore.StoredView shown = saved.choose(t, id).orElse(null);
        table.set(t);
        config.set(shown == null ? (GalleryConfig) ViewConfig.defaults(ViewKind.GALLERY) : (GalleryConfig) shown.config());
        message.set(shown == null || shown.dropped().isEmpty() ? ""
                : "Some settings of this view no longer fit the table and were left out");
        selected.set(-1);
        refresh();
    }

    /** Reads the table's definition and this view's settings again, then the records. */
    @Override
    public void reloadSchema() {
        TableDef t = table.get();
        if (t == null || context.schema().findTable(t.id()).isEmpty()) return;
        open(t.id(), saved.viewId().orElse(null));
    }

    /** Counts the records again and forgets the loaded cards (they are read again as they are shown). */
    @Override
    public void refresh() {
        TableDef t = table.get();
        if (t == null) return;
        int gen = ++generation;
        pages.clear();
        cursors.clear();
        loading.clear();
        RecordQuery q = config.get().query();
        context.executor().submit("Counting records", p -> context.records().countMatching(t, q), n -> {
            if (gen != generation) return;
            count.set(n);
            if (selected.get() >= n) selected.set((int) (n - 1));
            version.set(version.get() + 1);
        }, this::fail);
    }

    /** The record of card {@code index} when its page is loaded; otherwise empty, and the page starts loading. */
    public Optional<Row> card(int index) {
        if (index < 0 || index >= count.get()) return Optional.empty();
        int page = index / PAGE_SIZE;
        List<Row> rows = pages.get(page);
        if (rows == null) {
            load(page);
            rows = pages.get(page);
            if (rows == null) return Optional.empty();
        }
        int at = index % PAGE_SIZE;
        return at < rows.size() ? Optional.of(rows.get(at)) : Optional.empty();
    }

    private void load(int page) {
        TableDef t = table.get();
        if (t == null || !loading.add(page)) return;
        int gen = generation;
        RecordQuery q = config.get().query();
        Cursor after = page == 0 ? null : cursors.get(page - 1);
        boolean keyset = page == 0 || after != null;
        context.executor().submit("Loading cards", p -> keyset
                ? context.records().pageMatching(t, q, after, PAGE_SIZE)
                : context.records().pageAt(t, q.filter(), q.sorts(), (long) page * PAGE_SIZE, PAGE_SIZE), (Page got) -> {
            if (gen != generation) return;
            pages.put(page, got.rows());
            if (got.next() != null) cursors.put(page, got.next());
            loading.remove(page);
            version.set(version.get() + 1);
        }, e -> {
            loading.remove(page);
            fail(e);
        });
    }

    private void fail(Throwable e) {
        message.set(Errors.message(e));
    }

    // ------------------------------------------------------------------ what a card shows

    /** The field that titles the cards: the view's, else the table's first text field, else its first field. */
    public Optional<FieldDef> titleField() {
        TableDef t = table.get();
        if (t == null) return Optional.empty();
        UUID chosen = config.get().titleField();
        if (chosen != null) {
            Optional<FieldDef> f = t.fieldById(chosen).filter(x -> !x.hidden());
            if (f.isPresent()) return f;
        }
        List<FieldDef> fields = t.activeFields();
        return fields.stream().filter(f -> f.type().textual()).findFirst()
                .or(() -> fields.stream().findFirst());
    }

    /**
     * The fields under a card's title, in order: the view's chosen fields, else the table's first fields (as many as
     * the card size holds); never the title field.
     */
    public List<FieldDef> cardFields() {
        TableDef t = table.get();
        if (t == null) return List.of();
        UUID title = titleField().map(FieldDef::id).orElse(null);
        List<UUID> chosen = config.get().query().fields();
        List<FieldDef> out = new ArrayList<>();
        if (chosen.isEmpty()) {
            int max = DEFAULT_FIELDS.get(config.get().cardSize());
            for (FieldDef f : t.activeFields()) {
                if (out.size() >= max) break;
                if (!f.id().equals(title)) out.add(f);
            }
            return out;
        }
        for (UUID id : chosen) {
            t.fieldById(id).filter(f -> !f.hidden() && !f.id().equals(title)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The cover of a card: the first image in its cover field that the desktop has locally (images larger than
     * 40 megapixels are left out: JavaFX would decode them whole).
     */
    public Optional<java.nio.file.Path> coverImage(Row r) {
        Optional<FieldDef> f = coverField();
        if (f.isEmpty()) return Optional.empty();
        for (dev.rowan.model.value.FileRef ref : dev.rowan.model.value.FileRef.list(r.value(f.get().id()))) {
            if (ref.image() && (long) ref.width() * ref.height() <= 40_000_000L) {
                Optional<java.nio.file.Path> p = covers.image(ref);
                if (p.isPresent()) return p;
            }
        }
        return Optional.empty();
    }

    /** The field whose image covers a card, when the table has one ({@link Covers}). */
    public Optional<FieldDef> coverField() {
        TableDef t = table.get();
        return t == null ? Optional.empty() : covers.coverField(t);
    }

    // ------------------------------------------------------------------ settings (saved to the view)

    public void setTitleField(@Nullable UUID fieldId) {
        save(config.get().withTitleField(fieldId), "title field");
    }

    public void setCardSize(String size) {
        if (size.equals(config.get().cardSize())) return;
        save(config.get().withCardSize(size), "card size");
    }

    /** Shows or hides a field on the cards (the first change turns the default fields into the view's list). */
    public void setCardFieldShown(UUID fieldId, boolean shown) {
        List<UUID> now = new ArrayList<>(cardFields().stream().map(FieldDef::id).toList());
        if (shown == now.contains(fieldId)) return;
        if (shown) now.add(fieldId);
        else now.remove(fieldId);
        GalleryConfig c = config.get();
        save(c.withQuery(c.query().withFields(now)), "card fields");
    }

    /** A settings change: saved to the view as one undo step (Ctrl+Z takes it back). */
    private void save(GalleryConfig cfg, String what) {
        saved.save(table.get(), cfg, what);
    }

    // ------------------------------------------------------------------ the keyboard

    /** Moves the selection by {@code dx} cards along a line and {@code dy} lines; the first move selects card 0. */
    public void move(int dx, int dy) {
        long n = count.get();
        if (n == 0) return;
        int at = selected.get();
        if (at < 0) {
            selected.set(0);
            return;
        }
        long to = at + dx + (long) dy * Math.max(1, columns.get());
        if (dy != 0 && (to < 0 || to >= n)) return; // no line above or below: stay
        selected.set((int) Math.max(0, Math.min(n - 1, to)));
    }

    public void selectFirst() {
        if (count.get() > 0) selected.set(0);
    }

    public void selectLast() {
        if (count.get() > 0) selected.set((int) count.get() - 1);
    }

    public void select(int index) {
        if (index >= 0 && index < count.get()) selected.set(index);
    }

    /** The record of the selected card, to open in the form (empty while none is selected or its page loads). */
    public Optional<UUID> selectedRecord() {
        return card(selected.get()).map(Row::id);
    }

    // ------------------------------------------------------------------ state

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public ObjectProperty<GalleryConfig> config() {
        return config;
    }

    /** The status bar's count: the gallery's cards. */
    @Override
    public Optional<javafx.beans.value.ObservableValue<String>> statusCount() {
        return Optional.of(javafx.beans.binding.Bindings.createStringBinding(() -> String.format("%,d card%s",
                count.get(), count.get() == 1 ? "" : "s"), count));
    }

    public LongProperty count() {
        return count;
    }

    /** Cards per line: the view sets it from its width and the card size; the keyboard moves by it. */
    public IntegerProperty columns() {
        return columns;
    }

    public IntegerProperty selected() {
        return selected;
    }

    public IntegerProperty version() {
        return version;
    }

    public StringProperty message() {
        return message;
    }

    public Optional<UUID> viewId() {
        return saved.viewId();
    }
}
