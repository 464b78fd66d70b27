package dev.rowan.model.value;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.Validation;

import java.util.List;
import java.util.UUID;

/**
 * Validation patterns that make a backtracking engine stall, timed with java.util.regex (what field patterns ran
 * on before) and with Rowan's validation (RE2/J). Prints numbers, asserts nothing. Run after a build:
 * <pre>
 * ./mvnw -B -q -pl shared-model test-compile
 * java -cp "shared-model/target/test-classes:shared-model/target/classes:$HOME/.m2/repository/com/google/re2j/re2j/1.8/re2j-1.8.jar" \
 *     dev.rowan.model.value.PatternBenchmark
 * </pre>
 */
public final class PatternBenchmark {
    private static final long GIVE_UP_MS = 10_000;

    private record Case(String pattern, String value, String what) {
    }

    public static void main(String[] args) {
        List<Case> cases = List.of(
                new Case("^a*a*a*b$", "a".repeat(1_000), "1,000 a's, no b (no match)"),
                new Case("^a*a*a*b$", "a".repeat(10_000), "10,000 a's, no b (no match)"),
                new Case("^(?:a|bc)*$", "bc".repeat(4_500), "9,000 chars that match"),
                new Case("^(a|aa)+$", "a".repeat(40) + "!", "40 a's and a '!' (no match)"),
                new Case("^(\\w+\\s?)*$", "word ".repeat(2_000) + "!", "(\\w+\\s?)* on 10,000 chars (no match)"));
        System.out.printf("%-16s %-40s %22s %22s%n", "pattern", "value", "java.util.regex", "Rowan (RE2/J)");
        for (Case c : cases) {
            System.out.printf("%-16s %-40s %22s %22s%n", c.pattern(), c.what(), javaRegex(c), rowan(c));
        }
    }

    private static String javaRegex(Case c) {
        long deadline = System.currentTimeMillis() + GIVE_UP_MS;
        CharSequence guarded = new Deadline(c.value(), deadline);
        long t0 = System.nanoTime();
        try {
            boolean m = java.util.regex.Pattern.compile(c.pattern()).matcher(guarded).matches();
            return ms(t0) + (m ? " match" : " no match");
        } catch (GaveUp e) {
            return "> " + GIVE_UP_MS / 1000 + " s (stopped)";
        } catch (StackOverflowError e) {
            return "StackOverflowError";
        }
    }

    private static String rowan(Case c) {
        FieldDef field = new FieldDef(UUID.randomUUID(), "Code", new FieldType.LongText(), false, false, false, null,
                new Validation(null, null, null, null, c.pattern()), null, false, 0);
        long t0 = System.nanoTime();
        try {
            FieldValues.coerce(field, c.value(), "Code");
            return ms(t0) + " match";
        } catch (RowanException e) {
            return ms(t0) + " no match";
        }
    }

    private static String ms(long t0) {
        return String.format("%.1f ms", (System.nanoTime() - t0) / 1e6);
    }

    private static final class GaveUp extends RuntimeException {
        GaveUp() {
            super(null, null, false, false);
        }
    }

    /** A value that stops a runaway match: java.util.regex cannot be interrupted, but it has to read characters. */
    private record Deadline(String s, long deadline) implements CharSequence {
        public int length() {
            return s.length();
        }

        public char charAt(int i) {
            if ((i & 1023) == 0 && System.currentTimeMillis() > deadline) throw new GaveUp();
            return s.charAt(i);
        }

        public CharSequence subSequence(int a, int b) {
            return new Deadline(s.substring(a, b), deadline);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
