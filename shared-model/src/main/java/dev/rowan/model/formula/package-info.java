/**
 * The formula language: what a formula field computes, in memory and inside both databases.
 * <p><b>Pipeline.</b> {@link dev.rowan.model.formula.Formula} parses the text (recursive descent, positions on every
 * node, limits on length, nesting, size and depth so no input overflows the stack) and keeps the stored form with
 * field ids ({@code {fld:<uuid>}}); {@code check} types it ({@link dev.rowan.model.formula.Checker}) and turns
 * operators and implicit conversions into explicit calls, giving a {@link dev.rowan.model.formula.CheckedFormula}.
 * From there {@link dev.rowan.model.formula.Evaluator} computes a record's value in memory and
 * {@link dev.rowan.model.formula.SqlCompiler} writes one SQL expression for PostgreSQL or H2.
 * <p><b>One place per function.</b> {@link dev.rowan.model.formula.Functions} holds, for each function and operator,
 * its documentation (read by docs/formulas.md and, later, the editor's autocompletion), its type rule, its
 * in-memory semantics and its PostgreSQL SQL. H2 runs the in-memory code itself through a few Java aliases
 * ({@link dev.rowan.model.formula.H2Functions}, created once per workspace), except for the simple operators and
 * logic it computes natively; so H2 equals the evaluator by construction, and PostgreSQL is held equal by
 * {@code FormulaPropertyTest}, which compares all three on random well-typed formulas and records.
 * <p><b>Errors.</b> In memory an error is an {@link dev.rowan.model.formula.ErrorValue} with a reason; in SQL it is
 * NULL. Every guard (division by zero, impossible dates, texts over 100,000 characters, out-of-range numbers) yields
 * NULL and no expression can fail the statement: values used twice are named once in a fenced scalar subquery
 * ({@code SqlCompiler.Call.let}), and arguments are clamped before they reach functions that raise. So that memory
 * and database agree, a function that looks at blanks (ISBLANK, IF, AND, OR, CONCAT, the aggregates) treats an
 * error as blank, as SQL does with NULL; strict functions pass the error on.
 * <p><b>Regular expressions</b> must be literals, are checked at save time against the syntax both RE2/J and
 * PostgreSQL read alike ({@link dev.rowan.model.formula.FormulaRegex}), rewritten to explicit ASCII classes and
 * matched leftmost-longest on both sides; RE2/J cannot backtrack, so no pattern stalls a record.
 * <p><b>PostgreSQL 17</b> is assumed (the embedded server the tests run): UPPER, LOWER and SEARCH use its
 * {@code pg_c_utf8} collation (Unicode simple case mapping, as Java's per-character mapping), REGEX_EXTRACT uses
 * {@code regexp_substr} (15+), number text uses {@code trim_scale} (13+).
 * <p><b>Saving a field</b> (for whoever wires formula fields): {@code Formula.parse} with the table's active
 * fields, {@code check}, then {@link dev.rowan.model.formula.Dependencies#refuseCycle} over
 * {@code CheckedFormula.fieldIds()}; store {@code stored()}. A removed or retyped field makes {@code fromStored}
 * or {@code check} fail with a message that says why, which is the broken field's reason; it recovers when the
 * field is restored because the ids never changed.
 * <p>Not wired yet: formula fields as a field kind, the server, the desktop editor (the field-kind extension point
 * is being rebuilt). The lead wires them on top of this package.
 */
@NullMarked
package dev.rowan.model.formula;

import org.jspecify.annotations.NullMarked;
