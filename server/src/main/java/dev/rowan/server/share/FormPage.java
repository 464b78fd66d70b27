package dev.rowan.server.share;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shared form as one self-contained HTML page: inline CSS only, no script, no external asset, so it works under
 * the strict {@link #CSP}. Every text that came from a user (labels, help, option labels, typed values, messages) is
 * escaped here, in one place. Inputs are named by field id; only the form's own fields are ever written into it.
 */
final class FormPage {
    /** Nothing but the page's inline style may load; the form may only post back to this server. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    /** One field of the form as a visitor sees it. */
    record Entry(FieldDef field, String label, @Nullable String help, boolean required, @Nullable String section) {
        String input() {
            return "f-" + field.id();
        }
    }

    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}"
            + "main{max-width:40rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px;"
            + "box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.5rem;margin-top:0}"
            + ".field{margin-bottom:1.25rem}label{display:block;font-weight:600;margin-bottom:.25rem}"
            + "input[type=text],input[type=email],input[type=url],input[type=tel],input[type=date],"
            + "input[type=datetime-local],select,textarea{width:100%;box-sizing:border-box;padding:.5rem;"
            + "border:1px solid #c9ced6;border-radius:4px;font:inherit}textarea{min-height:6rem}"
            + ".help{color:#59636e;font-size:.875rem;margin:.25rem 0}.req{color:#cf222e}"
            + ".error{color:#cf222e;font-size:.875rem;margin:.25rem 0}.invalid input,.invalid select,"
            + ".invalid textarea{border-color:#cf222e}.problems{background:#ffebe9;border:1px solid #ff818266;"
            + "padding:.75rem 1rem;border-radius:4px}.done{background:#dafbe1;border:1px solid #4ac26b66;"
            + "padding:1rem;border-radius:4px}button{background:#1f6feb;color:#fff;border:0;border-radius:4px;"
            + "padding:.6rem 1.4rem;font:inherit;cursor:pointer}fieldset{border:0;padding:0;margin:0}"
            + "h2.section{font-size:1.15rem;margin:1.75rem 0 .75rem;padding-top:1rem;border-top:1px solid #d8dee4}"
            + "fieldset label{display:inline-flex;gap:.35rem;font-weight:400;margin-right:1.25rem}";

    private FormPage() {
    }

    static String form(String title, List<Entry> entries, Map<UUID, List<String>> typed, Map<UUID, String> errors,
                       List<String> problems, String action) {
        StringBuilder b = head(title);
        if (!problems.isEmpty() || !errors.isEmpty()) {
            b.append("<div class=\"problems\" role=\"alert\" id=\"problems\"><p>Please correct the marked fields.</p>");
            for (String p : problems) b.append("<p>").append(esc(p)).append("</p>");
            b.append("</div>");
        }
        b.append("<form method=\"post\" action=\"").append(esc(action)).append("\" accept-charset=\"UTF-8\" novalidate>");
        for (Entry e : entries) {
            String error = errors.get(e.field().id());
            List<String> values = typed.getOrDefault(e.field().id(), List.of());
            if (e.section() != null && !e.section().isBlank()) {
                b.append("<h2 class=\"section\">").append(esc(e.section())).append("</h2>");
            }
            b.append("<div class=\"field").append(error == null ? "" : " invalid").append("\">");
            b.append("<label for=\"").append(e.input()).append("\">").append(esc(e.label()));
            if (e.field().type() instanceof FieldType.DateType d && d.includeTime()) b.append(" (UTC)");
            if (e.required()) b.append(" <span class=\"req\" aria-label=\"required\">*</span>");
            b.append("</label>");
            if (e.help() != null && !e.help().isBlank()) {
                b.append("<p class=\"help\">").append(esc(e.help())).append("</p>");
            }
            input(b, e, values);
            if (error != null) {
                b.append("<p class=\"error\" id=\"").append(e.input()).append("-error\">").append(esc(error))
                        .append("</p>");
            }
            b.append("</div>");
        }
        b.append("<button type=\"submit\" id=\"submit\">Submit</button></form>");
        return tail(b);
    }

    static String message(String title, String message, String cssClass) {
        StringBuilder b = head(title);
        b.append("<div class=\"").append(cssClass).append("\" id=\"").append(cssClass).append("\" role=\"status\"><p>")
                .append(esc(message)).append("</p></div>");
        return tail(b);
    }

    private static void input(StringBuilder b, Entry e, List<String> values) {
        String id = e.input();
        String first = values.isEmpty() ? "" : values.getFirst();
        String req = e.required() ? " aria-required=\"true\"" : "";
        FieldType type = e.field().type();
        if (type instanceof FieldType.LongText || type instanceof FieldType.Json) {
            b.append("<textarea id=\"").append(id).append("\" name=\"").append(id).append("\"").append(req).append(">")
                    .append(esc(first)).append("</textarea>");
        } else if (type instanceof FieldType.BooleanType) {
            b.append("<input type=\"checkbox\" id=\"").append(id).append("\" name=\"").append(id)
                    .append("\" value=\"true\"").append(values.contains("true") ? " checked" : "").append(">");
        } else if (type instanceof FieldType.SingleSelect s) {
            b.append("<select id=\"").append(id).append("\" name=\"").append(id).append("\"").append(req)
                    .append("><option value=\"\"></option>");
            for (SelectOption o : s.options()) {
                b.append("<option value=\"").append(esc(o.label())).append("\"")
                        .append(o.label().equals(first) ? " selected" : "").append(">").append(esc(o.label()))
                        .append("</option>");
            }
            b.append("</select>");
        } else if (type instanceof FieldType.MultipleSelect m) {
            b.append("<fieldset id=\"").append(id).append("\">");
            int i = 0;
            for (SelectOption o : m.options()) {
                String oid = id + "-" + i++;
                b.append("<label><input type=\"checkbox\" id=\"").append(oid).append("\" name=\"").append(id)
                        .append("\" value=\"").append(esc(o.label())).append("\"")
                        .append(values.contains(o.label()) ? " checked" : "").append("> ").append(esc(o.label()))
                        .append("</label>");
            }
            b.append("</fieldset>");
        } else {
            String html = switch (type) {
                case FieldType.DateType d -> d.includeTime() ? "datetime-local" : "date";
                case FieldType.Email x -> "email";
                case FieldType.Url x -> "url";
                case FieldType.Phone x -> "tel";
                default -> "text"; // any other kind is entered as the text its own parser reads
            };
            boolean numeric = type instanceof FieldType.NumberType || type instanceof FieldType.Currency
                    || type instanceof FieldType.Percent;
            b.append("<input type=\"").append(html).append("\" id=\"").append(id).append("\" name=\"").append(id)
                    .append("\" value=\"").append(esc(first)).append("\"")
                    .append(numeric ? " inputmode=\"decimal\"" : "").append(req).append(">");
        }
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(4096).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\"><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body><main><h1>")
                .append(esc(title)).append("</h1>");
    }

    private static String tail(StringBuilder b) {
        return b.append("</main></body></html>").toString();
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(@Nullable String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
