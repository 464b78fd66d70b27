package dev.rowan.server.identity.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Single-use backup codes: ten of {@code xxxxx-xxxxx} from a 32-letter alphabet without look-alikes (50 bits each),
 * shown once; only a hash salted with the user's id is stored. Typing is forgiving: case, spaces and dashes do not
 * matter.
 */
public final class BackupCodes {
    public static final int COUNT = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCodes() {
    }

    public static List<String> generate() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                if (j == 5) sb.append('-');
                sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Whether the input looks like a backup code (rather than an authenticator's code). */
    public static boolean looksLike(String input) {
        return normalize(input).length() == 10;
    }

    public static byte[] hash(UUID userId, String code) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(userId.toString().getBytes(StandardCharsets.US_ASCII));
            d.update((byte) 0);
            return d.digest(normalize(code).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalize(String code) {
        return code.toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }
}
