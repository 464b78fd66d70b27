package dev.rowan.server.identity.pages;

import org.jspecify.annotations.Nullable;

/** The account pages' markup: one layout, every text escaped here. */
final class Html {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";
    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;"
            + "color:#1f2328}main{max-width:32rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px;"
            + "box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.5rem;margin-top:0}label{display:block;"
            + "font-weight:600;margin:1rem 0 .25rem}input[type=password],input[type=text]{width:100%;"
            + "box-sizing:border-box;padding:.5rem;border:1px solid #c9ced6;border-radius:4px;font:inherit}"
            + ".help{color:#59636e;font-size:.875rem}.problems{background:#ffebe9;border:1px solid #ff818266;"
            + "padding:.75rem 1rem;border-radius:4px}.done{background:#dafbe1;border:1px solid #4ac26b66;"
            + "padding:1rem;border-radius:4px}button{margin-top:1.25rem;background:#1f6feb;color:#fff;border:0;"
            + "border-radius:4px;padding:.6rem 1.4rem;font:inherit;cursor:pointer}";

    private Html() {
    }

    /** A page with a title, optional message box, and body markup (already escaped). */
    static String page(String title, @Nullable String message, String kind, String body) {
        StringBuilder b = new StringBuilder(2048).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\"><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body><main><h1>").append(esc(title))
                .append("</h1>");
        if (message != null) b.append("<p class=\"").append(kind).append("\">").append(esc(message)).append("</p>");
        return b.append(body).append("</main></body></html>").toString();
    }

    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    static String password(String name, String label, String autocomplete) {
        return "<label for=\"" + name + "\">" + esc(label) + "</label><input type=\"password\" id=\"" + name
                + "\" name=\"" + name + "\" autocomplete=\"" + autocomplete + "\" maxlength=\"200\">";
    }

    static String text(String name, String label) {
        return "<label for=\"" + name + "\">" + esc(label) + "</label><input type=\"text\" id=\"" + name
                + "\" name=\"" + name + "\" maxlength=\"200\">";
    }

    static String form(String action, String fields, String button) {
        return "<form method=\"post\" action=\"" + esc(action) + "\">" + fields + "<button type=\"submit\">"
                + esc(button) + "</button></form>";
    }

    static String p(String text, String cls) {
        return "<p class=\"" + cls + "\">" + esc(text) + "</p>";
    }

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
