package dev.rowan.server.http;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.UUID;

/** Path and query parameters with clear errors for bad values. */
public final class Params {
    private Params() {
    }

    public static UUID uuid(ServerRequest req, String name) {
        String raw = req.path().pathParameters().get(name);
        return parseUuid(raw, name);
    }

    public static UUID parseUuid(String raw, String name) {
        try {
            if (raw.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw RowanException.notFound("No such " + name + ": '" + Untrusted.printable(raw) + "' is not an id");
        }
    }

    /** A query parameter; like body strings, it must be text Rowan can store and compare (422 otherwise). */
    public static Optional<String> query(ServerRequest req, String name) {
        Optional<String> v = req.query().first(name).asOptional();
        if (v.isPresent()) {
            String why = TextRules.problem(v.get());
            if (why != null) throw RowanException.invalid(name, name + " " + why);
        }
        return v;
    }

    public static int intQuery(ServerRequest req, String name, int dflt, int min, int max) {
        Optional<String> v = query(req, name);
        if (v.isEmpty() || v.get().isBlank()) return dflt;
        try {
            int i = Integer.parseInt(v.get().strip());
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw RowanException.invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
    }

    /** true/1 or false/0 (absent or empty = false); anything else is refused rather than read as false. */
    public static boolean boolQuery(ServerRequest req, String name) {
        Optional<String> v = query(req, name);
        if (v.isEmpty() || v.get().isEmpty()) return false;
        String s = v.get().strip();
        if (s.equalsIgnoreCase("true") || s.equals("1")) return true;
        if (s.equalsIgnoreCase("false") || s.equals("0")) return false;
        throw RowanException.invalid(name, name + " must be true or false");
    }
}
