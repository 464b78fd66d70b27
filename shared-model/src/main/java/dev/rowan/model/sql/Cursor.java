package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keyset position after the last row of a page: its sort values (canonical text) and id, bound to the sort it
 * was made for. Opaque to clients (base64url JSON).
 */
public record Cursor(String sortSignature, List<@Nullable String> values, UUID lastId) {

    public String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", sortSignature);
        m.put("v", values);
        m.put("id", lastId.toString());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JsonText.write(m).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String token) {
        try {
            if (token.length() > 10_000) throw new IllegalArgumentException("too long");
            String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            Map<?, ?> m = (Map<?, ?>) JsonText.parse(json);
            List<@Nullable String> values = new ArrayList<>();
            for (Object o : (List<?>) m.get("v")) {
                values.add(o == null ? null : o.toString());
            }
            if (!(m.get("s") instanceof String signature)) throw new IllegalArgumentException("no sort signature");
            return new Cursor(signature, values, UUID.fromString((String) m.get("id")));
        } catch (RuntimeException e) {
            throw RowanException.invalid("cursor", "cursor is not valid; pass back the nextCursor of the previous page");
        }
    }
}
