package dev.rowan.server.records;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;

/** Encodes canonical values as PostgreSQL COPY CSV, the fastest way to load many rows. */
final class CopyEncoder {
    private CopyEncoder() {
    }

    static void value(StringBuilder sb, @Nullable Object v) {
        switch (v) {
            case null -> {
            }
            case String s -> quoted(sb, s);
            case BigDecimal d -> sb.append(d.toPlainString());
            case Boolean b -> sb.append(b ? 't' : 'f');
            case JsonValue j -> quoted(sb, j.text());
            case List<?> l -> {
                StringBuilder arr = new StringBuilder("{");
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) arr.append(',');
                    arr.append('"');
                    String e = String.valueOf(l.get(i));
                    for (int k = 0; k < e.length(); k++) {
                        char ch = e.charAt(k);
                        if (ch == '"' || ch == '\\') arr.append('\\');
                        arr.append(ch);
                    }
                    arr.append('"');
                }
                quoted(sb, arr.append('}').toString());
            }
            default -> sb.append(v);
        }
    }

    private static void quoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') sb.append('"');
            sb.append(c);
        }
        sb.append('"');
    }

    static void row(StringBuilder sb, Object[] system, List<FieldDef> fields, Object[] values) {
        for (int i = 0; i < system.length; i++) {
            if (i > 0) sb.append(',');
            value(sb, system[i]);
        }
        for (int i = 0; i < fields.size(); i++) {
            sb.append(',');
            value(sb, values[i]);
        }
        sb.append('\n');
    }
}
