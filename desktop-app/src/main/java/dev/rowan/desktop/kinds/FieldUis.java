package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;

import java.util.List;
import java.util.Optional;

/**
 * The one list of the desktop's field kinds. {@link #of} is the only switch over field types the screens need: it is
 * exhaustive over the sealed {@link FieldType} with no {@code default}, so a new kind does not compile until it has
 * a UI here ({@code FieldUisTest} also walks every permitted subtype).
 */
public final class FieldUis {
    static final KindUi<FieldType.Text> TEXT =
            new TextUi<>(FieldType.Text.class, "Single line text", new FieldType.Text(), 170, true, false);
    static final KindUi<FieldType.LongText> LONG_TEXT =
            new TextUi<>(FieldType.LongText.class, "Long text", new FieldType.LongText(), 260, true, true);
    static final KindUi<FieldType.NumberType> NUMBER = new NumberUi();
    static final KindUi<FieldType.Currency> CURRENCY = new CurrencyUi();
    static final KindUi<FieldType.Percent> PERCENT = new PercentUi();
    static final KindUi<FieldType.DateType> DATE = new DateUi();
    static final KindUi<FieldType.SingleSelect> SINGLE_SELECT = SelectUi.single();
    static final KindUi<FieldType.MultipleSelect> MULTIPLE_SELECT = SelectUi.multiple();
    static final KindUi<FieldType.BooleanType> CHECKBOX = new CheckboxUi();
    static final KindUi<FieldType.Url> URL = new TextUi<>(FieldType.Url.class, "URL", new FieldType.Url(), 170, true, false);
    static final KindUi<FieldType.Email> EMAIL =
            new TextUi<>(FieldType.Email.class, "Email", new FieldType.Email(), 170, true, false);
    static final KindUi<FieldType.Phone> PHONE =
            new TextUi<>(FieldType.Phone.class, "Phone", new FieldType.Phone(), 170, true, false);
    static final KindUi<FieldType.Json> JSON = new TextUi<>(FieldType.Json.class, "JSON", new FieldType.Json(), 170, false, false);
    static final KindUi<FieldType.Formula> FORMULA = new FormulaUi();
    static final KindUi<FieldType.Link> LINK = new LinkedUi<>(FieldType.Link.class, "Link to records",
            dev.rowan.model.kind.FieldKinds.LINK.example(), true);
    static final KindUi<FieldType.Lookup> LOOKUP = new LinkedUi<>(FieldType.Lookup.class, "Lookup",
            dev.rowan.model.kind.FieldKinds.LOOKUP.example(), false);
    static final KindUi<FieldType.Rollup> ROLLUP = new LinkedUi<>(FieldType.Rollup.class, "Rollup",
            dev.rowan.model.kind.FieldKinds.ROLLUP.example(), true);


    static final KindUi<FieldType.Attachment> ATTACHMENT = new AttachmentUi();

    static final KindUi<FieldType.Rating> RATING = new RatingUi();
    static final KindUi<FieldType.Duration> DURATION = new SimpleTextUi<>(FieldType.Duration.class, "Duration",
            new FieldType.Duration(), 100, "h:mm or h:mm:ss", CellLook.Align.END);
    static final KindUi<FieldType.TimeOfDay> TIME = new SimpleTextUi<>(FieldType.TimeOfDay.class, "Time",
            new FieldType.TimeOfDay(), 90, "14:30", CellLook.Align.START);
    static final KindUi<FieldType.RichText> RICH_TEXT = new RichTextUi();
    static final KindUi<FieldType.Barcode> BARCODE = new BarcodeUi();
    static final KindUi<FieldType.Button> BUTTON = new ButtonUi();
    static final KindUi<FieldType.CreatedTime> CREATED_TIME =
            SystemColumnUi.time(FieldType.CreatedTime.class, "Created time", new FieldType.CreatedTime());
    static final KindUi<FieldType.LastModifiedTime> LAST_MODIFIED_TIME =
            SystemColumnUi.time(FieldType.LastModifiedTime.class, "Last modified time", new FieldType.LastModifiedTime());
    static final KindUi<FieldType.CreatedBy> CREATED_BY =
            SystemColumnUi.user(FieldType.CreatedBy.class, "Created by", new FieldType.CreatedBy());
    static final KindUi<FieldType.LastModifiedBy> LAST_MODIFIED_BY =
            SystemColumnUi.user(FieldType.LastModifiedBy.class, "Last modified by", new FieldType.LastModifiedBy());

