package dev.rowan.server.identity.mfa;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * TOTP (RFC 6238) over the dev.samstevens.totp library's HOTP code generator: SHA-1, 6 digits, 30-second steps, the
 * way authenticator apps read an {@code otpauth://} URI. A code is accepted for the current step and one step either
 * side, and only for a step after the last one accepted (so a code cannot be used twice).
 */
public final class Totp {
    public static final int PERIOD_SECONDS = 30;
    public static final int DIGITS = 6;
    /** Steps either side of now that still count (clock drift between phone and server). */
    public static final int WINDOW = 1;

    private Totp() {
    }

    /** A new random secret: 32 base32 characters, 160 bits (the RFC 4226 recommended length). */
    public static String newSecret() {
        return new DefaultSecretGenerator(32).generate();
    }

    public static long step(long epochSeconds) {
        return Math.floorDiv(epochSeconds, PERIOD_SECONDS);
    }

    /** The code for a time step; {@code secret} in base32. */
    public static String code(HashingAlgorithm algorithm, String secret, long step, int digits) {
        try {
            return new DefaultCodeGenerator(algorithm, digits).generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("The second-factor secret could not be used", e);
        }
    }

    /**
     * The step {@code code} is right for, within the window around {@code epochSeconds} and after {@code lastStep};
     * empty when none (wrong, too old, or already used).
     */
    public static OptionalLong match(String secret, String code, long epochSeconds, long lastStep) {
        if (code.length() != DIGITS || !code.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return OptionalLong.empty();
        long now = step(epochSeconds);
        long found = -1;
        for (long s = now - WINDOW; s <= now + WINDOW; s++) {
            // every step is computed and compared in constant time, whichever matches
            boolean same = MessageDigest.isEqual(code(HashingAlgorithm.SHA1, secret, s, DIGITS)
                    .getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
            if (same && s > lastStep && found < 0) found = s;
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The {@code otpauth://totp/...} URI authenticator apps scan. */
    public static String uri(String secret, String account, String issuer) {
        return data(secret, account, issuer).getUri();
    }

    /** The URI as a QR code, PNG. */
    public static byte[] qrPng(String secret, String account, String issuer) {
        try {
            return new ZxingPngQrGenerator().generate(data(secret, account, issuer));
        } catch (QrGenerationException e) {
            throw new IllegalStateException("The QR code could not be drawn", e);
        }
    }

    private static QrData data(String secret, String account, String issuer) {
        return new QrData.Builder().label(account).secret(secret).issuer(issuer).algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS).period(PERIOD_SECONDS).build();
    }
}
