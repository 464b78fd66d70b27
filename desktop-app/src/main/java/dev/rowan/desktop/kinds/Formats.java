package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, money and dates read on screen (cells and the text an editor starts from). */
public final class Formats {
    private Formats() {
    }

    /** Money the way the given locale writes it: "-€1,200.50" in English, "-1.200,50 €" in German. */
    public static String money(BigDecimal d, FieldType.Currency c, Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        try {
            f.setCurrency(java.util.Currency.getInstance(c.currencyCode()));
        } catch (IllegalArgumentException e) {
            return c.currencyCode() + " " + grouped(d, c.precision());
        }
        f.setMinimumFractionDigits(c.precision());
        f.setMaximumFractionDigits(c.precision());
        return f.format(d);
    }

    /** A number with thousands grouped and the field's decimal places: "1,234.50". */
    public static String grouped(BigDecimal d, int precision) {
        DecimalFormat f = new DecimalFormat("#,##0" + (precision > 0 ? "." + "0".repeat(precision) : ""),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(d);
    }

    /** A number with the field's decimal places and no thousands separator: "2020", "1234.50". */
    public static String plain(BigDecimal d, int precision) {
        DecimalFormat f = new DecimalFormat("0" + (precision > 0 ? "." + "0".repeat(precision) : ""),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(d);
    }

    /** A day in the preferred pattern. */
    public static String date(LocalDate d, DateTimeFormatter dates) {
        return d.format(dates);
    }

    /** An instant as a day in the preferred pattern and a time of day, in this computer's time zone (a cell). */
    public static String dateTime(OffsetDateTime v, DateTimeFormatter dates) {
        ZonedDateTime z = v.atZoneSameInstant(ZoneId.systemDefault());
        return z.format(dates) + " " + z.toLocalTime().withNano(0);
    }

    /** The same instant as a person types it into an editor: "31/01/2026 14:30". */
    public static String typedDateTime(OffsetDateTime v, DateTimeFormatter dates) {
        ZonedDateTime z = v.atZoneSameInstant(ZoneId.systemDefault());
        return z.toLocalDate().format(dates) + " " + z.toLocalTime().withNano(0);
    }
}
