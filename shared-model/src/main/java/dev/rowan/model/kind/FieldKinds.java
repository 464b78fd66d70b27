package dev.rowan.model.kind;

import dev.rowan.model.schema.FieldType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of field kinds. A new {@link FieldType} record makes {@link #of} stop compiling until its
 * descriptor is added here; {@code FieldKindsTest} checks that {@link #ALL} covers every permitted type.
 */
public final class FieldKinds {
    public static final FieldKind<FieldType.Text> TEXT = new TextKinds.Text();
    public static final FieldKind<FieldType.LongText> LONG_TEXT = new TextKinds.LongText();
    public static final FieldKind<FieldType.NumberType> NUMBER = new NumberKinds.Number();
    public static final FieldKind<FieldType.Currency> CURRENCY = new NumberKinds.Currency();
    public static final FieldKind<FieldType.Percent> PERCENT = new NumberKinds.Percent();
    public static final FieldKind<FieldType.DateType> DATE = new DateKind();
    public static final FieldKind<FieldType.SingleSelect> SINGLE_SELECT = new SelectKinds.Single();
    public static final FieldKind<FieldType.MultipleSelect> MULTIPLE_SELECT = new SelectKinds.Multiple();
    public static final FieldKind<FieldType.BooleanType> BOOLEAN = new BooleanKind();
    public static final FieldKind<FieldType.Url> URL = new TextKinds.Url();
    public static final FieldKind<FieldType.Email> EMAIL = new TextKinds.Email();
    public static final FieldKind<FieldType.Phone> PHONE = new TextKinds.Phone();
    public static final FieldKind<FieldType.Json> JSON = new JsonKind();
    public static final FieldKind<FieldType.Formula> FORMULA = new FormulaKind();
    public static final FieldKind<FieldType.Link> LINK = new LinkKinds.Link();
    public static final FieldKind<FieldType.Lookup> LOOKUP = new LinkKinds.Lookup();
    public static final FieldKind<FieldType.Rollup> ROLLUP = new LinkKinds.Rollup();

    public static final FieldKind<FieldType.Attachment> ATTACHMENT = new AttachmentKind();

    public static final FieldKind<FieldType.Rating> RATING = new RatingKind();
    public static final FieldKind<FieldType.Duration> DURATION = new DurationKind();
    public static final FieldKind<FieldType.TimeOfDay> TIME = new TimeKind();
    public static final FieldKind<FieldType.RichText> RICH_TEXT = new RichTextKind();
    public static final FieldKind<FieldType.Barcode> BARCODE = new BarcodeKind();
    public static final FieldKind<FieldType.Button> BUTTON = new ButtonKind();
    public static final FieldKind<FieldType.CreatedTime> CREATED_TIME = SystemColumnKind.createdTime();
    public static final FieldKind<FieldType.LastModifiedTime> LAST_MODIFIED_TIME = SystemColumnKind.lastModifiedTime();
    public static final FieldKind<FieldType.CreatedBy> CREATED_BY = SystemColumnKind.createdBy();
    public static final FieldKind<FieldType.LastModifiedBy> LAST_MODIFIED_BY = SystemColumnKind.lastModifiedBy();

    public static final FieldKind<FieldType.User> USER = new UserKind();
    public static final FieldKind<FieldType.Autonumber> AUTONUMBER = new AutonumberKind();

    /** Every kind, in the order pickers list them. */
    public static final List<FieldKind<?>> ALL = List.of(TEXT, LONG_TEXT, NUMBER, CURRENCY, PERCENT, DATE,
            SINGLE_SELECT, MULTIPLE_SELECT, BOOLEAN, URL, EMAIL, PHONE, JSON, FORMULA,
            RATING, DURATION, TIME, RICH_TEXT, BARCODE, CREATED_TIME, LAST_MODIFIED_TIME, CREATED_BY, LAST_MODIFIED_BY,
            USER, AUTONUMBER,
            BUTTON, ATTACHMENT, LINK, LOOKUP, ROLLUP);

    /** The API names of {@link #ALL}, without aliases. */
    public static final List<String> NAMES = ALL.stream().map(FieldKind::kind).toList();

    private static final Map<String, FieldKind<?>> BY_NAME = byName();

    private FieldKinds() {
    }

    private static Map<String, FieldKind<?>> byName() {
        Map<String, FieldKind<?>> m = new LinkedHashMap<>();
        for (FieldKind<?> k : ALL) {
            m.put(k.kind(), k);
            for (String alias : k.aliases()) m.put(alias, k);
        }
        return Map.copyOf(m);
    }

    /** The kind an API name (or alias) stands for, ignoring case and surrounding space. */
    public static Optional<FieldKind<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The descriptor of a type, found once per type record (values call it per cell). */
    @SuppressWarnings("unchecked")
    public static <T extends FieldType> FieldKind<T> of(T type) {
        return (FieldKind<T>) BY_CLASS.get(type.getClass());
    }

    /**
     * The kind of each type record, found once per class: {@link #of} is called several times per value of every
     * row of a bulk load, and the pattern switch below tried its cases one by one (a tenth of the parsing time).
     */
    private static final ClassValue<FieldKind<?>> BY_CLASS = new ClassValue<>() {
        @Override
        protected FieldKind<?> computeValue(Class<?> type) {
            for (FieldKind<?> k : ALL) {
                if (k.typeClass() == type) return k;
            }
            throw new IllegalStateException("No field kind for " + type.getName());
        }
    };

    /**
     * Whether a client may write values of this type: neither {@link FieldKind#computed} nor
     * {@link FieldKind#assignedByServer}. Kept per class: the two calls on the kind (through its interface, on some
     * thirty implementations) were the most expensive part of checking a bulk load's values.
     */
    public static boolean writable(FieldType type) {
        return WRITABLE.get(type.getClass());
    }

    private static final ClassValue<Boolean> WRITABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            FieldKind<?> k = BY_CLASS.get(type);
            return !k.computed() && !k.assignedByServer();
        }
    };

    /**
     * The kind of each type, written as an exhaustive switch so that a new {@link FieldType} record does not compile
     * until it is given a kind here (and in {@link #ALL}); a test holds it equal to {@link #of} for every type.
     */
    @SuppressWarnings("unchecked")
    static <T extends FieldType> FieldKind<T> declared(T type) {
        FieldKind<?> k = switch (type) {
            case FieldType.Text t -> TEXT;
            case FieldType.LongText t -> LONG_TEXT;
            case FieldType.NumberType t -> NUMBER;
            case FieldType.Currency t -> CURRENCY;
            case FieldType.Percent t -> PERCENT;
            case FieldType.DateType t -> DATE;
            case FieldType.SingleSelect t -> SINGLE_SELECT;
            case FieldType.MultipleSelect t -> MULTIPLE_SELECT;
            case FieldType.BooleanType t -> BOOLEAN;
            case FieldType.Url t -> URL;
            case FieldType.Email t -> EMAIL;
            case FieldType.Phone t -> PHONE;
            case FieldType.Json t -> JSON;
            case FieldType.Formula t -> FORMULA;
            case FieldType.Attachment t -> ATTACHMENT;
            case FieldType.Rating t -> RATING;
            case FieldType.Duration t -> DURATION;
            case FieldType.TimeOfDay t -> TIME;
            case FieldType.RichText t -> RICH_TEXT;
            case FieldType.Barcode t -> BARCODE;
            case FieldType.CreatedTime t -> CREATED_TIME;
            case FieldType.Button t -> BUTTON;
            case FieldType.LastModifiedTime t -> LAST_MODIFIED_TIME;
            case FieldType.Link t -> LINK;
            case FieldType.Lookup t -> LOOKUP;
            case FieldType.Rollup t -> ROLLUP;
            case FieldType.CreatedBy t -> CREATED_BY;
            case FieldType.LastModifiedBy t -> LAST_MODIFIED_BY;
            case FieldType.User t -> USER;
            case FieldType.Autonumber t -> AUTONUMBER;
        };
        return (FieldKind<T>) k;
    }

    /**
     * The plain type whose values a field of this type has: itself, or for a computed kind (formula, created time)
     * the type of its result, which filters, sorts and cursors compare by.
     */
    public static FieldType valueType(FieldType type) {
        return of(type).valueType(type);
    }

    /**
     * The plain type a field's values show as (a formula's or rollup's result, a lookup's looked-up field, the type
     * itself for a stored kind), followed through computed kinds until it is plain: what decides, for example, that a
     * numeric result is right-aligned.
     */
    public static FieldType shownType(FieldType type) {
        FieldType t = type;
        for (int i = 0; i < 8; i++) {
            FieldType next = of(t).shownType(t);
            if (next.equals(t)) return t;
            t = next;
        }
        return t;
    }

    /**
     * A lookup's value as values of the looked-up field's type, so a screen shows each in that field's own format
     * (a number with its decimal places, a date as dates are shown).
     */
    public static java.util.List<Object> lookupElements(FieldType.Lookup type, @org.jspecify.annotations.Nullable Object value) {
        return LinkKinds.Lookup.elements(type, value);
    }

    /** The storage class of a type (each dialect makes its SQL from it). */
    public static StorageClass storage(FieldType type) {
        return of(type).storage(type);
    }
}
