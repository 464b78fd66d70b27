package dev.rowan.model.formula;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes docs/formulas.md from the function registry, so the reference, the editor's autocompletion and the code
 * cannot drift apart ({@link FormulaReferenceTest} fails when the file is stale). Regenerate with
 * {@code -Dformula.writeReference=true} on that test.
 */
final class FormulaReference {
    private FormulaReference() {
    }

    private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("logic", "Logic");
        CATEGORIES.put("numbers", "Numbers");
        CATEGORIES.put("text", "Text");
        CATEGORIES.put("dates", "Dates and times");
        CATEGORIES.put("record", "The record");
        CATEGORIES.put("lists", "Lists (multiple selects; later lookups and links)");
    }

    static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # Formulas

                <!-- Generated from dev.rowan.model.formula.Functions by FormulaReference; do not edit by hand. -->

                A formula field computes a value for every record from the record's other fields. The same formula
                runs in memory (previews), on the server's PostgreSQL and in the desktop's H2 workspace, with the
                same result: a property-based test holds all three equal on random formulas and records.

                ## Writing formulas

                - Fields: `{Field name}` (exact name, or ignoring case). Formulas are stored with field ids, so
                  renaming a field never breaks them; a `}` or `\\` in a name is written `\\}` or `\\\\`.
                - Literals: numbers (`12`, `3.5`, `.5`; up to 18 digits before and 10 after the point), texts in
                  double or single quotes with escapes `\\"` `\\'` `\\\\` `\\n` `\\t` `\\r`, `TRUE`, `FALSE`.
                - Operators, loosest first: comparisons `= != <> < <= > >=`; `&` (joins texts); `+ -`; `* / %`;
                  unary `-`; parentheses. `/` gives 10 decimal places; `%` is the remainder (sign of the number).
                - Function names ignore case: `round(...)` is `ROUND(...)`.
                - Types: number, text, boolean, date, datetime, duration (reserved), list, blank. Numbers, booleans
                  and dates become text where text is expected (`"Total: " & {Qty}`); a date becomes a date-time
                  (midnight UTC) next to a date-time. `< <= > >=` compare numbers and dates; texts and booleans
                  compare with `=` and `!=`; a number is never compared with a text.
                - Dates and times are UTC. A date-time as text is `YYYY-MM-DDTHH:MM:SSZ`.
                - A field reads as the number it stores: a currency as its amount, a percent as its number of percent (40 for
                  40 %, as the grid shows it, so `{Budget} * {Progress} / 100` is the budget's share), a rating as its icons.

                ## Blanks and errors

                - A blank input gives a blank result, except in the functions that say otherwise (IF, SWITCH, AND,
                  OR, ISBLANK, CONCAT and `&`, MIN, MAX, SUM, AVERAGE, COUNT, COUNTA, T). A blank condition counts
                  as FALSE. An empty text or list is blank.
                - Division by zero, an impossible date, a text that is not a number, a result beyond the limits:
                  the cell shows an error with its reason (in memory); the formula never fails the page.
                - In the database an error is NULL: filters and sorts treat it as blank, and so does every function
                  that looks at blanks (ISBLANK(1/0) is TRUE everywhere).

                ## Limits

                - A formula: at most 10,000 characters, 2,000 parts, 64 levels of parentheses and calls, 128 levels
                  in all. A text result: at most 100,000 characters (REPT, SUBSTITUTE, REGEX_REPLACE, `&` and CONCAT
                  give an error beyond it). Dates: years 1 to 9999.

                ## Patterns (REGEX_MATCH, REGEX_EXTRACT, REGEX_REPLACE)

                The pattern is a text in quotes, checked when the formula is saved. RE2/J (in memory and on H2) and
                PostgreSQL's engine (on the server) read it the same way. RE2/J runs in linear time; PostgreSQL's
                engine, with backreferences refused, finishes the classic catastrophic patterns (`(a+)+$`,
                `^(a|aa)*$`) on 100,000 characters in the tests. Allowed: literals,
                `.` (any character but a newline), `[...]` and `[^...]`, `* + ?`, `{n}` `{n,}` `{n,m}` (n, m ≤ 255),
                `|`, `( )`, `(?: )`, `^ $` (start and end of the text), `\\d \\w \\s \\D \\W \\S` (ASCII), escaped
                punctuation and `\\n \\t \\r \\f`. Refused: backreferences, lookaround, lazy quantifiers (`*?`), flags,
                `\\b`, Unicode classes. Matches are leftmost-longest. The replacement of REGEX_REPLACE is plain text.

                ## Functions

                """);
        for (Map.Entry<String, String> c : CATEGORIES.entrySet()) {
            List<FunctionInfo> fns = Functions.all().stream().filter(f -> f.category().equals(c.getKey())).toList();
            sb.append("### ").append(c.getValue()).append("\n\n");
            sb.append("| Function | What it gives | Example |\n|---|---|---|\n");
            for (FunctionInfo f : fns) {
                sb.append("| `").append(f.signature()).append("` | ").append(f.description().replace("|", "\\|"))
                        .append(" | `").append(f.example().replace("|", "\\|")).append("` |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
