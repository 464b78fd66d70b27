package dev.rowan.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id (memory-hard) password hashes, encoded with their parameters so they can be raised later. */
public final class Passwords {
    // 19 MiB, 2 passes, 1 lane: OWASP's minimum recommendation for Argon2id
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /**
     * A hash no password matches (of 32 random bytes forgotten at once), for accounts made by single sign-on: checking
     * a password against it costs what any check costs. Computed once per process.
     */
    public static String unusable() {
        return Unusable.HASH;
    }

    private static final class Unusable {
        static final String HASH;

        static {
            byte[] raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
            HASH = hash(java.util.HexFormat.of().formatHex(raw));
        }
    }

    public static boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
