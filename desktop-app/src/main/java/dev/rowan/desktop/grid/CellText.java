package dev.rowan.desktop.grid;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a value reads in a grid cell: dates in the preferred pattern, amounts grouped, percentages with %. */
public final class CellText {
    private CellText() {
    }

    public static String display(FieldType type, @Nullable Object v, DateTimeFormatter dates) {
        if (v == null) return "";
        return switch (type) {
            case FieldType.DateType d -> d.includeTime()
                    ? ((OffsetDateTime) v).atZoneSameInstant(ZoneId.systemDefault()).format(dates) + " "
                    + ((OffsetDateTime) v).atZoneSameInstant(ZoneId.systemDefault()).toLocalTime().withNano(0)
                    : ((LocalDate) v).format(dates);
            case FieldType.Currency c -> money((BigDecimal) v, c);
            case FieldType.NumberType n -> grouped((BigDecimal) v, n.precision());
            case FieldType.Percent p -> ((BigDecimal) v).toPlainString() + " %";
            case FieldType.BooleanType b -> Boolean.TRUE.equals(v) ? "✓" : "";
            default -> FieldValues.formatText(type, v);
        };
    }

    /** Money the way the user's locale writes it: "-€1,200.50" in English, "-1.200,50 €" in German. */
    public static String money(BigDecimal d, FieldType.Currency c) {
        return money(d, c, Locale.getDefault(Locale.Category.FORMAT));
    }

    static String money(BigDecimal d, FieldType.Currency c, Locale locale) {
        java.text.NumberFormat f = java.text.NumberFormat.getCurrencyInstance(locale);
        try {
            f.setCurrency(java.util.Currency.getInstance(c.currencyCode()));
        } catch (IllegalArgumentException e) {
            return c.currencyCode() + " " + grouped(d, c.precision());
        }
        f.setMinimumFractionDigits(c.precision());
        f.setMaximumFractionDigits(c.precision());
        return f.format(d);
    }

    private static String grouped(BigDecimal d, int precision) {
        DecimalFormat f = new DecimalFormat("#,##0" + (precision > 0 ? "." + "0".repeat(precision) : ""),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(d);
    }
}
