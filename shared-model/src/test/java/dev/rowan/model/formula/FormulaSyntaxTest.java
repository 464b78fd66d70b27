package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.rowan.model.formula.FormulaTestSupport.FIELDS;
import static dev.rowan.model.formula.FormulaTestSupport.NAME;
import static dev.rowan.model.formula.FormulaTestSupport.QTY;
import static dev.rowan.model.formula.FormulaTestSupport.RESOLVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parser and checker: what is refused, with which message, at which line and column; the stored form. */
class FormulaSyntaxTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '→', quoteCharacter = '`', textBlock = """
            ``                                    → The formula is empty at 1:1
            1 +                                   → The formula ends too early; expected a value at 1:4
            (1 + 2                                → Expected a closing parenthesis before the end (opened at 1:1) at 1:7
            "abc                                  → The text is not closed; add a " at 1:1
            "a\\q"                                → Unknown escape \\q (use \\" \\' \\\\ \\n \\t or \\r) at 1:3
            {Nope} + 1                            → There is no field named "Nope" at 1:1
            {Qty                                  → The field reference is not closed; add a } at 1:1
            1 2                                   → Unexpected '2'; expected an operator or the end at 1:3
            abc                                   → Unknown name "abc"; write fields as {Field name} and functions with parentheses, e.g. ABC() at 1:1
            1.12345678901                         → The number has too many decimals (at most 10) at 1:1
            1234567890123456789                   → The number is too large (at most 18 digits before the point) at 1:1
            LEFT("a", 1, 2, 3)                    → LEFT expects 2 arguments, got 4 (LEFT(text, count)) at 1:1
            FOO(1)                                → Unknown function FOO; see the list of functions at 1:1
            ROUND("x")                            → ROUND expects a number as its first argument, got text at 1:7
            1 + "a"                               → '+' expects a number as its second argument, got text at 1:5
            IF(TRUE, 1, TRUE)                     → IF branches mix number and boolean at 1:13
            "a" < "b"                             → '<' compares numbers and dates; compare text with = or != at 1:5
            {Paid} > FALSE                        → '>' compares numbers and dates; compare boolean with = or != at 1:8
            {Qty} = "1"                           → '=' cannot compare values that mix number and text at 1:9
            NOT(1)                                → NOT expects a boolean as its first argument, got number at 1:5
            YEAR(5)                               → YEAR expects a date as its first argument, got number at 1:6
            REGEX_MATCH({Name}, {Name})           → REGEX_MATCH expects a text in quotes as its second argument (it is checked when the formula is saved) at 1:21
            REGEX_MATCH({Name}, "(a)\\\\1")       → REGEX_MATCH's pattern is not supported: \\1 is not supported in patterns (use \\d \\w \\s, their negations, or escape punctuation only) at 1:21
            REGEX_MATCH({Name}, "(?=a)")          → REGEX_MATCH's pattern is not supported: (? groups other than (?: are not supported (no lookaround, no flags) at 1:21
            REGEX_MATCH({Name}, "a+?")            → REGEX_MATCH's pattern is not supported: lazy or possessive quantifiers (+?) are not supported at 1:21
            REGEX_MATCH({Name}, "(a")             → REGEX_MATCH's pattern is not supported: missing closing ) at 1:21
            DATEADD({Due}, 1, "fortnights")       → DATEADD does not know the unit "fortnights"; use one of [years, months, weeks, days, hours, minutes, seconds] at 1:19
            DATETIME_DIFF({Due}, {At}, "months")  → DATETIME_DIFF does not know the unit "months"; use one of [weeks, days, hours, minutes, seconds] at 1:28
            DATETIME_FORMAT({At}, "YYYY Q")       → DATETIME_FORMAT's format is not supported: the format letter 'Q' is not known (use YYYY YY MM M DD D HH mm ss, and [text] for letters) at 1:23
            {Data}                                → Formulas cannot read json fields such as {Data} at 1:1
            COUNT({Name})                         → COUNT counts numbers and lists, got text; use COUNTA to count values of any type at 1:7
            ARRAYJOIN({Name})                     → ARRAYJOIN expects a list as its first argument, got text at 1:11
            """)
    void refusesWithPosition(String formula, String message) {
        assertThatThrownBy(() -> Formula.compile(formula, RESOLVER))
                .isInstanceOf(FormulaException.class)
                .hasMessage(message);
    }

    @Test
    void positionsCountLinesAndColumns() {
        FormulaException e = org.junit.jupiter.api.Assertions.assertThrows(FormulaException.class,
                () -> Formula.compile("IF(\n  {Paid},\n  ROUND(\"x\"),\n  2)", RESOLVER));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(9);
        assertThat(e.offset()).isEqualTo(22);
        assertThat(e.status()).isEqualTo(422);
    }

    @Test
    void typesTheResult() {
        assertThat(Formula.compile("{Qty} * 2", RESOLVER).type()).isEqualTo(FormulaType.NUMBER);
        assertThat(Formula.compile("{Qty} & \"\"", RESOLVER).type()).isEqualTo(FormulaType.TEXT);
        assertThat(Formula.compile("IF({Paid}, {Due}, {At})", RESOLVER).type()).isEqualTo(FormulaType.DATETIME);
        assertThat(Formula.compile("DATEADD({Due}, 1, \"days\")", RESOLVER).type()).isEqualTo(FormulaType.DATE);
        assertThat(Formula.compile("DATEADD({Due}, 1, \"hours\")", RESOLVER).type())
                .isEqualTo(FormulaType.DATETIME);
        assertThat(Formula.compile("ARRAYUNIQUE({Tags})", RESOLVER).type()).isEqualTo(FormulaType.LIST);
        assertThat(Formula.compile("BLANK()", RESOLVER).type()).isEqualTo(FormulaType.BLANK);
        assertThat(Formula.compile("{Paid} = TRUE", RESOLVER).type()).isEqualTo(FormulaType.BOOLEAN);
    }

    @Test
    void functionNamesIgnoreCaseAndFieldNamesFallBackToIgnoringCase() {
        assertThat(FormulaTestSupport.show(FormulaTestSupport.eval("round({qty}, 0) & lower(\"A\")")))
                .isEqualTo("13a");
    }

    @Test
    void storesFieldIdsSoARenameKeepsTheFormula() {
        Formula f = Formula.parse("ROUND({Qty} * 2, 1) & {Name}", RESOLVER);
        assertThat(f.stored()).isEqualTo("ROUND({fld:" + QTY.id() + "} * 2, 1) & {fld:" + NAME.id() + "}");
        assertThat(f.fieldIds()).containsExactly(QTY.id(), NAME.id());

        List<FieldDef> renamed = FIELDS.stream().map(d -> d.id().equals(QTY.id()) ? d.withName("Price {net}") : d)
                .toList();
        FieldResolver after = FieldResolver.of(renamed);
        Formula again = Formula.fromStored(f.stored(), after);
        assertThat(again.display(after)).isEqualTo("ROUND({Price {net\\}} * 2, 1) & {Name}");
        assertThat(again.source()).isEqualTo("ROUND({Price {net\\}} * 2, 1) & {Name}");
        assertThat(again.stored()).isEqualTo(f.stored());
        assertThat(Evaluator.evaluate(again.check(after), FormulaTestSupport.ROW))
                .isEqualTo(Evaluator.evaluate(f.check(RESOLVER), FormulaTestSupport.ROW));
    }

    @Test
    void aPreviewEvaluatesFromPlainValues() {
        EvalContext ctx = EvalContext.of(java.util.Map.of(QTY.id(), new java.math.BigDecimal("4.00")), null, null,
                null, java.time.Clock.systemUTC());
        assertThat(Evaluator.evaluate(Formula.compile("{Qty} * 2 & \" \" & {Name}", RESOLVER), ctx))
                .isEqualTo("8 ");
        assertThat(Evaluator.evaluate(Formula.compile("RECORD_ID()", RESOLVER), ctx)).isNull();
    }

    @Test
    void aRemovedFieldIsNamedAsGone() {
        Formula f = Formula.parse("{Name} & \"!\"", RESOLVER);
        FieldResolver without = FieldResolver.of(FIELDS.stream().filter(d -> !d.id().equals(NAME.id())).toList());
        assertThatThrownBy(() -> Formula.fromStored(f.stored(), without))
                .isInstanceOf(FormulaException.class)
                .hasMessage("The referenced field no longer exists; pick another field at 1:1");
    }

    @Test
    void theRegistryDocumentsEveryFunction() {
        assertThat(Functions.all()).hasSize(70);
        for (FunctionInfo f : Functions.all()) {
            assertThat(f.signature()).as(f.name()).startsWith(f.name() + "(");
            assertThat(f.description()).as(f.name()).isNotBlank();
            assertThat(f.example()).as(f.name()).isNotBlank();
            assertThat(f.category()).as(f.name()).isIn("logic", "numbers", "text", "dates", "record", "lists");
        }
        assertThat(Functions.all().stream().map(FunctionInfo::name)).contains("IF", "SWITCH", "AND", "OR", "NOT",
                "XOR", "ISBLANK", "BLANK", "ERROR", "ROUND", "ROUNDUP", "ROUNDDOWN", "FLOOR", "CEILING", "ABS", "MOD",
                "POWER", "SQRT", "EXP", "LOG", "MIN", "MAX", "SUM", "AVERAGE", "VALUE", "INT", "CONCAT", "LEFT",
                "RIGHT", "MID", "LEN", "UPPER", "LOWER", "TRIM", "SUBSTITUTE", "REPLACE", "FIND", "SEARCH", "REPT",
                "T", "REGEX_MATCH", "REGEX_EXTRACT", "REGEX_REPLACE", "TODAY", "NOW", "DATE", "YEAR", "MONTH", "DAY",
                "HOUR", "MINUTE", "WEEKDAY", "WEEKNUM", "DATEADD", "DATETIME_DIFF", "WORKDAY", "WORKDAY_DIFF",
                "DATETIME_FORMAT", "DATETIME_PARSE", "IS_BEFORE", "IS_AFTER", "IS_SAME", "RECORD_ID", "CREATED_TIME",
                "LAST_MODIFIED_TIME", "ARRAYJOIN", "ARRAYUNIQUE", "ARRAYCOMPACT", "COUNT", "COUNTA");
    }
}
