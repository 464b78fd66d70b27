package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;

import java.util.UUID;

/**
 * Where a page of a record's linked records ends ({@link RecordSql#linkPage}): the last linked record's position on
 * the forward side (0 on the inverse side) and its id. Opaque to clients: {@code <position>.<id>}.
 */
public record LinkCursor(int position, UUID id) {
    public String encode() {
        return position + "." + id;
    }

    /** The cursor a client passed back, or a 422 at {@code after} when it is not one. */
    public static LinkCursor decode(String token) {
        int dot = token.indexOf('.');
        try {
            if (dot < 1 || dot > 10 || token.length() > 64) throw new IllegalArgumentException("shape");
            int position = Integer.parseInt(token.substring(0, dot));
            if (position < 0) throw new IllegalArgumentException("negative");
            return new LinkCursor(position, UUID.fromString(token.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid("after", "after is not valid; pass back the nextCursor of the previous page");
        }
    }
}
