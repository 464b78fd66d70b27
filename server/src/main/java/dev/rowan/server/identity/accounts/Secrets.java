package dev.rowan.server.identity.accounts;

import dev.rowan.server.auth.AccountRepository;

import java.security.SecureRandom;
import java.util.Base64;

/** Random single-use secrets sent by mail, and the hash that is all the database keeps of them. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    // no 0/O, 1/I/L: a code is read from a mail and typed
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 10;

    private Secrets() {
    }

    /** 256 random bits, URL-safe: the secret of a link. */
    public static String token() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** A short code to type ({@value #CODE_LENGTH} characters, about 50 bits), shown as XXXXX-XXXXX. */
    public static String code() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CODE_LENGTH; i++) {
            if (i == CODE_LENGTH / 2) sb.append('-');
            sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** A typed code in the form it was hashed in: upper case, without spaces and dashes. */
    public static String normalizeCode(String typed) {
        StringBuilder sb = new StringBuilder();
        for (char ch : typed.toCharArray()) {
            if (ch == '-' || Character.isWhitespace(ch)) continue;
            sb.append(Character.toUpperCase(ch));
        }
        return sb.toString();
    }

    public static byte[] hash(String secret) {
        return AccountRepository.hashToken(secret);
    }
}
