package dev.rowan.model.formula;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rowan.model.formula.FormulaTestSupport.eval;
import static dev.rowan.model.formula.FormulaTestSupport.show;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function and operator, evaluated in memory on one record (Qty 12.5, Name "Rowan Tree", Empty blank, Due
 * Saturday 2026-02-28, At 2026-11-28T14:30:15Z, Paid TRUE, Status Open, Tags red, green, red; today is
 * 2026-11-28T12:00Z). The property test holds PostgreSQL and H2 to the same results.
 */
class FormulaFunctionsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '→', quoteCharacter = '`', textBlock = """
            IF({Paid}, "yes", "no")                         → yes
            IF({Empty} = "x", 1, 2)                         → 2
            IF(FALSE, 1)                                    → BLANK
            IF(TRUE, 1, "a")                                → 1
            SWITCH({Status}, "Open", 1, "Done", 2, 0)       → 1
            SWITCH("zzz", "Open", 1, 0)                     → 0
            SWITCH("zzz", "Open", 1)                        → BLANK
            AND(TRUE, {Paid})                               → TRUE
            AND(TRUE, FALSE, {Empty} = "x")                 → FALSE
            AND(TRUE, {Empty} = "x")                        → BLANK
            OR(FALSE, {Paid})                               → TRUE
            OR(FALSE, {Empty} = "x")                        → BLANK
            NOT({Paid})                                     → FALSE
            XOR(TRUE, TRUE, TRUE)                           → TRUE
            XOR(TRUE, TRUE)                                 → FALSE
            ISBLANK({Empty})                                → TRUE
            ISBLANK("")                                     → TRUE
            ISBLANK(1 / 0)                                  → TRUE
            ISBLANK(0)                                      → FALSE
            BLANK()                                         → BLANK
            ERROR("boom")                                   → ERROR
            2 + 3 * 4                                       → 14
            (2 + 3) * 4                                     → 20
            10 - 4 - 3                                      → 3
            -2 * 3                                          → -6
            1 / 3                                           → 0.3333333333
            2 / 3                                           → 0.6666666667
            1 / 0                                           → ERROR
            7 % 3                                           → 1
            7 % 0                                           → ERROR
            {Qty} * 2                                       → 25
            {Qty} > 10                                      → TRUE
            {Qty} <= 12.5                                   → TRUE
            {Qty} != 12.5                                   → FALSE
            {Qty} <> 12.5                                   → FALSE
            {Status} = "Open"                               → TRUE
            "a" = "A"                                       → FALSE
            {Due} < {At}                                    → TRUE
            {Empty} = "x"                                   → BLANK
            ROUND(2.345, 2)                                 → 2.35
            ROUND(-2.5)                                     → -3
            ROUND(1234, -2)                                 → 1200
            ROUND(1, 30)                                    → ERROR
            ROUNDUP(2.341, 2)                               → 2.35
            ROUNDUP(-2.341, 2)                              → -2.35
            ROUNDDOWN(2.349, 2)                             → 2.34
            FLOOR(-2.5)                                     → -3
            CEILING(2.1)                                    → 3
            ABS(-4)                                         → 4
            INT(7.9)                                        → 7
            INT(-7.1)                                       → -8
            MOD(7, 3)                                       → 1
            MOD(-7, 3)                                      → -1
            MOD(1, 0)                                       → ERROR
            POWER(2, 10)                                    → 1024
            POWER(-8, 0.5)                                  → ERROR
            POWER(0, -1)                                    → ERROR
            POWER(10, 400)                                  → ERROR
            SQRT(16)                                        → 4
            SQRT(2)                                         → 1.4142135623731
            SQRT(-1)                                        → ERROR
            EXP(0)                                          → 1
            EXP(1)                                          → 2.71828182845905
            EXP(701)                                        → ERROR
            LOG(1000)                                       → 3
            LOG(8, 2)                                       → 3
            LOG(0)                                          → ERROR
            LOG(8, 1)                                       → ERROR
            MIN(3, BLANK(), 1)                              → 1
            MAX(3, BLANK(), 1)                              → 3
            MIN(BLANK())                                    → BLANK
            SUM(1, BLANK(), 2.5)                            → 3.5
            AVERAGE(1, 2, BLANK())                          → 1.5
            AVERAGE(BLANK())                                → BLANK
            VALUE("42.5")                                   → 42.5
            VALUE(" -3 ")                                   → -3
            VALUE("abc")                                    → ERROR
            VALUE("1e5")                                    → ERROR
            "a" & 1.50                                      → a1.5
            "x" & TRUE                                      → xTRUE
            "d:" & {Due}                                    → d:2026-02-28
            {At} & ""                                       → 2026-11-28T14:30:15Z
            {Empty} & "!"                                   → !
            CONCAT("a", BLANK(), "b", 2)                    → ab2
            LEFT("Rowan", 3)                                → Row
            LEFT("Rowan", -1)                               → ERROR
            LEFT("😀ab", 1)                                 → 😀
            RIGHT("Rowan", 2)                               → an
            MID("Rowan", 2, 3)                              → owa
            MID("Rowan", 0, 1)                              → ERROR
            LEN("😀ab")                                     → 3
            LEN({Name})                                     → 10
            UPPER("straße é")                               → STRAßE É
            LOWER("ÉA")                                     → éa
            TRIM("  a b  ")                                 → a b
            SUBSTITUTE("a-b-c", "-", "+")                   → a+b+c
            SUBSTITUTE("abc", "", "x")                      → abc
            REPLACE("Rowan", 1, 1, "S")                     → Sowan
            FIND("w", "Rowan")                              → 3
            FIND("z", "Rowan")                              → 0
            FIND("a", "banana", 3)                          → 4
            FIND("a", "b", 0)                               → ERROR
            SEARCH("W", "Rowan")                            → 3
            REPT("ab", 3)                                   → ababab
            REPT("ab", 60000)                               → ERROR
            REPT("ab", -1)                                  → ERROR
            T("x")                                          → x
            T(1)                                            → BLANK
            REGEX_MATCH("Order 1234", "[0-9]+")             → TRUE
            REGEX_MATCH("Order", "^[0-9]+$")                → FALSE
            REGEX_EXTRACT("Order 1234", "[0-9]+")           → 1234
            REGEX_EXTRACT("abc", "a|ab")                    → ab
            REGEX_EXTRACT("abc", "z")                       → BLANK
            REGEX_REPLACE("a1b22", "[0-9]+", "#")           → a#b#
            REGEX_REPLACE("a.b", ".", "$1")                 → $1$1$1
            TODAY()                                         → 2026-11-28
            NOW()                                           → 2026-11-28T12:00:00Z
            DATE(2026, 2, 28)                               → 2026-02-28
            DATE(2024, 2, 29)                               → 2024-02-29
            DATE(2026, 2, 29)                               → ERROR
            DATE(0, 1, 1)                                   → ERROR
            DATE(2026, 13, 1)                               → ERROR
            YEAR({Due})                                     → 2026
            MONTH({Due})                                    → 2
            DAY({Due})                                      → 28
            YEAR({At})                                      → 2026
            HOUR({At})                                      → 14
            MINUTE({At})                                    → 30
            HOUR({Due})                                     → 0
            WEEKDAY({Due})                                  → 6
            WEEKNUM(DATE(2026, 1, 4))                       → 2
            WEEKNUM(DATE(2026, 1, 3))                       → 1
            DATEADD({Due}, 1, "months")                     → 2026-03-28
            DATEADD(DATE(2026, 1, 31), 1, "month")          → 2026-02-28
            DATEADD({Due}, -2, "weeks")                     → 2026-02-14
            DATEADD({Due}, 2, "hours")                      → 2026-02-28T02:00:00Z
            DATEADD({At}, 90, "seconds")                    → 2026-11-28T14:31:45Z
            DATEADD(DATE(9999, 12, 31), 1, "days")          → ERROR
            DATEADD({Due}, 1000000000000, "days")           → ERROR
            DATETIME_DIFF({At}, {Due}, "days")              → 273
            DATETIME_DIFF({Due}, {At}, "days")              → -273
            DATETIME_DIFF({At}, {Due}, "weeks")             → 39
            DATETIME_DIFF({At}, TODAY(), "minutes")         → 870
            WORKDAY({Due}, 1)                               → 2026-03-02
            WORKDAY(DATE(2026, 3, 2), -1)                   → 2026-02-27
            WORKDAY(DATE(2026, 2, 27), 5)                   → 2026-03-06
            WORKDAY_DIFF(DATE(2026, 3, 2), DATE(2026, 3, 6))→ 5
            WORKDAY_DIFF(DATE(2026, 3, 6), DATE(2026, 3, 2))→ -5
            WORKDAY_DIFF({Due}, {Due})                      → 0
            DATETIME_FORMAT({At}, "DD.MM.YYYY HH:mm")       → 28.11.2026 14:30
            DATETIME_FORMAT({Due}, "M/D/YY")                → 2/28/26
            DATETIME_FORMAT({At}, "[at] HH[h]")             → at 14h
            DATETIME_PARSE("2026-11-28T14:30:00Z")          → 2026-11-28T14:30:00Z
            DATETIME_PARSE("2026-11-28 14:30")              → 2026-11-28T14:30:00Z
            DATETIME_PARSE("2026-02-30")                    → ERROR
            DATETIME_PARSE("28.11.2026")                    → ERROR
            DATETIME_PARSE("2026-11-28T24:00")              → ERROR
            IS_BEFORE({Due}, {At})                          → TRUE
            IS_AFTER({Due}, {At})                           → FALSE
            IS_SAME({At}, DATE(2026, 11, 28), "day")        → TRUE
            IS_SAME({At}, DATE(2026, 11, 28))               → FALSE
            IS_SAME({Due}, DATE(2026, 2, 1), "month")       → TRUE
            RECORD_ID()                                     → 3f2b8c1e-0000-4000-8000-00000000beef
            CREATED_TIME()                                  → 2026-01-02T03:04:05Z
            LAST_MODIFIED_TIME()                            → 2026-01-03T03:04:05Z
            ARRAYJOIN({Tags})                               → red, green, red
            ARRAYJOIN(ARRAYUNIQUE({Tags}), "/")             → red/green
            ARRAYJOIN(ARRAYCOMPACT({Tags}), "+")            → red+green+red
            COUNT({Tags})                                   → 3
            COUNT(1, BLANK(), 2)                            → 2
            COUNTA({Name}, {Empty}, 1, "")                  → 2
            {Odd {name\\}} + 1                            → 8
            """)
    void evaluates(String formula, String expected) {
        assertThat(show(eval(formula))).isEqualTo(expected);
    }

    @Test
    void errorsCarryAReason() {
        assertThat(eval("1 / 0")).isEqualTo(new ErrorValue("division by zero"));
        assertThat(eval("ERROR(\"negative quantity\")")).isEqualTo(new ErrorValue("negative quantity"));
        assertThat(eval("DATE(2026, 2, 30)")).isEqualTo(new ErrorValue("there is no day 30 in february 2026"));
        assertThat(eval("LEFT(\"a\", 1 / 0)")).isEqualTo(new ErrorValue("division by zero"));
    }

    /** Each documented function appears in the table above, so none goes untested. */
    @Test
    void everyFunctionIsCoveredAbove() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/java/dev/rowan/model/formula/FormulaFunctionsTest.java"));
        Set<String> missing = new TreeSet<>();
        for (FunctionInfo f : Functions.all()) {
            Matcher m = Pattern.compile("(?m)^\\s+.*\\b" + f.name() + "\\(.*→").matcher(source);
            if (!m.find()) missing.add(f.name());
        }
        assertThat(missing).isEmpty();
    }
}
