package dev.rowan.model.formula;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A formula: the stored form keeps each field reference as its id ({@code {fld:<uuid>}}), so renaming a field
 * never breaks it; {@link #display(FieldResolver)} shows it with the current names, and error positions refer to
 * that display text (what the editor shows).
 */
public final class Formula {
    private final String source;
    private final String stored;
    private final Expr root;
    private final List<Parser.RefSpan> refs;

    private Formula(String source, String stored, Expr root, List<Parser.RefSpan> refs) {
        this.source = source;
        this.stored = stored;
        this.root = root;
        this.refs = refs;
    }

    /** Parses what a user typed ({@code {Field name}} references) and derives the stored form. */
    public static Formula parse(String source, FieldResolver fields) {
        Parser.Result r = Parser.parse(source, fields);
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Parser.RefSpan span : r.refs()) {
            sb.append(source, at, span.start()).append("{fld:").append(span.fieldId()).append('}');
            at = span.end();
        }
        sb.append(source.substring(at));
        return new Formula(source, sb.toString(), r.root(), r.refs());
    }

    /** Reads a stored formula; a reference to a removed field fails with a message naming its position. */
    public static Formula fromStored(String stored, FieldResolver fields) {
        Parser.Result r = Parser.parse(stored, fields);
        String display = render(stored, r.refs(), fields);
        try {
            Formula f = parse(display, fields);
            if (f.stored.equals(stored)) return f;
        } catch (FormulaException e) {
            // a name that does not resolve back to the same field (two fields with one name): keep the ids
        }
        return new Formula(stored, stored, r.root(), r.refs());
    }

    private static String render(String stored, List<Parser.RefSpan> spans, FieldResolver fields) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Parser.RefSpan span : spans) {
            String name = fields.byId(span.fieldId()).map(FormulaField::name).orElse("fld:" + span.fieldId());
            sb.append(stored, at, span.start()).append('{')
                    .append(name.replace("\\", "\\\\").replace("}", "\\}")).append('}');
            at = span.end();
        }
        sb.append(stored.substring(at));
        return sb.toString();
    }

    public String stored() {
        return stored;
    }

    /** The text error positions refer to: what the user typed, or the stored form shown with names. */
    public String source() {
        return source;
    }

    public Expr root() {
        return root;
    }

    /** The ids of the fields the formula references, in order of appearance. */
    public Set<UUID> fieldIds() {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Parser.RefSpan s : refs) ids.add(s.fieldId());
        return ids;
    }

    /** The formula with the fields' current names, for editing. */
    public String display(FieldResolver fields) {
        return render(stored, Parser.parse(stored, fields).refs(), fields);
    }

    /** Type checks the formula against the fields as they are now. */
    public CheckedFormula check(FieldResolver fields) {
        Node node = new Checker(source, fields).check(root);
        return new CheckedFormula(this, node, node.type(), fieldIds());
    }

    /** Parses and checks what a user typed, in one step. */
    public static CheckedFormula compile(String source, FieldResolver fields) {
        return parse(source, fields).check(fields);
    }
}
