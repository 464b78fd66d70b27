package dev.rowan.model.formula;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.Invalid;

import java.util.List;
import java.util.Map;

/**
 * A formula that cannot be saved: a syntax error, an unknown field or function, a type error or a limit. The
 * message names the place ("at 1:7") and says what to change; {@link #offset()}, {@link #line()} and
 * {@link #column()} let an editor underline it.
 */
public final class FormulaException extends Invalid {
    private final int offset;
    private final int line;
    private final int column;

    FormulaException(String problem, int offset, int line, int column) {
        super(Reason.VALIDATION, problem + " at " + line + ":" + column,
                List.of(new FieldError("formula", problem + " at " + line + ":" + column)), Map.of());
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** The error at {@code offset} (0-based, in UTF-16 units) of {@code source}; lines and columns count from 1. */
    static FormulaException at(String source, int offset, String problem) {
        int o = Math.max(0, Math.min(offset, source.length()));
        int line = 1;
        int col = 1;
        for (int i = 0; i < o; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new FormulaException(problem, o, line, col);
    }

    public int offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
