package dev.rowan.model.formula;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.rowan.model.formula.FormulaTestSupport.RESOLVER;
import static dev.rowan.model.formula.FormulaTestSupport.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Formulas written to hurt: too long, too deep, too big, exploding texts, catastrophic patterns. Each is refused
 * with a message or gives an error value; none throws anything else or hangs (the timeouts only guard against a
 * hang, they measure nothing).
 */
class HostileFormulaTest {

    @Test
    void tooLongIsRefused() {
        assertThatThrownBy(() -> Formula.compile("1" + " + 1".repeat(3000), RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageStartingWith("The formula is too long (12001"
                        + " characters; at most 10000)");
    }

    @Test
    void deepParenthesesAreRefusedWithoutStackOverflow() {
        assertThatThrownBy(() -> Formula.compile("(".repeat(3000) + "1" + ")".repeat(3000), RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageContaining("nests too deeply");
        assertThatThrownBy(() -> Formula.compile("-".repeat(5000) + "1", RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageContaining("nests too deeply");
        assertThatThrownBy(() -> Formula.compile("ABS(".repeat(1500) + "1" + ")".repeat(1500), RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageContaining("nests too deeply");
    }

    @Test
    void longOperatorChainsAreRefusedByDepthOrSize() {
        assertThatThrownBy(() -> Formula.compile("1" + "+1".repeat(200), RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageStartingWith("The formula nests too deeply (at"
                        + " most 128 levels)");
        assertThatThrownBy(() -> Formula.compile("SUM(" + "1,".repeat(2500) + "1)", RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageStartingWith("The formula is too large");
        assertThat(Formula.compile("1" + "+1".repeat(120), RESOLVER).type()).isEqualTo(FormulaType.NUMBER);
    }

    @Test
    void textsCannotGrowPastTheLimit() {
        assertThat(eval("REPT(\"ab\", 1000000000)")).isEqualTo(new ErrorValue("the text is longer than 100000"
                + " characters"));
        assertThat(eval("LEN(REPT(\"a\", 100000))")).isEqualTo(new java.math.BigDecimal(100000));
        assertThat(eval("REPT(\"a\", 100000) & \"b\"")).isInstanceOf(ErrorValue.class);
        assertThat(eval("SUBSTITUTE(REPT(\"a\", 50000), \"a\", \"bbb\")")).isInstanceOf(ErrorValue.class);
        assertThat(eval("REGEX_REPLACE(REPT(\"a\", 50000), \"a\", \"xyz\")")).isInstanceOf(ErrorValue.class);
        assertThat(eval("CONCAT(REPT(\"a\", 60000), REPT(\"b\", 60000))")).isInstanceOf(ErrorValue.class);
    }

    @Test
    void catastrophicPatternsFinishOnLongInput() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(eval("REGEX_MATCH(REPT(\"a\", 99999) & \"!\", \"(a+)+$\")")).isEqualTo(false);
            assertThat(eval("REGEX_MATCH(REPT(\"a\", 99999) & \"!\", \"^(a|aa)*$\")")).isEqualTo(false);
            assertThat(eval("LEN(REGEX_EXTRACT(REPT(\"a\", 99999) & \"!\", \"(a*)*b|a+\"))"))
                    .isEqualTo(new java.math.BigDecimal(99999));
        });
    }

    @Test
    void hugeRepetitionCountsInPatternsAreRefused() {
        assertThatThrownBy(() -> Formula.compile("REGEX_MATCH({Name}, \"((a{200}){200}){200}\")", RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageContaining("pattern is not supported");
        assertThatThrownBy(() -> Formula.compile("REGEX_MATCH({Name}, \"a{1000}\")", RESOLVER))
                .isInstanceOf(FormulaException.class).hasMessageContaining("counts above 255");
    }

    /** No function repeats an argument's SQL, so nesting grows the SQL linearly, never 2^depth. */
    @Test
    void deepNestingCompilesToSqlOfLinearSize() {
        for (String[] wrap : new String[][] {{"SQRT(", ")"}, {"LEN(LEFT(\"abc\", ", "))"}, {"LEN(RIGHT(\"abc\", ", "))"},
                {"MID(\"abc\", ", ", 1) & \"1\""}, {"ROUNDUP(", ", 1)"}, {"DATEADD(", ", 1, \"days\")"},
                {"FIND(\"a\", \"abc\", ", ")"}, {"REPT(\"a\", ", ")"}}) {
            String inner = wrap[0].startsWith("DATEADD") ? "{Due}" : wrap[0].startsWith("MID") ? "1" : "{Qty}";
            String f = inner;
            for (int i = 0; i < 20; i++) {
                f = wrap[0] + f + wrap[1];
                if (wrap[0].startsWith("MID")) f = "VALUE(" + f + ")";
                if (wrap[0].startsWith("REPT")) f = "LEN(" + f + ")";
            }
            CheckedFormula checked = Formula.compile(f, RESOLVER);
            for (dev.rowan.model.sql.SqlDialect d : java.util.List.of(dev.rowan.model.sql.SqlDialect.POSTGRES,
                    dev.rowan.model.sql.SqlDialect.H2)) {
                String sql = SqlCompiler.compile(checked, d, ColumnResolver.table(d, "t")).sql();
                assertThat(sql.length()).as(wrap[0] + " on " + d.name()).isLessThan(20 * 1_500);
            }
        }
    }

    @Test
    void dataErrorsAreValuesNotExceptions() {
        for (String f : new String[] {"1 / 0", "MOD(1, 0)", "DATE(2026, 2, 30)", "VALUE(\"x\")", "SQRT(-4)",
                "DATETIME_PARSE(\"2026-13-01\")", "DATEADD({Due}, 100000000, \"years\")", "WORKDAY({Due}, 1e9)",
                "LOG(-1)", "POWER(1e300, 1e300)", "MID(\"a\", -5, 1)", "ROUND(1, 1e9)"}) {
            if (f.contains("1e")) {
                assertThatThrownBy(() -> eval(f)).isInstanceOf(FormulaException.class); // no exponent syntax
                continue;
            }
            assertThat(eval(f)).as(f).isInstanceOf(ErrorValue.class);
        }
    }
}
