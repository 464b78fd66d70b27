package dev.rowan.model.view;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The typed configuration of one view, one record per kind. There is one JSON form ({@link #toMap()}, field
 * references as id strings, {@code type} naming the kind) and two ways in:
 * <ul>
 * <li>{@link #parse} for a write (a pushed view, a saved view): anything wrong is refused with a path per problem
 * ({@code config.query.sorts[0].fieldId}); references to fields that were removed are dropped, since a removed field
 * never shows in any view;</li>
 * <li>{@link #read} for a stored view: never fails; what no longer fits the table (removed fields, wrong shapes) is
 * dropped and reported, and the shapes stored before issue 9 (the server's old grid, form and {@code card}, the
 * desktop's old grid) are migrated.</li>
 * </ul>
 * A new kind adds a record here, a case in {@link ConfigReader} and one in {@link #defaults}; the compiler points
 * at every switch that must learn it.
 */
public sealed interface ViewConfig permits GridConfig, FormConfig, GalleryConfig, KanbanConfig, CalendarConfig,
        TimelineConfig {

    ViewKind kind();

    /** The records this view reads. */
    RecordQuery query();

    /**
     * The filter and order of the reads this view makes of {@code table}, for the indexes they need (the desktop's
     * automatic indexes build them when the view is saved or opened): its {@link #query} unless the kind reads
     * otherwise (a grouped grid orders by its groups first, a board reads column by column).
     */
    default RecordQuery readShape(dev.rowan.model.schema.TableDef table) {
        return query();
    }

    /** The JSON form (a fresh, modifiable map of plain values). */
    Map<String, Object> toMap();

    /** What is wrong with this configuration for the table, with paths under {@code config}; empty when valid. */
    default List<FieldError> validate(TableDef table) {
        ConfigReader r = new ConfigReader(table, ConfigReader.Mode.WRITE, "config");
        r.config(kind(), toMap());
        return r.errors();
    }

    /**
     * A configuration sent by a client, checked against the table. Unknown kind, wrong shapes and unknown field ids
     * are refused (422, one {@link FieldError} per problem, paths under {@code config} and {@code type}).
     */
    static ViewConfig parse(@Nullable String kind, @Nullable Object config, TableDef table) {
        ViewKind k = kind == null ? null : ViewKind.fromApi(kind).orElse(null);
        if (k == null || "card".equals(kind)) {
            throw RowanException.invalid("type", "A view's type is one of " + String.join(", ", ViewKind.names()));
        }
        ConfigReader r = new ConfigReader(table, ConfigReader.Mode.WRITE, "config");
        ViewConfig c = r.config(k, config == null ? Map.of() : config);
        if (!r.errors().isEmpty()) {
            FieldError first = r.errors().getFirst();
            throw RowanException.invalid("The view's settings are not valid: " + first.field() + ": " + first.message()
                    + (r.errors().size() > 1 ? " (and " + (r.errors().size() - 1) + " more)" : ""), r.errors());
        }
        return c;
    }

    /**
     * A stored configuration, read for the table as it is now. Never fails: an unknown kind reads as an empty grid,
     * and everything dropped is listed in {@link Read#dropped()}.
     */
    static Read read(String kind, @Nullable Object config, TableDef table) {
        ViewKind k = ViewKind.fromApi(kind).orElse(null);
        if (k == null) return new Read(GridConfig.EMPTY, List.of("type: unknown view type, read as a grid"));
        ConfigReader r = new ConfigReader(table, ConfigReader.Mode.READ, "config");
        ViewConfig c = r.config(k, config == null ? Map.of() : config);
        return new Read(c, r.dropped());
    }

    /** A stored configuration as JSON text (as the desktop workspace keeps it); unreadable text reads as empty. */
    static Read readJson(String kind, @Nullable String json, TableDef table) {
        Object tree;
        try {
            tree = json == null || json.isBlank() ? Map.of() : dev.rowan.model.json.JsonText.parse(json);
        } catch (IllegalArgumentException e) {
            Read r = read(kind, Map.of(), table);
            return new Read(r.config(), List.of("config: not JSON, read as the defaults"));
        }
        return read(kind, tree, table);
    }

    /** The configuration a new view of this kind starts with. */
    static ViewConfig defaults(ViewKind kind) {
        return switch (kind) {
            case GRID -> GridConfig.EMPTY;
            case FORM -> new FormConfig(RecordQuery.ALL, List.of(), FormConfig.SINGLE_COLUMN);
            case GALLERY -> new GalleryConfig(RecordQuery.ALL, null, null);
            case KANBAN -> KanbanConfig.EMPTY;
            case CALENDAR -> new CalendarConfig(RecordQuery.ALL);
            case TIMELINE -> new TimelineConfig(RecordQuery.ALL);
        };
    }

    /** A stored configuration as read: the config and what had to be dropped to read it (empty when nothing). */
    record Read(ViewConfig config, List<String> dropped) {
        public Read {
            dropped = List.copyOf(dropped);
        }
    }
}
