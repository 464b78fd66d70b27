package dev.rowan.model.view;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a view configuration's JSON form for one table, in one of two modes: {@link Mode#WRITE} collects every
 * problem as a {@link FieldError} with its path (the caller refuses the write), {@link Mode#READ} drops what does
 * not fit and notes it. Both modes drop references to removed fields. Shapes from before issue 9 (no
 * {@code query} object) are migrated first, so an old client's push and an old stored row read alike.
 */
final class ConfigReader {
    enum Mode { WRITE, READ }

    /** Problems reported at most (a hostile config with 10,000 bad entries gets a short answer). */
    static final int MAX_ERRORS = 20;
    /** Entries a list of field ids may have (a table has far fewer fields). */
    static final int MAX_LIST = 1000;
    private static final Set<String> SYSTEM_SORTS = Set.of("createdAt", "updatedAt");

    private final TableDef table;
    private final Mode mode;
    private final String root;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    ConfigReader(TableDef table, Mode mode, String root) {
        this.table = table;
        this.mode = mode;
        this.root = root;
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    List<String> dropped() {
        return List.copyOf(dropped);
    }

    ViewConfig config(ViewKind kind, Object tree) {
        Map<String, Object> m = object(tree, root);
        if (m == null) m = Map.of();
        Object type = m.get("type");
        if (type != null && !(type instanceof String s && ViewKind.fromApi(s).orElse(null) == kind)) {
            wrong(root + ".type", "must be '" + kind.api() + "', the view's type");
        }
        Map<String, Object> cfg = m.containsKey("query") ? m : Legacy.migrate(kind, m, table);
        RecordQuery q = query(cfg.get("query"), root + ".query");
        return switch (kind) {
            case GRID -> grid(cfg, q);
            case FORM -> form(cfg, q);
            case GALLERY -> gallery(cfg, q);
            case KANBAN -> kanban(cfg, q);
            case CALENDAR -> calendar(cfg, q);
            case TIMELINE -> timeline(cfg, q);
        };
    }

    // ---------------------------------------------------------------- kinds

    private GridConfig grid(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "hidden", "order", "widths", "frozenColumns", "groups", "summaries",
                "colours", "collapsed"));
        Set<UUID> hidden = new LinkedHashSet<>(fieldList(cfg.get("hidden"), root + ".hidden"));
        List<UUID> order = fieldList(cfg.get("order"), root + ".order");
        Map<UUID, Double> widths = new LinkedHashMap<>();
        Object w = cfg.get("widths");
        if (w != null) {
            Map<String, Object> wm = object(w, root + ".widths");
            if (wm != null) {
                int n = 0;
                for (Map.Entry<String, Object> e : wm.entrySet()) {
                    String p = root + ".widths." + shorten(e.getKey());
                    if (++n > MAX_LIST) {
                        wrong(root + ".widths", "at most " + MAX_LIST + " widths");
                        break;
                    }
                    UUID id = field(e.getKey(), p);
                    if (id == null) continue;
                    if (!(e.getValue() instanceof Number num) || !Double.isFinite(num.doubleValue())
                            || num.doubleValue() < GridConfig.MIN_WIDTH || num.doubleValue() > GridConfig.MAX_WIDTH) {
                        wrong(p, "a width is a number from " + (int) GridConfig.MIN_WIDTH + " to "
                                + (int) GridConfig.MAX_WIDTH);
                        continue;
                    }
                    widths.put(id, num.doubleValue());
                }
            }
        }
        int frozen = 1;
        Object f = cfg.get("frozenColumns");
        if (f != null) {
            if (f instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                    && n.doubleValue() <= GridConfig.MAX_FROZEN) {
                frozen = n.intValue();
            } else {
                wrong(root + ".frozenColumns", "a whole number from 0 to " + GridConfig.MAX_FROZEN);
            }
        }
        List<GridGrouping.GroupBy> groups = groups(cfg.get("groups"));
        return new GridConfig(q, hidden, order, widths, frozen, groups, summaries(cfg.get("summaries")),
                colours(cfg.get("colours")), groups.isEmpty() ? List.of() : collapsed(cfg.get("collapsed"), groups.size()));
    }

    /** Collapsed group keys: lists of 1 to {@code levels} texts or nulls (a read drops what does not fit). */
    private List<List<@Nullable String>> collapsed(@Nullable Object v, int levels) {
        if (v == null) return List.of();
        String path = root + ".collapsed";
        List<?> list = list(v, path);
        if (list.size() > GridConfig.MAX_COLLAPSED) {
            wrong(path, "at most " + GridConfig.MAX_COLLAPSED + " collapsed groups");
            list = list.subList(0, GridConfig.MAX_COLLAPSED);
        }
        List<List<@Nullable String>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            if (!(list.get(i) instanceof List<?> key) || key.isEmpty() || key.size() > levels) {
                wrong(p, "a group key is a list of 1 to " + levels + " values");
                continue;
            }
            List<@Nullable String> k = new ArrayList<>();
            boolean ok = true;
            for (Object e : key) {
                if (e == null || e instanceof String str && str.length() <= GridConfig.MAX_KEY_TEXT) {
                    k.add((String) e);
                } else {
                    ok = false;
                }
            }
            if (!ok) {
                wrong(p, "a group key's values are texts of at most " + GridConfig.MAX_KEY_TEXT + " characters, or null");
                continue;
            }
            if (!out.contains(k)) out.add(k);
        }
        return out;
    }

    private List<GridGrouping.GroupBy> groups(@Nullable Object v) {
        if (v == null) return List.of();
        String path = root + ".groups";
        List<?> list = list(v, path);
        if (list.size() > GridGrouping.MAX_GROUPS) {
            wrong(path, "at most " + GridGrouping.MAX_GROUPS + " group levels");
            list = list.subList(0, GridGrouping.MAX_GROUPS);
        }
        List<GridGrouping.GroupBy> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            Map<String, Object> e = object(list.get(i), p);
            if (e == null) continue;
            keys(e, p, Set.of("fieldId", "direction"));
            UUID id = field(e.get("fieldId"), p + ".fieldId");
            if (id == null) continue;
            Object d = e.get("direction");
            if (d != null && !"asc".equals(d) && !"desc".equals(d)) {
                wrong(p + ".direction", "use asc or desc");
                continue;
            }
            if (out.stream().anyMatch(g -> g.fieldId().equals(id))) {
                wrong(p + ".fieldId", "this field is grouped on twice");
                continue;
            }
            if (table.fieldById(id).map(f -> f.type() instanceof dev.rowan.model.schema.FieldType.Json).orElse(false)) {
                wrong(p + ".fieldId", "records cannot be grouped by a JSON field");
                continue;
            }
            out.add(new GridGrouping.GroupBy(id, "desc".equals(d)));
        }
        return out;
    }

    private Map<UUID, GridGrouping.Summary> summaries(@Nullable Object v) {
        if (v == null) return Map.of();
        String path = root + ".summaries";
        Map<String, Object> m = object(v, path);
        if (m == null) return Map.of();
        Map<UUID, GridGrouping.Summary> out = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String p = path + "." + shorten(e.getKey());
            if (++n > MAX_LIST) {
                wrong(path, "at most " + MAX_LIST + " summaries");
                break;
            }
            UUID id = field(e.getKey(), p);
            if (id == null) continue;
            GridGrouping.Summary s = e.getValue() instanceof String text
                    ? GridGrouping.Summary.fromApi(text).orElse(null) : null;
            if (s == null) {
                wrong(p, "a summary is one of " + String.join(", ", java.util.Arrays.stream(
                        GridGrouping.Summary.values()).map(GridGrouping.Summary::api).toList()));
                continue;
            }
            // one rule for what a summary applies to (Summary.appliesTo: by the value a field holds, so a formula
            // or rollup giving a number can be summed), the same the desktop computes footers by
            if (!table.fieldById(id).map(f -> s.appliesTo(f.type())).orElse(true)) {
                wrong(p, s.numericOnly() ? s.api() + " needs a field holding numbers"
                        : s.api() + " needs a field with one value per record (not a list of options, members, links"
                        + " or files)");
                continue;
            }
            out.put(id, s);
        }
        return out;
    }

    private GridGrouping.RowColours colours(@Nullable Object v) {
        if (v == null) return GridGrouping.RowColours.NONE;
        String path = root + ".colours";
        Map<String, Object> m = object(v, path);
        if (m == null) return GridGrouping.RowColours.NONE;
        keys(m, path, Set.of("selectField", "rules"));
        UUID select = null;
        if (m.get("selectField") != null) {
            select = field(m.get("selectField"), path + ".selectField");
            if (select != null && !table.fieldById(select)
                    .map(f -> f.type() instanceof dev.rowan.model.schema.FieldType.SingleSelect).orElse(false)) {
                wrong(path + ".selectField", "rows are coloured by a single-select field");
                select = null;
            }
        }
        List<GridGrouping.ColourRule> rules = new ArrayList<>();
        if (m.get("rules") != null) {
            List<?> list = list(m.get("rules"), path + ".rules");
            if (list.size() > GridGrouping.MAX_RULES) {
                wrong(path + ".rules", "at most " + GridGrouping.MAX_RULES + " colour rules");
                list = list.subList(0, GridGrouping.MAX_RULES);
            }
            for (int i = 0; i < list.size(); i++) {
                String p = path + ".rules[" + i + "]";
                Map<String, Object> e = object(list.get(i), p);
                if (e == null) continue;
                keys(e, p, Set.of("filter", "colour"));
                Object c = e.get("colour");
                if (!(c instanceof String colour) || !GridGrouping.COLOUR.matcher(colour).matches()) {
                    wrong(p + ".colour", "a colour is written #rrggbb");
                    continue;
                }
                Filter f = e.get("filter") == null ? null : filter(e.get("filter"), p + ".filter");
                if (f == null) {
                    wrong(p + ".filter", "a colour rule needs a condition on a field of the table");
                    continue;
                }
                rules.add(new GridGrouping.ColourRule(f, colour.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return new GridGrouping.RowColours(select, rules);
    }

    private FormConfig form(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "fields", "layout", "successMessage"));
        List<FormConfig.Entry> entries = new ArrayList<>();
        Object fields = cfg.get("fields");
        if (fields != null) {
            List<?> list = list(fields, root + ".fields");
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String p = root + ".fields[" + i + "]";
                Map<String, Object> e = object(list.get(i), p);
                if (e == null) continue;
                keys(e, p, Set.of("fieldId", "label", "required", "help", "section"));
                UUID id = field(e.get("fieldId"), p + ".fieldId");
                if (id == null) continue;
                if (!seen.add(id)) {
                    wrong(p + ".fieldId", "this field is on the form twice");
                    continue;
                }
                String label = text(e.get("label"), p + ".label", "a label", FormConfig.MAX_LABEL);
                String help = text(e.get("help"), p + ".help", "help text", FormConfig.MAX_HELP);
                String section = text(e.get("section"), p + ".section", "a section heading", FormConfig.MAX_LABEL);
                boolean required = false;
                Object r = e.get("required");
                if (r instanceof Boolean b) required = b;
                else if (r != null) wrong(p + ".required", "expected true or false");
                entries.add(new FormConfig.Entry(id, label, required, help, section));
            }
        }
        String layout = FormConfig.SINGLE_COLUMN;
        Object l = cfg.get("layout");
        if (l instanceof String s && FormConfig.LAYOUTS.contains(s)) layout = s;
        else if (l != null) wrong(root + ".layout", "a layout is one of " + String.join(", ", FormConfig.LAYOUTS.stream().sorted().toList()));
        String success = text(cfg.get("successMessage"), root + ".successMessage", "a success message",
                FormConfig.MAX_MESSAGE);
        return new FormConfig(q, entries, layout, success);
    }

    /** Optional text of at most {@code max} characters; blank reads as none. */
    private @Nullable String text(@Nullable Object v, String path, String what, int max) {
        if (v == null) return null;
        if (v instanceof String s && s.length() <= max) return s.isBlank() ? null : s;
        wrong(path, what + " is text of at most " + max + " characters");
        return null;
    }

    private GalleryConfig gallery(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "titleField", "subtitleField", "cardSize"));
        UUID title = cfg.get("titleField") == null ? null : field(cfg.get("titleField"), root + ".titleField");
        UUID subtitle = cfg.get("subtitleField") == null ? null : field(cfg.get("subtitleField"), root + ".subtitleField");
        String size = GalleryConfig.MEDIUM;
        Object cs = cfg.get("cardSize");
        if (cs instanceof String s && GalleryConfig.SIZES.contains(s)) size = s;
        else if (cs != null) wrong(root + ".cardSize", "a card size is one of " + String.join(", ", GalleryConfig.SIZES));
        return new GalleryConfig(q, title, subtitle, size);
    }

    private KanbanConfig kanban(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "stackField", "titleField", "cardFields", "cardLimit",
                "hiddenColumns", "collapsedColumns", "manualOrder"));
        UUID stack = cfg.get("stackField") == null ? null : field(cfg.get("stackField"), root + ".stackField");
        FieldDef stackDef = stack == null ? null : table.fieldById(stack).orElse(null);
        if (stackDef != null && !(stackDef.type() instanceof dev.rowan.model.schema.FieldType.SingleSelect)) {
            // a field retyped since: a write is refused, a stored board reads without its stacks
            wrong(root + ".stackField", "a board is stacked by a single select field; " + stackDef.name() + " is not one");
            stack = null;
            stackDef = null;
        }
        UUID title = cfg.get("titleField") == null ? null : field(cfg.get("titleField"), root + ".titleField");
        List<UUID> cardFields = fieldList(cfg.get("cardFields"), root + ".cardFields");
        int limit = KanbanConfig.DEFAULT_CARD_LIMIT;
        Object l = cfg.get("cardLimit");
        if (l != null) {
            if (l instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                    && n.doubleValue() <= KanbanConfig.MAX_CARD_LIMIT) {
                limit = n.intValue();
            } else {
                wrong(root + ".cardLimit", "a whole number from 1 to " + KanbanConfig.MAX_CARD_LIMIT);
            }
        }
        Set<String> hidden = columns(cfg.get("hiddenColumns"), root + ".hiddenColumns", stackDef);
        Set<String> collapsed = columns(cfg.get("collapsedColumns"), root + ".collapsedColumns", stackDef);
        boolean manual = false;
        Object mo = cfg.get("manualOrder");
        if (mo instanceof Boolean b) manual = b;
        else if (mo != null) wrong(root + ".manualOrder", "true or false");
        return new KanbanConfig(q, stack, title, cardFields, limit, hidden, collapsed, manual);
    }

    /**
     * Column keys of a board: option ids of its stack field, or "" for the column without a value. An option that
     * was removed (or any key while the board has no stack field) is refused on write and dropped on read.
     */
    private Set<String> columns(@Nullable Object v, String path, @Nullable FieldDef stack) {
        Set<String> out = new LinkedHashSet<>();
        if (v == null) return out;
        List<?> list = list(v, path);
        List<String> known = stack == null ? List.of() : KanbanConfig.columnKeys(stack);
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            if (!(list.get(i) instanceof String key)) {
                wrong(p, "expected an option id");
                continue;
            }
            if (stack == null) {
                wrong(p, "the board has no stack field, so it has no columns");
                continue;
            }
            if (!known.contains(key)) {
                wrong(p, "'" + shorten(key) + "' is not an option of " + stack.name());
                continue;
            }
            out.add(key);
        }
        return out;
    }

    private CalendarConfig calendar(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "dateField", "endField", "titleField", "colorField"));
        UUID date = typed(cfg, "dateField", "a date field", t -> t instanceof FieldType.DateType);
        UUID end = typed(cfg, "endField", "a date field", t -> t instanceof FieldType.DateType);
        UUID title = typed(cfg, "titleField", "a field", t -> true);
        UUID color = typed(cfg, "colorField", "a single select field", t -> t instanceof FieldType.SingleSelect);
        if (end != null && date == null) {
            wrong(root + ".endField", "an end field needs a start (dateField)");
            end = null;
        }
        return new CalendarConfig(q, date, end, title, color);
    }

    private TimelineConfig timeline(Map<String, Object> cfg, RecordQuery q) {
        keys(cfg, root, Set.of("type", "query", "startField", "endField", "groupField", "titleField", "zoom"));
        UUID start = typed(cfg, "startField", "a date field", t -> t instanceof FieldType.DateType);
        UUID end = typed(cfg, "endField", "a date field", t -> t instanceof FieldType.DateType);
        UUID group = typed(cfg, "groupField", "a field", t -> true);
        UUID title = typed(cfg, "titleField", "a field", t -> true);
        String zoom = TimelineConfig.WEEK;
        Object z = cfg.get("zoom");
        if (z instanceof String s && TimelineConfig.ZOOMS.contains(s)) zoom = s;
        else if (z != null) wrong(root + ".zoom", "a zoom is one of " + String.join(", ", TimelineConfig.ZOOMS));
        return new TimelineConfig(q, start, end, group, title, zoom);
    }

    /** An optional field setting whose field must be of a type ({@code what} names it for the message). */
    private @Nullable UUID typed(Map<String, Object> cfg, String key, String what,
                                 java.util.function.Predicate<FieldType> fits) {
        Object v = cfg.get(key);
        if (v == null) return null;
        UUID id = field(v, root + "." + key);
        if (id == null) return null;
        FieldDef f = table.fieldById(id).orElseThrow();
        if (!fits.test(f.type())) {
            wrong(root + "." + key, f.name() + " is not " + what);
            return null;
        }
        return id;
    }

    // ---------------------------------------------------------------- the query

    private RecordQuery query(@Nullable Object v, String path) {
        if (v == null) return RecordQuery.ALL;
        Map<String, Object> m = object(v, path);
        if (m == null) return RecordQuery.ALL;
        keys(m, path, Set.of("filter", "sorts", "search", "fields"));
        Filter filter = m.get("filter") == null ? null : filter(m.get("filter"), path + ".filter");
        List<Sort> sorts = m.get("sorts") == null ? List.of() : sorts(m.get("sorts"), path + ".sorts");
        String search = "";
        Object s = m.get("search");
        if (s instanceof String text && text.length() <= RecordQuery.MAX_SEARCH) search = text;
        else if (s != null) wrong(path + ".search", "a search is text of at most " + RecordQuery.MAX_SEARCH + " characters");
        List<UUID> fields = fieldList(m.get("fields"), path + ".fields");
        return new RecordQuery(filter, sorts, search, fields);
    }

    private @Nullable Filter filter(Object v, String path) {
        Filter parsed;
        try {
            parsed = QueryParser.parseFilter(v);
        } catch (RowanException e) {
            if (e.errors().isEmpty()) wrong(path, e.getMessage());
            for (FieldError fe : e.errors()) {
                String at = fe.field().startsWith("filter") ? path + fe.field().substring("filter".length()) : path;
                wrong(at, fe.message());
            }
            return null;
        }
        Filter resolved = resolve(parsed, path);
        if (resolved == null || resolved instanceof Filter.Group g && g.conditions().isEmpty()) return null;
        try {
            // the same compile every query goes through: operators that do not fit a field's kind, values that
            // do not fit its type
            new RecordSql(SqlDialect.H2).where(table, resolved);
        } catch (RowanException e) {
            wrong(path, e.getMessage());
            return null;
        }
        return resolved;
    }

    /** The filter with field references as ids; conditions on fields that are gone are left out. */
    private @Nullable Filter resolve(Filter f, String path) {
        return switch (f) {
            case Filter.Group g -> {
                List<Filter> kept = new ArrayList<>();
                for (int i = 0; i < g.conditions().size(); i++) {
                    Filter c = resolve(g.conditions().get(i), path + ".conditions[" + i + "]");
                    if (c != null) kept.add(c);
                }
                yield new Filter.Group(g.logic(), kept);
            }
            case Filter.Condition c -> {
                if (SYSTEM_SORTS.contains(c.field())) yield c;
                UUID id = field(c.field(), path + ".field");
                yield id == null ? null : new Filter.Condition(id.toString(), c.operator(), c.value());
            }
        };
    }

    private List<Sort> sorts(Object v, String path) {
        List<?> list = list(v, path);
        if (list.size() > QueryParser.MAX_SORTS) {
            wrong(path, "at most " + QueryParser.MAX_SORTS + " sort keys");
            list = list.subList(0, QueryParser.MAX_SORTS);
        }
        List<Sort> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            Map<String, Object> e = object(list.get(i), p);
            if (e == null) continue;
            keys(e, p, Set.of("fieldId", "direction"));
            Object fid = e.get("fieldId");
            String ref;
            if (fid instanceof String s && SYSTEM_SORTS.contains(s)) {
                ref = s;
            } else {
                UUID id = field(fid, p + ".fieldId");
                if (id == null) continue;
                ref = id.toString();
            }
            Object d = e.get("direction");
            if (d != null && !"asc".equals(d) && !"desc".equals(d)) {
                wrong(p + ".direction", "use asc or desc");
                continue;
            }
            if (!seen.add(ref)) {
                wrong(p + ".fieldId", "this field is sorted on twice");
                continue;
            }
            out.add(new Sort(ref, "desc".equals(d)));
        }
        return out;
    }

    // ---------------------------------------------------------------- pieces

    /** A list of distinct field ids; {@code null} is an empty list. */
    private List<UUID> fieldList(@Nullable Object v, String path) {
        if (v == null) return List.of();
        List<?> list = list(v, path);
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            UUID id = field(list.get(i), path + "[" + i + "]");
            if (id == null) continue;
            if (out.contains(id)) {
                wrong(path + "[" + i + "]", "this field is listed twice");
                continue;
            }
            out.add(id);
        }
        return out;
    }

    /**
     * A reference to a field of the table: its id (on read also its name, as configs from before issue 9 may
     * have). A removed field is dropped in both modes; anything else that is not a field of this table is wrong.
     */
    private @Nullable UUID field(@Nullable Object v, String path) {
        if (!(v instanceof String s)) {
            wrong(path, "expected a field id");
            return null;
        }
        FieldDef f = null;
        try {
            f = table.fieldById(UUID.fromString(s)).orElse(null);
        } catch (IllegalArgumentException e) {
            if (mode == Mode.READ) f = table.field(s).orElse(null);
            if (f == null) {
                wrong(path, "'" + shorten(s) + "' is not a field id");
                return null;
            }
        }
        if (f == null) {
            wrong(path, "there is no field " + shorten(s) + " in table " + table.name());
            return null;
        }
        if (f.hidden()) {
            dropped.add(path + ": the field " + f.name() + " was removed");
            return null;
        }
        return f.id();
    }

    private List<?> list(Object v, String path) {
        if (!(v instanceof List<?> l)) {
            wrong(path, "expected a list");
            return List.of();
        }
        if (l.size() > MAX_LIST) {
            wrong(path, "at most " + MAX_LIST + " entries");
            return l.subList(0, MAX_LIST);
        }
        return l;
    }

    private @Nullable Map<String, Object> object(@Nullable Object v, String path) {
        if (!(v instanceof Map<?, ?> m)) {
            wrong(path, "expected an object");
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> {
            if (x != null) out.put(String.valueOf(k), x);
        });
        return out;
    }

    private void keys(Map<String, Object> m, String path, Set<String> allowed) {
        for (String k : m.keySet()) if (!allowed.contains(k)) wrong(path + "." + shorten(k), "unknown property");
    }

    /** Refused on write; dropped and noted on read. */
    private void wrong(String path, String message) {
        if (mode == Mode.READ) {
            if (dropped.size() < MAX_ERRORS) dropped.add(path + ": " + message);
        } else if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(path, message));
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
