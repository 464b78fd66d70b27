package dev.rowan.model.kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The written-out email check answers exactly as the pattern it replaced. */
class EmailShapeTest {
    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "a@b.c", "a@.b.c", "a@b.", "a@.b", "@b.c", "a@b", "a@@b.c", "a@b@c.d",
            "a b@c.d", "a@b.c ", "a\t@b.c", "a@b\u000B.c", "a@b.c\r", "a@b\f.c", "a@b\n.c", "a@b..c", "a.b@c",
            "a@b.c.d", "é@ü.ß", "\uD83D\uDE00@x.y", "\uD800@x.y", "a@\u00A0.c", "a@b\u2003.c", "", "@", ".", "a@.",
            "a@b.c.", "x@y.z@"})
    void sameAnswersAsThePattern(String s) {
        assertThat(TextKinds.emailShape(s)).as(s).isEqualTo(TextKinds.EMAIL.matcher(s).matches());
    }

    @Test
    void sameAnswersOnRandomStringsOfTheCharactersThatMatter() {
        // letters, '@' and '.' often enough that matches are common; each whitespace and look-alike once
        char[] alphabet = {'a', 'a', 'a', 'a', 'b', 'b', 'é', '@', '@', '.', '.', '.', ' ', '\t', '\n', '\u000B',
                '\f', '\r', '\u00A0'};
        Random random = new Random(14);
        int matched = 0;
        for (int k = 0; k < 200_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(9);
            for (int i = 0; i < n; i++) sb.append(alphabet[random.nextInt(alphabet.length)]);
            String s = sb.toString();
            boolean expected = TextKinds.EMAIL.matcher(s).matches();
            if (expected) matched++;
            assertThat(TextKinds.emailShape(s)).as("'%s'", s).isEqualTo(expected);
        }
        // both answers occur often enough for the comparison to mean something
        assertThat(matched).isGreaterThan(300);
    }
}
