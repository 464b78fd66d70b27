package dev.rowan.model.schema;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSpecTest {

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> json(String s) {
        return new HashMap<>((Map<String, Object>) JsonText.parse(s));
    }

    private static FieldDef parse(String s) {
        return FieldSpec.parseNew(json(s), 3);
    }

    @Test
    void parseNewReadsEveryPropertyOfTheApiShape() {
        UUID id = UUID.randomUUID();
        FieldDef f = parse("""
                {"id":"%s","name":"  Unit price  ","type":"currency","required":true,"unique":true,"indexed":true,
                 "defaultValue":9.999,"validation":{"min":0,"max":1000},"description":"per piece",
                 "config":{"currencyCode":"eur","precision":3}}""".formatted(id));
        assertThat(f.id()).isEqualTo(id);
        assertThat(f.name()).isEqualTo("Unit price");
        assertThat(f.type()).isEqualTo(new FieldType.Currency("EUR", 3));
        assertThat(f.required()).isTrue();
        assertThat(f.unique()).isTrue();
        assertThat(f.indexed()).isTrue();
        assertThat(f.defaultValue()).isEqualTo(new BigDecimal("9.999"));
        assertThat(f.validation()).isEqualTo(new Validation(BigDecimal.ZERO, new BigDecimal("1000"), null, null, null));
        assertThat(f.description()).isEqualTo("per piece");
        assertThat(f.position()).isEqualTo(3);
        assertThat(f.hidden()).isFalse();
        assertThat(f.columnName()).isEqualTo(PhysicalNames.column(id));
    }

    @Test
    void parseNewDefaultsAreFalseEmptyAndAFreshId() {
        FieldDef a = parse("{\"name\":\"A\",\"type\":\"text\"}");
        FieldDef b = parse("{\"name\":\"A\",\"type\":\"text\"}");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.required() || a.unique() || a.indexed()).isFalse();
        assertThat(a.validation()).isEqualTo(Validation.NONE);
        assertThat(a.defaultValue()).isNull();
        assertThat(a.description()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"number"}                                          | 0
            {"type":"number","precision":4}                            | 4
            {"type":"number","config":{"precision":2},"precision":5}   | 2
            {"type":"currency"}                                        | 2
            {"type":"percent","precision":10}                          | 10
            {"type":"percent","precision":0}                           | 0
            """)
    void precisionComesFromConfigFirstThenTopLevelThenTheDefault(String spec, int precision) {
        Map<String, @Nullable Object> m = json(spec);
        m.put("name", "N");
        assertThat(FieldSpec.parseNew(m, 0).type().config()).containsEntry("precision", precision);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            text            | text
            single_line_text | text
            TEXT            | text
            ' long_text '   | long_text
            checkbox        | boolean
            switch          | boolean
            date            | date
            """)
    void kindAliasesAreAccepted(String kind, String expected) {
        assertThat(FieldTypes.parse(kind, Map.of(), null).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"name":"A","type":"text","color":"red"}                     | color
            {"name":"A","type":"text","Name":"B"}                        | Name
            {"type":"text"}                                              | name
            {"name":"   ","type":"text"}                                 | name
            {"name":5,"type":"text"}                                     | name
            {"name":"A"}                                                 | type
            {"name":"A","type":7}                                        | type
            {"name":"A","type":"hologram"}                               | type
            {"name":"A","type":"rating","config":{"max":11}}             | config.max
            {"name":"A","type":"rating","max":5}                         | max
            {"name":"A","type":"barcode","config":{"format":"pdf417"}}   | config.format
            {"name":"A","type":"button"}                                 | config.formula
            {"name":"A","type":"text","id":"not-a-uuid"}                 | id
            {"name":"A","type":"text","id":42}                           | id
            {"name":"A","type":"text","required":"yes"}                  | required
            {"name":"A","type":"text","unique":1}                        | unique
            {"name":"A","type":"text","config":[1]}                      | config
            {"name":"A","type":"text","description":5}                   | description
            {"name":"A","type":"number","precision":11}                  | config.precision
            {"name":"A","type":"number","precision":-1}                  | config.precision
            {"name":"A","type":"number","precision":2.5}                 | config.precision
            {"name":"A","type":"number","precision":"2"}                 | config.precision
            {"name":"A","type":"number","precision":4294967297}          | config.precision
            {"name":"A","type":"currency","currencyCode":"EURO"}         | config.currencyCode
            {"name":"A","type":"currency","currencyCode":"E1R"}          | config.currencyCode
            {"name":"A","type":"currency","currencyCode":978}            | config.currencyCode
            {"name":"A","type":"date","includeTime":"yes"}               | config.includeTime
            {"name":"A","type":"single_select","options":"a,b"}          | config.options
            {"name":"A","type":"single_select","options":["a","A"]}      | config.options[1].label
            {"name":"A","type":"single_select","options":[" "]}          | config.options[0].label
            {"name":"A","type":"single_select","options":[5]}            | config.options[0]
            {"name":"A","type":"single_select","options":[{"color":"red"}]} | config.options[0].label
            {"name":"A","type":"single_select","options":[{"label":"a","color":"#12"}]} | config.options[0].color
            {"name":"A","type":"single_select","options":[{"label":"a","color":"Red!"}]} | config.options[0].color
            {"name":"A","type":"single_select","options":[{"label":"a","id":""}]} | config.options[0].id
            {"name":"A","type":"single_select","options":[{"label":"a","id":7}]}  | config.options[0].id
            {"name":"A","type":"multiple_select","options":[{"label":"a","id":"x"},{"label":"b","id":"x"}]} | config.options[1].id
            {"name":"A","type":"json","unique":true}                     | unique
            {"name":"A","type":"multiple_select","unique":true}          | unique
            {"name":"A","type":"long_text","unique":true}                | unique
            {"name":"A","type":"text","validation":"x"}                  | validation
            {"name":"A","type":"text","validation":{"regex":"a"}}        | validation.regex
            {"name":"A","type":"number","validation":{"min":5,"max":1}}  | validation
            {"name":"A","type":"number","validation":{"min":"1"}}        | validation.min
            {"name":"A","type":"text","validation":{"minLength":4,"maxLength":2}} | validation
            {"name":"A","type":"text","validation":{"minLength":-1}}     | validation.minLength
            {"name":"A","type":"text","validation":{"maxLength":1.5}}    | validation.maxLength
            {"name":"A","type":"text","validation":{"pattern":"(["}}     | validation.pattern
            {"name":"A","type":"text","validation":{"pattern":5}}        | validation.pattern
            {"name":"A","type":"number","defaultValue":"five"}           | defaultValue
            {"name":"A","type":"number","defaultValue":5,"validation":{"max":4}} | defaultValue
            {"name":"A","type":"single_select","options":["a"],"defaultValue":"b"} | defaultValue
            """)
    void badDefinitionsAreRejectedNamingTheProperty(String spec, String property) {
        assertThatThrownBy(() -> parse(spec)).isInstanceOfSatisfying(RowanException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).extracting(FieldError::field).contains(property);
        });
    }

    @Test
    void everyUnknownKeyIsReportedAtOnce() {
        assertThatThrownBy(() -> parse("{\"name\":\"A\",\"type\":\"text\",\"x\":1,\"y\":2}"))
                .isInstanceOfSatisfying(RowanException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder("x", "y"));
    }

    @Test
    void tooManyOptionsOrOverlongTextIsRejected() {
        Map<String, @Nullable Object> m = json("{\"name\":\"A\",\"type\":\"single_select\"}");
        m.put("options", java.util.stream.IntStream.rangeClosed(0, FieldSpec.MAX_OPTIONS).mapToObj(i -> "o" + i).toList());
        assertThatThrownBy(() -> FieldSpec.parseNew(m, 0)).isInstanceOf(RowanException.class)
                .hasMessageContaining("at most 1000 options");
        m.put("options", List.of("x".repeat(201)));
        assertThatThrownBy(() -> FieldSpec.parseNew(m, 0)).hasMessageContaining("1 to 200 characters");
        Map<String, @Nullable Object> d = json("{\"name\":\"A\",\"type\":\"text\"}");
        d.put("description", "x".repeat(10_001));
        assertThatThrownBy(() -> FieldSpec.parseNew(d, 0)).hasMessageContaining("at most 10000");
        Map<String, @Nullable Object> p = json("{\"name\":\"A\",\"type\":\"text\"}");
        p.put("validation", Map.of("pattern", "a".repeat(501)));
        assertThatThrownBy(() -> FieldSpec.parseNew(p, 0)).hasMessageContaining("at most 500");
    }

    @Test
    void optionsGetStableIdsLabelsStrippedAndDefaultColors() {
        FieldDef f = parse("""
                {"name":"S","type":"single_select","options":[" a ",{"id":"keep","label":"b","color":"#3366ff"},
                 {"label":"c","color":"teal"}]}""");
        List<SelectOption> o = ((FieldType.SingleSelect) f.type()).options();
        assertThat(o).extracting(SelectOption::label).containsExactly("a", "b", "c");
        assertThat(o.get(0).id()).matches("opt[0-9a-f]{12}");
        assertThat(o.get(0).color()).isEqualTo(FieldTypes.COLORS.get(0));
        assertThat(o.get(1)).isEqualTo(new SelectOption("keep", "b", "#3366ff"));
        assertThat(o.get(2).color()).isEqualTo("teal");
    }

    @Test
    void optionsKeepTheirIdsAcrossAPatch() {
        FieldDef f = parse("{\"name\":\"S\",\"type\":\"single_select\",\"options\":[{\"id\":\"o1\",\"label\":\"A\"},\"B\"]}");
        String idB = ((FieldType.Select) f.type()).byLabel("B").orElseThrow().id();
        FieldDef p = FieldSpec.parsePatch(f, json("{\"options\":[\"b\",\"A\",\"C\"]}"));
        FieldType.Select s = (FieldType.Select) p.type();
        assertThat(s.options()).extracting(SelectOption::label).containsExactly("b", "A", "C");
        assertThat(s.byLabel("A").orElseThrow().id()).isEqualTo("o1");
        assertThat(s.byLabel("b").orElseThrow().id()).isEqualTo(idB);
        assertThat(s.byLabel("C").orElseThrow().id()).isNotIn("o1", idB);
        // renaming an option is sending its id with a new label
        FieldDef renamed = FieldSpec.parsePatch(p, json("{\"config\":{\"options\":[{\"id\":\"o1\",\"label\":\"Alpha\"}]}}"));
        assertThat(((FieldType.Select) renamed.type()).options()).containsExactly(
                new SelectOption("o1", "Alpha", FieldTypes.COLORS.get(0)));
        // and switching to a multiple select keeps options and ids
        FieldDef multi = FieldSpec.parsePatch(p, json("{\"type\":\"multiple_select\"}"));
        assertThat(((FieldType.MultipleSelect) multi.type()).options()).isEqualTo(s.options());
    }

    @Test
    void patchChangesOnlyWhatItNames() {
        FieldDef f = parse("""
                {"name":"Qty","type":"number","precision":3,"required":true,"indexed":true,"defaultValue":1,
                 "validation":{"min":0},"description":"how many"}""");
        FieldDef renamed = FieldSpec.parsePatch(f, json("{\"name\":\" Quantity \"}"));
        assertThat(renamed).isEqualTo(f.withName("Quantity"));
        FieldDef money = FieldSpec.parsePatch(f, json("{\"type\":\"currency\"}"));
        assertThat(money.type()).isEqualTo(new FieldType.Currency("USD", 3));
        assertThat(money.defaultValue()).as("a default of another type is dropped").isNull();
        assertThat(money.id()).isEqualTo(f.id());
        FieldDef more = FieldSpec.parsePatch(f, json("{\"config\":{\"precision\":5}}"));
        assertThat(more.type()).isEqualTo(new FieldType.NumberType(5));
        FieldDef noRules = FieldSpec.parsePatch(f, json("{\"validation\":null,\"description\":null,\"required\":false}"));
        assertThat(noRules.validation()).isEqualTo(Validation.NONE);
        assertThat(noRules.description()).isNull();
        assertThat(noRules.required()).isFalse();
        assertThat(noRules.indexed()).isTrue();
        assertThatThrownBy(() -> FieldSpec.parsePatch(f, json("{\"type\":null}"))).isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> FieldSpec.parsePatch(f, json("{\"nope\":1}"))).isInstanceOf(RowanException.class);
    }

    @Test
    void patchingAHiddenFieldKeepsItHidden() {
        FieldDef hidden = parse("{\"name\":\"Old\",\"type\":\"text\"}").withHidden(true).withPosition(7);
        FieldDef patched = FieldSpec.parsePatch(hidden, json("{\"name\":\"Older\"}"));
        assertThat(patched.hidden()).isTrue();
        assertThat(patched.position()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"  Name  ", "Ünïcødé 名前", "Quote ' and \" ok", "a"})
    void checkNameTrims(String raw) {
        assertThat(FieldSpec.checkName("Field", raw)).isEqualTo(raw.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\nb", "tab\there", "bell\u0007", "nul\u0000", "del\u007f", "c1\u0085x"})
    void checkNameRejectsBlankAndControlCharacters(String raw) {
        assertThatThrownBy(() -> FieldSpec.checkName("Field", raw)).isInstanceOfSatisfying(RowanException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("name"));
    }

    @Test
    void checkNameCountsCharactersNotUtf16Units() {
        String emoji100 = "😀".repeat(FieldSpec.MAX_NAME);
        assertThat(FieldSpec.checkName("Field", emoji100)).isEqualTo(emoji100);
        assertThatThrownBy(() -> FieldSpec.checkName("Field", "a".repeat(FieldSpec.MAX_NAME + 1)))
                .hasMessageContaining("at most 100");
        assertThatThrownBy(() -> FieldSpec.checkName("Table", null)).hasMessageContaining("Table name is required");
        assertThatThrownBy(() -> FieldSpec.checkName("Table", 5)).isInstanceOf(RowanException.class);
    }

    @Test
    void duplicateNamesIgnoringCaseAreAConflict() {
        FieldDef a = parse("{\"name\":\"Status\",\"type\":\"text\"}");
        FieldDef b = parse("{\"name\":\"STATUS\",\"type\":\"number\"}");
        assertThatThrownBy(() -> FieldSpec.checkUniqueNames(List.of(a, b)))
                .isInstanceOfSatisfying(RowanException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("duplicate-name");
                    assertThat(e.getMessage()).contains("STATUS");
                });
        FieldSpec.checkUniqueNames(List.of(a, b.withHidden(true)));
        FieldSpec.checkUniqueNames(List.of(a, parse("{\"name\":\"Status 2\",\"type\":\"text\"}")));
    }

    @Test
    void tableFindsActiveFieldsByIdThenExactNameThenNameIgnoringCase() {
        FieldDef lower = parse("{\"name\":\"name\",\"type\":\"text\"}");
        FieldDef upper = parse("{\"name\":\"Name\",\"type\":\"text\"}");
        FieldDef gone = parse("{\"name\":\"Gone\",\"type\":\"text\"}").withHidden(true);
        TableDef t = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "T", "", "dt_x", List.of(lower, upper, gone));
        assertThat(t.field("Name")).contains(upper);
        assertThat(t.field("name")).contains(lower);
        assertThat(t.field("NAME")).contains(lower);
        assertThat(t.field(upper.id().toString().toUpperCase())).contains(upper);
        assertThat(t.field("Gone")).isEmpty();
        assertThat(t.field(gone.id().toString())).isEmpty();
        assertThat(t.fieldById(gone.id())).contains(gone);
        assertThat(t.activeFields()).containsExactly(lower, upper);
        assertThat(t.qualifiedName()).isEqualTo("dt_x");
        assertThat(new TableDef(t.id(), t.appId(), "T", "co_1", "dt_x", List.of()).qualifiedName()).isEqualTo("co_1.dt_x");
    }

    @Test
    void typeConfigIsWhatTheApiShows() {
        assertThat(parse("{\"name\":\"D\",\"type\":\"date\",\"includeTime\":true}").type().config())
                .isEqualTo(Map.of("includeTime", true));
        assertThat(parse("{\"name\":\"C\",\"type\":\"currency\",\"currencyCode\":\"chf\"}").type().config())
                .isEqualTo(Map.of("currencyCode", "CHF", "precision", 2));
        assertThat(parse("{\"name\":\"S\",\"type\":\"single_select\",\"options\":[{\"id\":\"i\",\"label\":\"L\",\"color\":\"red\"}]}")
                .type().config()).isEqualTo(Map.of("options", List.of(Map.of("id", "i", "label", "L", "color", "red"))));
        assertThat(parse("{\"name\":\"T\",\"type\":\"text\"}").type().config()).isEmpty();
        assertThat(new Validation(null, BigDecimal.TEN, 1, null, "x").toMap())
                .isEqualTo(Map.of("max", BigDecimal.TEN, "minLength", 1, "pattern", "x"));
    }
}
