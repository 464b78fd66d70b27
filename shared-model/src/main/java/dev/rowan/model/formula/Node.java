package dev.rowan.model.formula;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** The checked formula: every node has its type; operators and implicit conversions are function calls. */
public sealed interface Node {
    FormulaType type();

    int offset();

    /** A literal: BigDecimal, String, Boolean, or null for a blank. */
    record Const(@Nullable Object value, FormulaType type, int offset) implements Node {
    }

    record Field(FormulaField field, FormulaType type, int offset) implements Node {
    }

    record Apply(Fn fn, List<Node> args, FormulaType type, int offset) implements Node {
        public Apply {
            args = List.copyOf(args);
        }
    }
}
