package dev.rowan.server.identity;

import dev.rowan.server.identity.mfa.BackupCodes;
import dev.rowan.server.identity.mfa.Totp;
import dev.samstevens.totp.code.HashingAlgorithm;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP against RFC 6238's own test vectors, the ±1 step window, replay, and backup codes. */
class TotpTest {
    private static final String SEED20 = "12345678901234567890";
    private static final String SEED32 = "12345678901234567890123456789012";
    private static final String SEED64 = "1234567890123456789012345678901234567890123456789012345678901234";

    private static String base32(String ascii) {
        return new Base32().encodeToString(ascii.getBytes(StandardCharsets.US_ASCII)).replace("=", "");
    }

    /** RFC 6238 Appendix B: 8 digits, 30-second steps, T0 = 0. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
            "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774", "1111111109, SHA512, 25091201",
            "1111111111, SHA1, 14050471", "1111111111, SHA256, 67062674", "1111111111, SHA512, 99943326",
            "1234567890, SHA1, 89005924", "1234567890, SHA256, 91819424", "1234567890, SHA512, 93441116",
            "2000000000, SHA1, 69279037", "2000000000, SHA256, 90698825", "2000000000, SHA512, 38618901",
            "20000000000, SHA1, 65353130", "20000000000, SHA256, 77737706", "20000000000, SHA512, 47863826"})
    void rfc6238AppendixBVectors(long time, HashingAlgorithm algorithm, String expected) {
        String seed = switch (algorithm) {
            case SHA1 -> SEED20;
            case SHA256 -> SEED32;
            case SHA512 -> SEED64;
        };
        assertThat(Totp.code(algorithm, base32(seed), Totp.step(time), 8)).isEqualTo(expected);
    }

    @Test
    void aCodeCountsForOneStepEitherSideAndNoFurther() {
        String secret = Totp.newSecret();
        long now = 1_700_000_015L;
        long step = Totp.step(now);
        for (int d = -1; d <= 1; d++) {
            String code = Totp.code(HashingAlgorithm.SHA1, secret, step + d, 6);
            assertThat(Totp.match(secret, code, now, 0)).as("offset %d", d).hasValue(step + d);
        }
        for (int d : List.of(-3, -2, 2, 3)) {
            String code = Totp.code(HashingAlgorithm.SHA1, secret, step + d, 6);
            // another step may by chance give the same 6 digits; then it matched that step, not this one
            assertThat(Totp.match(secret, code, now, 0)).as("offset %d", d)
                    .satisfiesAnyOf(m -> assertThat(m).isEmpty(), m -> assertThat(m.getAsLong()).isNotEqualTo(step + d));
        }
    }

    @Test
    void aCodeOfAStepAlreadyUsedOrEarlierIsRefused() {
        String secret = Totp.newSecret();
        long now = 1_700_000_015L;
        long step = Totp.step(now);
        String current = Totp.code(HashingAlgorithm.SHA1, secret, step, 6);
        assertThat(Totp.match(secret, current, now, step - 1)).hasValue(step);
        assertThat(Totp.match(secret, current, now, step)).isEmpty();
        String previous = Totp.code(HashingAlgorithm.SHA1, secret, step - 1, 6);
        assertThat(Totp.match(secret, previous, now, step)).isEmpty();
        String next = Totp.code(HashingAlgorithm.SHA1, secret, step + 1, 6);
        assertThat(Totp.match(secret, next, now, step)).hasValue(step + 1);
    }

    @Test
    void malformedCodesAreRefusedWithoutComputing() {
        String secret = Totp.newSecret();
        for (String bad : List.of("", "12345", "1234567", "12a456", "１２３４５６", "-12345")) {
            assertThat(Totp.match(secret, bad, 1_700_000_000L, 0)).as(bad).isEmpty();
        }
    }

    @Test
    void theUriAndQrCodeCarryTheSecret() {
        String secret = Totp.newSecret();
        assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
        String uri = Totp.uri(secret, "ana@example.com", "Rowan");
        assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret).contains("issuer=Rowan")
                .contains("digits=6").contains("period=30");
        assertThat(IdentityFixture.readQr(Totp.qrPng(secret, "ana@example.com", "Rowan"))).isEqualTo(uri);
    }

    @Test
    void backupCodesAreTenDistinctAndHashedPerUser() {
        List<String> codes = BackupCodes.generate();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String c = codes.getFirst();
        assertThat(BackupCodes.hash(a, c)).isEqualTo(BackupCodes.hash(a, c.toUpperCase().replace("-", " ")));
        assertThat(BackupCodes.hash(a, c)).isNotEqualTo(BackupCodes.hash(b, c));
        assertThat(new HashSet<>(codes.stream().map(x -> new String(BackupCodes.hash(a, x), StandardCharsets.ISO_8859_1))
                .toList())).hasSize(10);
    }
}
