package dev.rowan.server.identity;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.rowan.server.identity.mfa.Totp;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import dev.samstevens.totp.code.HashingAlgorithm;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** People, second factors and direct SQL for the identity tests. */
final class IdentityFixture {
    static final String PASSWORD = "a long enough password 7";

    private IdentityFixture() {
    }

    /** A person in a company: their signed-in client, email and id. */
    record Person(ApiClient api, String email, UUID id) {
    }

    /** Adds a member with a role to the admin's company and signs them in. */
    static Person member(ApiClient admin, String role) {
        String email = "m-" + UUID.randomUUID() + "@test.rowan";
        var r = admin.post("/api/members", Map.of("email", email, "password", PASSWORD, "role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ApiClient api = new ApiClient(admin.base());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        api.companyId = admin.companyId;
        return new Person(api, email, UUID.fromString(r.id()));
    }

    /** A fresh company whose owner is returned with email and id. */
    static Person owner() {
        String email = "o-" + UUID.randomUUID() + "@test.rowan";
        UUID company = TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        api.companyId = company;
        UUID id = UUID.fromString((String) ((Map<?, ?>) api.get("/api/auth/me").map()).get("userId").toString());
        return new Person(api, email, id);
    }

    /** The authenticator's code for now plus {@code steps} steps. */
    static String code(String secret, int steps) {
        return Totp.code(HashingAlgorithm.SHA1, secret, Totp.step(System.currentTimeMillis() / 1000) + steps, 6);
    }

    /** Sets up and confirms a second factor for a signed-in person; answers the secret and the backup codes. */
    @SuppressWarnings("unchecked")
    static Enrolled enrol(ApiClient api) {
        var start = api.post("/api/account/mfa/totp", Map.of());
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        String secret = (String) start.get("secret");
        var ok = api.post("/api/account/mfa/totp/confirm", Map.of("code", code(secret, 0)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        return new Enrolled(secret, (List<String>) ok.get("backupCodes"));
    }

    record Enrolled(String secret, List<String> backupCodes) {
    }

    static String readQr(byte[] png) {
        try {
            var image = ImageIO.read(new ByteArrayInputStream(png));
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                    .getText();
        } catch (IOException | NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("not a readable QR code", e);
        }
    }

    static String readQr(String base64Png) {
        return readQr(Base64.getDecoder().decode(base64Png));
    }

    static int sql(String sql, Object... params) {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
