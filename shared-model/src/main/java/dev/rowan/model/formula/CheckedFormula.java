package dev.rowan.model.formula;

import java.util.Set;
import java.util.UUID;

/** A formula that parsed and type checked: its tree, result type and the fields it reads. */
public record CheckedFormula(Formula formula, Node root, FormulaType type, Set<UUID> fieldIds) {
}
