package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Number, currency and percent. */
final class NumberKinds {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private NumberKinds() {
    }

    static final class Number extends NumericKind<FieldType.NumberType> {
        public String kind() {
            return "number";
        }

        public Class<FieldType.NumberType> typeClass() {
            return FieldType.NumberType.class;
        }

        public FieldType.NumberType parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            Object t = config.get("thousandsSeparator");
            boolean thousands;
            if (t == null) {
                thousands = !(previous instanceof FieldType.NumberType n) || n.thousandsSeparator();
            } else if (t instanceof Boolean b) {
                thousands = b;
            } else {
                throw RowanException.invalid("config.thousandsSeparator", "thousandsSeparator is true or false");
            }
            return new FieldType.NumberType(ValueRules.precision(config, previous, 0), thousands);
        }

        public Map<String, Object> config(FieldType.NumberType type) {
            // written only when off, so the config of every number field made before keeps its JSON form
            return type.thousandsSeparator() ? Map.of("precision", type.precision())
                    : Map.of("precision", type.precision(), "thousandsSeparator", false);
        }

        public FieldType.NumberType example() {
            return new FieldType.NumberType(2);
        }

        public int precision(FieldType.NumberType type) {
            return type.precision();
        }

        public String sampleText() {
            return "1,234.5";
        }
    }

    static final class Currency extends NumericKind<FieldType.Currency> {
        public String kind() {
            return "currency";
        }

        public Class<FieldType.Currency> typeClass() {
            return FieldType.Currency.class;
        }

        public FieldType.Currency parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            return new FieldType.Currency(currency(config, previous), ValueRules.precision(config, previous, 2));
        }

        private static String currency(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            Object c = config.get("currencyCode");
            if (c == null) {
                return previous instanceof FieldType.Currency cur ? cur.currencyCode() : "USD";
            }
            if (c instanceof String s && CURRENCY.matcher(s.toUpperCase(Locale.ROOT)).matches()) {
                return s.toUpperCase(Locale.ROOT);
            }
            throw RowanException.invalid("config.currencyCode",
                    "currencyCode must be a three-letter ISO 4217 code such as EUR");
        }

        public Map<String, Object> config(FieldType.Currency type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("currencyCode", type.currencyCode());
            m.put("precision", type.precision());
            return m;
        }

        public FieldType.Currency example() {
            return new FieldType.Currency("EUR", 2);
        }

        public int precision(FieldType.Currency type) {
            return type.precision();
        }

        public String numberText(FieldType.Currency type, String stripped) {
            return stripped.replaceAll("^[A-Za-z]{3}\\s*|\\s*[A-Za-z]{3}$|[$€£¥]", "").strip();
        }

        public String sampleText() {
            return "EUR 19.90";
        }
    }

    static final class Percent extends NumericKind<FieldType.Percent> {
        public String kind() {
            return "percent";
        }

        public Class<FieldType.Percent> typeClass() {
            return FieldType.Percent.class;
        }

        public FieldType.Percent parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
            return new FieldType.Percent(ValueRules.precision(config, previous, 0));
        }

        public Map<String, Object> config(FieldType.Percent type) {
            return Map.of("precision", type.precision());
        }

        public FieldType.Percent example() {
            return new FieldType.Percent(1);
        }

        public int precision(FieldType.Percent type) {
            return type.precision();
        }

        public String typingHint(FieldType.Percent type) {
            return " (percent is a number of percent: type 35 for 35 %)";
        }

        public String numberText(FieldType.Percent type, String stripped) {
            return stripped.endsWith("%") ? stripped.substring(0, stripped.length() - 1).strip() : stripped;
        }

        public String sampleText() {
            return "12.5 %";
        }
    }
}
