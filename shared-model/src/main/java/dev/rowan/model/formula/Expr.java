package dev.rowan.model.formula;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The parsed formula, before type checking. Every node knows where it starts in the source. */
public sealed interface Expr {
    int offset();

    record Num(BigDecimal value, int offset) implements Expr {
    }

    record Text(String value, int offset) implements Expr {
    }

    record Bool(boolean value, int offset) implements Expr {
    }

    /** A field reference, already resolved to the field's id. */
    record Ref(UUID fieldId, int offset) implements Expr {
    }

    record Unary(String op, Expr operand, int offset) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, int offset) implements Expr {
    }

    /** A function call; {@code name} is upper case. */
    record Call(String name, List<Expr> args, int offset) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
