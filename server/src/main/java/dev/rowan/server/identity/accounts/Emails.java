package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.RowanException;

import java.util.regex.Pattern;

/** The one check of an email address typed into an account route. */
public final class Emails {
    private static final Pattern SHAPE = Pattern.compile("[^\\s@\\p{Cntrl}<>\"',;]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private Emails() {
    }

    public static boolean valid(String email) {
        return email.length() <= 254 && SHAPE.matcher(email).matches();
    }

    /** The stripped address from {@code body[field]}, or 422. */
    public static String required(java.util.Map<String, ?> body, String field) {
        Object v = body.get(field);
        String e = v instanceof String s ? s.strip() : "";
        if (!valid(e)) throw RowanException.invalid(field, field + " must be an email address");
        return e;
    }
}
