package dev.rowan.model.formula;

import dev.rowan.model.formula.FormulaTokens.Kind;
import dev.rowan.model.formula.FormulaTokens.Token;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's pieces of formula text: kinds and places, tolerant of half-written and hostile text. */
class FormulaTokensTest {

    private static List<String> pieces(String src) {
        return FormulaTokens.of(src).stream().map(t -> t.kind() + ":" + src.substring(t.start(), t.end())).toList();
    }

    @Test
    void everyKindIsFoundWhereTheParserReadsIt() {
        assertThat(pieces("ROUND({Unit price} * 1.5, 2) & \"a \\\" b\" != 'x' <= TRUE"))
                .containsExactly("FUNCTION:ROUND", "PUNCTUATION:(", "FIELD:{Unit price}", "OPERATOR:*", "NUMBER:1.5",
                        "PUNCTUATION:,", "NUMBER:2", "PUNCTUATION:)", "OPERATOR:&", "STRING:\"a \\\" b\"",
                        "OPERATOR:!=", "STRING:'x'", "OPERATOR:<=", "BOOLEAN:TRUE");
        assertThat(pieces("if ({A\\}b} >= -3, Budgit, #)")).containsExactly("FUNCTION:if", "PUNCTUATION:(",
                "FIELD:{A\\}b}", "OPERATOR:>=", "OPERATOR:-", "NUMBER:3", "PUNCTUATION:,", "NAME:Budgit",
                "PUNCTUATION:,", "OTHER:#", "PUNCTUATION:)");
    }

    @Test
    void halfWrittenTextRunsToTheEnd() {
        assertThat(pieces("CONCAT(\"abc")).containsExactly("FUNCTION:CONCAT", "PUNCTUATION:(", "STRING:\"abc");
        assertThat(pieces("{Bud")).containsExactly("FIELD:{Bud");
        assertThat(pieces("1 +")).containsExactly("NUMBER:1", "OPERATOR:+");
    }

    @Test
    void theErrorSpanIsThePieceAtTheParsersErrorPosition() {
        String src = "{Budget} * {Budgit}";
        FormulaException e = org.junit.jupiter.api.Assertions.assertThrows(FormulaException.class,
                () -> Formula.compile(src, FieldResolver.of(List.of(dev.rowan.model.schema.FieldDef.of(
                        java.util.UUID.randomUUID(), "Budget", new dev.rowan.model.schema.FieldType.NumberType(0))))));
        Token span = FormulaTokens.errorSpan(src, e.offset());
        assertThat(src.substring(span.start(), span.end())).isEqualTo("{Budgit}");
        // at the end of the text: its last character
        assertThat(FormulaTokens.errorSpan("1 +", 3)).isEqualTo(new Token(Kind.OTHER, 2, 3));
        assertThat(FormulaTokens.errorSpan("", 0)).isEqualTo(new Token(Kind.OTHER, 0, 0));
    }

    @Test
    void anyTextGivesOrderedPiecesInsideIt() {
        Random r = new Random(12);
        String alphabet = "ab_(){}\"'\\ ,.+-*/%&=<>!09\n#é\uD83D\uDE00";
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(30); k > 0; k--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String src = sb.toString();
            int last = 0;
            for (Token t : FormulaTokens.of(src)) {
                assertThat(t.start()).as(src).isGreaterThanOrEqualTo(last);
                assertThat(t.end()).as(src).isGreaterThan(t.start()).isLessThanOrEqualTo(src.length());
                last = t.end();
            }
        }
    }
}
