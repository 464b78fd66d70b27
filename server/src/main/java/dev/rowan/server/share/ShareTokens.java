package dev.rowan.server.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Link tokens: 32 random bytes (256 bits) from {@link SecureRandom}, URL-safe base64 (43 characters), stored only
 * as their SHA-256. Anything that does not look like a token is refused before the database is asked.
 */
public final class ShareTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 43;

    private ShareTokens() {
    }

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of a token, or empty when the text cannot be a token (wrong length or alphabet). */
    public static Optional<String> hash(String token) {
        if (token.length() != LENGTH) return Optional.empty();
        for (int i = 0; i < LENGTH; i++) {
            char ch = token.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_';
            if (!ok) return Optional.empty();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
