package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldType;

import java.util.Locale;
import java.util.Optional;

/**
 * The types a formula computes with. {@code BLANK} is the type of {@code BLANK()} and {@code ERROR()}: it fits
 * wherever another type is expected. {@code DURATION} is a number of seconds (the duration field kind is not in
 * the schema yet; until then only functions could produce it, and none does).
 */
public enum FormulaType {
    NUMBER, TEXT, BOOLEAN, DATE, DATETIME, DURATION, LIST, BLANK;

    /** The name shown in messages: "number", "text"... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The formula type of a field's values, or empty when formulas cannot read that kind. */
    public static Optional<FormulaType> of(FieldType type) {
        return Optional.ofNullable(switch (type) {
            case FieldType.NumberType n -> NUMBER;
            case FieldType.Currency c -> NUMBER;
            case FieldType.Percent p -> NUMBER;
            case FieldType.Text t -> TEXT;
            case FieldType.LongText t -> TEXT;
            case FieldType.Url u -> TEXT;
            case FieldType.Email e -> TEXT;
            case FieldType.Phone p -> TEXT;
            case FieldType.SingleSelect s -> TEXT;
            case FieldType.MultipleSelect m -> LIST;
            case FieldType.BooleanType b -> BOOLEAN;
            case FieldType.DateType d -> d.includeTime() ? DATETIME : DATE;
            case FieldType.Json j -> null;
            case FieldType.Attachment a -> null;
            case FieldType.Formula f -> f.resultType() == BLANK ? TEXT : f.resultType();
            case FieldType.Rating r -> NUMBER;
            case FieldType.Duration d -> NUMBER; // seconds
            case FieldType.TimeOfDay t -> TEXT; // "14:30"
            case FieldType.RichText r -> TEXT;
            case FieldType.Barcode b -> TEXT;
            // formulas read these with CREATED_TIME() and LAST_MODIFIED_TIME()
            case FieldType.CreatedTime c -> null;
            case FieldType.LastModifiedTime m -> null;
            case FieldType.CreatedBy c -> null;
            case FieldType.LastModifiedBy m -> null;
            case FieldType.User u -> null; // ids mean nothing to compute with; names come from the directory
            case FieldType.Autonumber a -> NUMBER;
            case FieldType.Button b -> null; // a button is an action, not a value to compute with
            // a link's values are "<id> <title>" pairs: formulas read its titles through a lookup
            case FieldType.Link l -> null;
            case FieldType.Lookup l -> LIST;
            case FieldType.Rollup r -> of(r.resultType()).orElse(null);
        });
    }
}