    static final KindUi<FieldType.User> USER = new UserUi();
    static final KindUi<FieldType.Autonumber> AUTONUMBER = new AutonumberUi();

    /** Every kind, in the order the designer offers them. */
    private static final List<KindUi<?>> ALL = List.of(TEXT, LONG_TEXT, NUMBER, CURRENCY, PERCENT, DATE, SINGLE_SELECT,
            MULTIPLE_SELECT, CHECKBOX, URL, EMAIL, PHONE, JSON, FORMULA, RATING, DURATION, TIME, RICH_TEXT, BARCODE,
            CREATED_TIME, LAST_MODIFIED_TIME, CREATED_BY, LAST_MODIFIED_BY, USER, AUTONUMBER, BUTTON, ATTACHMENT, LINK, LOOKUP,
            ROLLUP);

    private FieldUis() {
    }

    /** The UI of a field's kind. */
    /**
     * Where a field's values sit in a cell or a form field: decided once from the plain type they show as
     * ({@code FieldKinds.shownType}: a formula's or rollup's result, a lookup's looked-up field), so a numeric result
     * is right-aligned like a number field whatever kind computes it.
     */
    public static CellLook.Align align(FieldType type) {
        return of(dev.rowan.model.kind.FieldKinds.shownType(type)).align();
    }

    /**
     * How a sort of a field reads in menus, from the type its values show as: "1→9" for numbers (a rollup or formula
     * of numbers too), "old→new" for dates and times, "A→Z" for the rest; reversed when descending.
     */
    public static String sortOrder(FieldType type, boolean ascending) {
        FieldType shown = dev.rowan.model.kind.FieldKinds.shownType(type);
        String[] ends = of(shown).align() == CellLook.Align.END ? new String[] {"1", "9"}
                : of(shown).filterInput() == FilterInput.DATE ? new String[] {"old", "new"} : new String[] {"A", "Z"};
        return ascending ? ends[0] + "→" + ends[1] : ends[1] + "→" + ends[0];
    }

    public static KindUi<?> of(FieldType type) {
        return switch (type) {
            case FieldType.Text t -> TEXT;
            case FieldType.LongText t -> LONG_TEXT;
            case FieldType.NumberType t -> NUMBER;
            case FieldType.Currency t -> CURRENCY;
            case FieldType.Percent t -> PERCENT;
            case FieldType.DateType t -> DATE;
            case FieldType.SingleSelect t -> SINGLE_SELECT;
            case FieldType.MultipleSelect t -> MULTIPLE_SELECT;
            case FieldType.BooleanType t -> CHECKBOX;
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
    }

    /** Every kind, in the order the designer offers them. */
    public static List<KindUi<?>> all() {
        return ALL;
    }

    /** The kinds the designer offers for a new field or a type change ({@link KindUi#designable()}). */
    public static List<KindUi<?>> designable() {
        return ALL.stream().filter(KindUi::designable).toList();
    }

    /** The kind with this API name ("single_select"). */
    public static Optional<KindUi<?>> byKind(String kind) {
        for (KindUi<?> k : ALL) if (k.kind().equals(kind)) return Optional.of(k);
        return Optional.empty();
    }

    /** What the designer calls a kind given by its API name; the name itself if there is no such kind. */
    public static String label(String kind) {
        return byKind(kind).map(KindUi::label).orElse(kind);
    }
}
