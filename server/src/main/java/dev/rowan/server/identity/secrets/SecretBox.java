package dev.rowan.server.identity.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * AES-256-GCM sealing of a stored secret. The stored form is {@value #PREFIX} + base64(12-byte nonce ‖ ciphertext ‖
 * tag); the database refuses any other form in the sealed columns (V24's checks), so a plaintext secret cannot be
 * written by mistake. Each value is bound to its row by {@code context} (additional authenticated data, e.g.
 * {@code totp:<user id>}): a sealed value copied to another row does not open.
 */
public final class SecretBox {
    public static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key 32 bytes */
    public SecretBox(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("The server secret key must be 32 bytes");
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public static boolean sealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    public String seal(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret in a value {@link #seal}ed with the same key and context.
     *
     * @throws IllegalStateException when the value is not sealed, was sealed under another key (the data directory's
     *                               {@code secret.key} or {@code ROWAN_SECRET_KEY} changed) or for another row
     */
    public String open(String stored, String context) {
        if (!sealed(stored)) throw new IllegalStateException("A stored secret is not sealed");
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret is damaged", e);
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) throw new IllegalStateException("A stored secret is damaged");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("A stored secret does not open with this server's secret key "
                    + "(ROWAN_SECRET_KEY or secret.key in the data directory changed?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The context of a user's TOTP secret. */
    public static String totp(java.util.UUID userId) {
        return "totp:" + userId;
    }

    /** The context of a company's SSO client secret. */
    public static String ssoClient(java.util.UUID companyId) {
        return "sso-client:" + companyId;
    }
}
