package dev.rowan.desktop.kinds;

import dev.rowan.model.formula.FormulaTokens;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The formula editor's colours: one style class per piece of text ({@link FormulaTokens}, the parser's reading),
 * plus {@link #ERROR} on the piece at the error's position. Style class names are here once; rowan.css colours them.
 */
final class FormulaHighlighter {
    /** Style class of the stretch the check's error points at (underlined). */
    static final String ERROR = "formula-error-mark";

    private FormulaHighlighter() {
    }

    /** The style class of a kind of piece: {@code formula-function}, {@code formula-field}, … */
    static String styleOf(FormulaTokens.Kind kind) {
        return "formula-" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Styles for the whole text: each piece its class, and {@link #ERROR} added where {@code errorOffset} points. */
    static StyleSpans<Collection<String>> spans(String text, int errorOffset) {
        String[] styles = new String[text.length()];
        for (FormulaTokens.Token t : FormulaTokens.of(text)) {
            for (int i = t.start(); i < t.end(); i++) styles[i] = styleOf(t.kind());
        }
        boolean[] error = new boolean[text.length()];
        if (errorOffset >= 0 && !text.isEmpty()) {
            FormulaTokens.Token span = FormulaTokens.errorSpan(text, errorOffset);
            for (int i = span.start(); i < span.end(); i++) error[i] = true;
        }
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        if (text.isEmpty()) {
            b.add(List.of(), 0);
            return b.create();
        }
        int from = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || !java.util.Objects.equals(styles[i], styles[from]) || error[i] != error[from]) {
                List<String> classes = new ArrayList<>(2);
                if (styles[from] != null) classes.add(styles[from]);
                if (error[from]) classes.add(ERROR);
                b.add(classes, i - from);
                from = i;
            }
        }
        return b.create();
    }
}
