package dev.rowan.model.view;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The view configurations' one JSON form, the write-side refusals with their paths, and reads that never fail. */
class ViewConfigTest {
    static final FieldDef NAME = field("Name", "text", Map.of());
    static final FieldDef QTY = field("Qty", "number", Map.of());
    static final FieldDef DUE = field("Due", "date", Map.of());
    static final FieldDef STATUS = field("Status", "single_select", Map.of("options", List.of("Open", "Done")));
    static final FieldDef DUE2 = field("Done by", "date", Map.of("includeTime", true));
    static final FieldDef GONE = field("Gone", "text", Map.of()).withHidden(true);
    static final TableDef TABLE = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Tasks", "co", "dt_x",
            List.of(NAME, QTY, DUE, STATUS, DUE2, GONE));
    static final String UNKNOWN = UUID.randomUUID().toString();

    static FieldDef field(String name, String kind, Map<String, Object> config) {
        return FieldDef.of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, config, null));
    }

    static String option(FieldDef select, String label) {
        return ((dev.rowan.model.schema.FieldType.SingleSelect) select.type()).byLabel(label).orElseThrow().id();
    }

    static String id(FieldDef f) {
        return f.id().toString();
    }

    static RecordQuery query() {
        return new RecordQuery(Filter.and(Filter.where(id(QTY), Operator.GT, new java.math.BigDecimal("5")),
                Filter.or(Filter.where(id(STATUS), Operator.EQ, "Open"), Filter.where(id(NAME), Operator.IS_NULL, null))),
                List.of(Sort.desc(id(DUE)), Sort.asc("createdAt")), "urgent", List.of(NAME.id(), QTY.id()));
    }

    static ViewConfig sample(ViewKind kind) {
        return switch (kind) {
            case GRID -> new GridConfig(query(), Set.of(QTY.id()), List.of(DUE.id(), NAME.id()),
                    Map.of(NAME.id(), 240.0, DUE.id(), 95.0), 2);
            case FORM -> new FormConfig(query(), List.of(new FormConfig.Entry(NAME.id(), "Title", true),
                    new FormConfig.Entry(DUE.id(), null, false, "When it is due", "Planning")), "two-columns",
                    "Thanks, we got it");
            case GALLERY -> new GalleryConfig(query(), NAME.id(), STATUS.id(), GalleryConfig.LARGE);
            case KANBAN -> new KanbanConfig(query(), STATUS.id(), NAME.id(), List.of(DUE.id(), QTY.id()), 2,
                    Set.of(KanbanConfig.NO_VALUE), Set.of(option(STATUS, "Done")), true);
            case CALENDAR -> new CalendarConfig(query(), DUE.id(), DUE2.id(), NAME.id(), STATUS.id());
            case TIMELINE -> new TimelineConfig(query(), DUE.id(), DUE2.id(), STATUS.id(), NAME.id(), "month");
        };
    }

    @ParameterizedTest
    @EnumSource(ViewKind.class)
    void everyKindRoundTripsThroughItsJsonForm(ViewKind kind) {
        ViewConfig config = sample(kind);
        Object tree = JsonText.parse(JsonText.write(config.toMap()));
        ViewConfig back = ViewConfig.parse(kind.api(), tree, TABLE);
        assertThat(back).isEqualTo(config);
        assertThat(back.kind()).isEqualTo(kind);
        assertThat(config.validate(TABLE)).isEmpty();
        assertThat(ViewConfig.read(kind.api(), tree, TABLE)).isEqualTo(new ViewConfig.Read(config, List.of()));
        // field references travel as id strings, never names
        assertThat(JsonText.write(config.toMap())).contains(id(NAME)).doesNotContain("\"Name\"");
    }

    @ParameterizedTest
    @EnumSource(ViewKind.class)
    void everyKindHasDefaultsThatPassValidation(ViewKind kind) {
        ViewConfig d = ViewConfig.defaults(kind);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.validate(TABLE)).isEmpty();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("grid", Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", UNKNOWN)))),
                        "config.query.sorts[0].fieldId"),
                arguments("grid", Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", "Name")))),
                        "config.query.sorts[0].fieldId"),
                arguments("grid", Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", id(QTY), "direction", "up")))),
                        "config.query.sorts[0].direction"),
                arguments("grid", Map.of("query", Map.of("sorts", "Qty")), "config.query.sorts"),
                arguments("grid", Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", id(QTY)),
                        Map.of("fieldId", id(QTY))))), "config.query.sorts[1].fieldId"),
                arguments("grid", Map.of("query", Map.of("filter", Map.of("field", UNKNOWN, "operator", "eq",
                        "value", 1))), "config.query.filter.field"),
                arguments("grid", Map.of("query", Map.of("filter", Map.of("operator", "and", "conditions",
                        List.of(Map.of("field", id(QTY), "operator", "eq", "value", 1),
                                Map.of("field", UNKNOWN, "operator", "eq", "value", 1))))),
                        "config.query.filter.conditions[1].field"),
                arguments("grid", Map.of("query", Map.of("filter", Map.of("field", id(QTY), "operator", "matches"))),
                        "config.query.filter.operator"),
                arguments("grid", Map.of("query", Map.of("filter", Map.of("field", id(STATUS), "operator", "gt",
                        "value", "Open"))), "config.query.filter"),
                arguments("grid", Map.of("query", Map.of("search", 42)), "config.query.search"),
                arguments("grid", Map.of("query", Map.of("search", "x".repeat(201))), "config.query.search"),
                arguments("grid", Map.of("query", Map.of("fields", List.of(id(NAME), id(NAME)))), "config.query.fields[1]"),
                arguments("grid", Map.of("query", Map.of("limit", 5)), "config.query.limit"),
                arguments("grid", Map.of("query", "everything"), "config.query"),
                arguments("grid", Map.of("query", Map.of(), "hidden", List.of(UNKNOWN)), "config.hidden[0]"),
                arguments("grid", Map.of("query", Map.of(), "order", List.of(42)), "config.order[0]"),
                arguments("grid", Map.of("query", Map.of(), "widths", Map.of(id(NAME), 5)), "config.widths." + id(NAME)),
                arguments("grid", Map.of("query", Map.of(), "widths", Map.of(id(NAME), "wide")), "config.widths." + id(NAME)),
                arguments("grid", Map.of("query", Map.of(), "frozenColumns", -1), "config.frozenColumns"),
                arguments("calendar", Map.of("query", Map.of(), "dateField", id(NAME)), "config.dateField"),
                arguments("calendar", Map.of("query", Map.of(), "dateField", UNKNOWN), "config.dateField"),
                arguments("calendar", Map.of("query", Map.of(), "endField", id(DUE)), "config.endField"),
                arguments("calendar", Map.of("query", Map.of(), "colorField", id(QTY)), "config.colorField"),
                arguments("calendar", Map.of("query", Map.of(), "colour", id(STATUS)), "config.colour"),
                arguments("timeline", Map.of("query", Map.of(), "startField", id(STATUS)), "config.startField"),
                arguments("timeline", Map.of("query", Map.of(), "zoom", "year"), "config.zoom"),
                arguments("grid", Map.of("query", Map.of(), "frozenColumns", 1.5), "config.frozenColumns"),
                arguments("grid", Map.of("query", Map.of(), "script", "alert(1)"), "config.script"),
                arguments("grid", Map.of("type", "form", "query", Map.of()), "config.type"),
                arguments("grid", List.of(), "config"),
                arguments("form", Map.of("query", Map.of(), "fields", List.of(Map.of("fieldId", UNKNOWN))),
                        "config.fields[0].fieldId"),
                arguments("form", Map.of("query", Map.of(), "fields", List.of(Map.of("fieldId", id(NAME),
                        "required", "yes"))), "config.fields[0].required"),
                arguments("form", Map.of("query", Map.of(), "fields", List.of(Map.of("fieldId", id(NAME)),
                        Map.of("fieldId", id(NAME)))), "config.fields[1].fieldId"),
                arguments("form", Map.of("query", Map.of(), "layout", "spiral"), "config.layout"),
                arguments("form", Map.of("query", Map.of(), "fields", List.of(Map.of("fieldId", id(NAME),
                        "help", "x".repeat(FormConfig.MAX_HELP + 1)))), "config.fields[0].help"),
                arguments("form", Map.of("query", Map.of(), "fields", List.of(Map.of("fieldId", id(NAME),
                        "section", 7))), "config.fields[0].section"),
                arguments("form", Map.of("query", Map.of(), "successMessage", List.of("hi")), "config.successMessage"),
                arguments("form", Map.of("query", Map.of(), "successMessage", "x".repeat(FormConfig.MAX_MESSAGE + 1)),
                        "config.successMessage"),
                arguments("gallery", Map.of("query", Map.of(), "titleField", UNKNOWN), "config.titleField"),
                arguments("gallery", Map.of("query", Map.of(), "cardSize", "huge"), "config.cardSize"),
                arguments("kanban", Map.of("query", Map.of(), "groupField", id(STATUS)), "config.groupField"),
                arguments("kanban", Map.of("query", Map.of(), "manualOrder", "yes"), "config.manualOrder"),
                arguments("calendar", Map.of("query", Map.of(), "dateField", id(DUE), "endField", id(QTY)),
                        "config.endField"),
                arguments("spreadsheet", Map.of(), "type"),
                arguments("card", Map.of(), "type"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aWriteIsRefusedWithThePathOfWhatIsWrong(String kind, Object config, String path) {
        assertThatThrownBy(() -> ViewConfig.parse(kind, config, TABLE))
                .isInstanceOfSatisfying(RowanException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).extracting(FieldError::field).contains(path);
                    assertThat(e.getMessage()).contains(path).doesNotContain("dt_").doesNotContain("f_");
                });
    }

    @Test
    void aHostileConfigGetsAShortAnswer() {
        List<String> many = Stream.generate(() -> UUID.randomUUID().toString()).limit(5000).toList();
        assertThatThrownBy(() -> ViewConfig.parse("grid", Map.of("query", Map.of(), "hidden", many), TABLE))
                .isInstanceOfSatisfying(RowanException.class, e ->
                        assertThat(e.errors()).hasSizeBetween(1, ConfigReader.MAX_ERRORS));
    }

    @Test
    void aWriteDropsRemovedFieldsInsteadOfRefusingThem() {
        Map<String, Object> cfg = Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", id(GONE)),
                        Map.of("fieldId", id(QTY))), "filter", Map.of("field", id(GONE), "operator", "isNull")),
                "hidden", List.of(id(GONE), id(DUE)));
        GridConfig g = (GridConfig) ViewConfig.parse("grid", cfg, TABLE);
        assertThat(g.sorts()).containsExactly(Sort.asc(id(QTY)));
        assertThat(g.filter()).isNull();
        assertThat(g.hidden()).containsExactly(DUE.id());
    }

    @Test
    void aStaleConfigReadsWithoutFailingAndSaysWhatItDropped() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("type", "grid");
        cfg.put("query", Map.of("sorts", List.of(Map.of("fieldId", UNKNOWN), Map.of("fieldId", id(QTY), "direction", "desc")),
                "filter", Map.of("operator", "and", "conditions", List.of(
                        Map.of("field", id(GONE), "operator", "eq", "value", "x"),
                        Map.of("field", id(QTY), "operator", "gt", "value", 2))),
                "search", 17));
        cfg.put("hidden", List.of(id(GONE), id(STATUS)));
        cfg.put("widths", Map.of(id(GONE), 120, id(NAME), 300, UNKNOWN, 100));
        cfg.put("frozenColumns", "lots");
        cfg.put("colour", "teal");
        ViewConfig.Read r = ViewConfig.read("grid", cfg, TABLE);
        GridConfig g = (GridConfig) r.config();
        assertThat(g.sorts()).containsExactly(Sort.desc(id(QTY)));
        assertThat(g.filter()).isEqualTo(Filter.and(Filter.where(id(QTY), Operator.GT, 2)));
        assertThat(g.hidden()).containsExactly(STATUS.id());
        assertThat(g.widths()).containsOnlyKeys(NAME.id());
        assertThat(g.frozenColumns()).isEqualTo(1);
        assertThat(r.dropped()).anySatisfy(d -> assertThat(d).startsWith("config.query.sorts[0].fieldId"))
                .anySatisfy(d -> assertThat(d).startsWith("config.query.filter.conditions[0].field").contains("Gone"))
                .anySatisfy(d -> assertThat(d).startsWith("config.hidden[0]"))
                .anySatisfy(d -> assertThat(d).startsWith("config.frozenColumns"))
                .anySatisfy(d -> assertThat(d).startsWith("config.colour"))
                .anySatisfy(d -> assertThat(d).startsWith("config.query.search"));
    }

    @Test
    void unreadableStoredTextAndUnknownKindsStillRead() {
        assertThat(ViewConfig.readJson("grid", "{not json", TABLE).config()).isEqualTo(GridConfig.EMPTY);
        assertThat(ViewConfig.readJson("grid", "{\"columns\":[]}", TABLE).config()).isEqualTo(GridConfig.EMPTY);
        assertThat(ViewConfig.read("spreadsheet", Map.of(), TABLE).config()).isEqualTo(GridConfig.EMPTY);
        assertThat(ViewConfig.read("grid", "a string", TABLE).config()).isEqualTo(GridConfig.EMPTY);
    }

    // ---------------------------------------------------------------- shapes from before issue 9

    @Test
    void theServersOldGridReads() {
        Map<String, Object> old = Map.of("type", "grid",
                "fields", List.of(Map.of("fieldId", id(DUE), "width", 180, "hidden", false),
                        Map.of("fieldId", id(NAME), "width", 260, "hidden", false),
                        Map.of("fieldId", id(QTY), "width", 180, "hidden", true)),
                "sorts", List.of(), "filter", Map.of("operator", "and", "conditions", List.of()), "frozenColumns", 1);
        ViewConfig.Read r = ViewConfig.read("grid", old, TABLE);
        assertThat(r.dropped()).isEmpty();
        assertThat(r.config()).isEqualTo(new GridConfig(RecordQuery.ALL, Set.of(QTY.id()),
                List.of(DUE.id(), NAME.id(), QTY.id()), Map.of(NAME.id(), 260.0), 1));
        // an old client pushing it is accepted too, and stored in today's form
        assertThat(ViewConfig.parse("grid", old, TABLE)).isEqualTo(r.config());
    }

    @Test
    void theDesktopsOldGridReads() {
        String old = "{\"sorts\":[{\"field\":\"" + id(QTY) + "\",\"direction\":\"desc\"}],\"filter\":{\"operator\":"
                + "\"and\",\"conditions\":[{\"field\":\"" + id(STATUS) + "\",\"operator\":\"eq\",\"value\":\"Open\"}]},"
                + "\"hidden\":[\"" + id(DUE) + "\"],\"order\":[\"" + id(QTY) + "\"],\"widths\":{\"" + id(NAME) + "\":210}}";
        ViewConfig.Read r = ViewConfig.readJson("grid", old, TABLE);
        assertThat(r.dropped()).isEmpty();
        GridConfig g = (GridConfig) r.config();
        assertThat(g.sorts()).containsExactly(Sort.desc(id(QTY)));
        assertThat(g.filter()).isEqualTo(Filter.and(Filter.where(id(STATUS), Operator.EQ, "Open")));
        assertThat(g.hidden()).containsExactly(DUE.id());
        assertThat(g.order()).containsExactly(QTY.id());
        assertThat(g.widths()).containsEntry(NAME.id(), 210.0);
    }

    @Test
    void theServersOldFormReadsWithoutTheCopiedFieldSettings() {
        Map<String, Object> old = Map.of("type", "form", "layout", "single-column", "fields", List.of(
                Map.of("fieldId", id(NAME), "type", "input", "label", "Name", "required", true,
                        "validation", Map.of("maxLength", 5)),
                Map.of("fieldId", id(QTY), "type", "number", "label", "How many", "required", false,
                        "validation", Map.of())));
        ViewConfig.Read r = ViewConfig.read("form", old, TABLE);
        assertThat(r.dropped()).isEmpty();
        assertThat(r.config()).isEqualTo(new FormConfig(RecordQuery.ALL, List.of(
                new FormConfig.Entry(NAME.id(), null, true), new FormConfig.Entry(QTY.id(), "How many", false)),
                FormConfig.SINGLE_COLUMN));
    }

    @Test
    void anOldCardViewReadsAsAGallery() {
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("type", "card");
        old.put("titleField", id(NAME));
        old.put("subtitleField", id(QTY));
        old.put("fields", List.of(id(NAME), id(QTY), id(DUE)));
        old.put("layout", "grid");
        ViewConfig.Read r = ViewConfig.read("card", old, TABLE);
        assertThat(r.dropped()).isEmpty();
        assertThat(r.config()).isEqualTo(new GalleryConfig(RecordQuery.ALL.withFields(
                List.of(NAME.id(), QTY.id(), DUE.id())), NAME.id(), QTY.id()));
        assertThat(r.config().kind()).isEqualTo(ViewKind.GALLERY);
        assertThat(r.config().toMap()).containsEntry("type", "gallery");
        assertThat(ViewKind.fromApi("card")).contains(ViewKind.GALLERY);
    }

    @Test
    void namesInAConfigBuiltInCodeBecomeIds() {
        RecordQuery q = new RecordQuery(Filter.where("qty", Operator.GT, 1), List.of(Sort.asc("Name"),
                Sort.desc("createdAt")), "", List.of());
        GridConfig g = GridConfig.EMPTY.withQuery(q.byIds(TABLE));
        assertThat(g.validate(TABLE)).isEmpty();
        assertThat(g.sorts()).containsExactly(Sort.asc(id(NAME)), Sort.desc("createdAt"));
        assertThat(GridConfig.EMPTY.withQuery(q).validate(TABLE)).extracting(FieldError::field)
                .contains("config.query.sorts[0].fieldId", "config.query.filter.field");
    }
}
