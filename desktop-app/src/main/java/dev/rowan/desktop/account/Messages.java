package dev.rowan.desktop.account;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.sync.ServerApi;
import dev.rowan.model.error.FieldError;

import java.io.IOException;

/** The sentence an account screen shows for a failure: the server's own words, with its field errors. */
final class Messages {
    private Messages() {
    }

    static String of(Throwable t) {
        if (t instanceof ServerApi.ApiError a) {
            StringBuilder sb = new StringBuilder(a.getMessage());
            for (FieldError e : a.errors()) {
                if (!sb.toString().contains(e.message())) sb.append(" (").append(e.message()).append(')');
            }
            return sb.toString();
        }
        if (t instanceof IOException) return "Cannot reach the server; check the address and your connection.";
        if (t instanceof IllegalArgumentException && t.getMessage() != null) return t.getMessage();
        return Errors.message(t);
    }

    /** The token in a pasted reset link ("...?token=abc"), or the text itself when it is a bare token. */
    static String token(String pasted) {
        String s = pasted.strip();
        int i = s.indexOf("token=");
        if (i >= 0) {
            s = s.substring(i + 6);
            int end = s.indexOf('&');
            if (end >= 0) s = s.substring(0, end);
            s = java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
        return s;
    }
}
