package dev.rowan.server.files;

import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments over HTTP on a real server and PostgreSQL: upload and download stream the same bytes back, content is
 * stored once per company, types come from the bytes, names are made safe, limits and quota answer 413 and store
 * nothing, hidden and foreign files are 404, record writes take only files of their table (with the server's
 * metadata), and files of deleted records are collected after the retention time. The server of this class has a
 * 3 MiB file limit, a 5 MiB quota and no retention, and its collector runs only when a test calls it.
 */
class AttachmentsTest {
    private static final String PASSWORD = "attachment tests password";
    private static final int MAX = 3 << 20;
    private static final int QUOTA = 5 << 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static RowanServer server;

    @BeforeAll
    static void start() {
        server = RowanServer.start(TestServer.settings(Map.of("ROWAN_MAX_FILE_BYTES", String.valueOf(MAX),
                "ROWAN_FILE_QUOTA_BYTES", String.valueOf(QUOTA), "ROWAN_FILE_RETENTION_SECONDS", "0",
                "ROWAN_FILE_SWEEP_SECONDS", "100000")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A company of its own on this class's server, with a table that has an attachment field. */
    private record Tenant(ApiClient api, String table, String app) {
    }

    private static Tenant tenant() {
        String email = "files-" + UUID.randomUUID() + "@test.rowan";
        UUID company = TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
        api.login(email, PASSWORD);
        api.companyId = company;
        String app = api.createApp("Files");
        Map<String, Object> t = api.createTable(app, "Docs", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Files", "type", "attachment")));
        return new Tenant(api, String.valueOf(t.get("id")), app);
    }

    private record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {
        Map<String, Object> json() {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = ApiClient.JSON.readValue(body, Map.class);
                return m;
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    private static Answer upload(ApiClient api, String table, String name, byte[] bytes) {
        return uploadQuery(api, table, "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), bytes);
    }

    private static Answer uploadQuery(ApiClient api, String table, String query, byte[] bytes) {
        return call(api, "POST", "/api/tables/" + table + "/files?" + query, bytes);
    }

    private static Answer call(ApiClient api, String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + api.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) b.header("Content-Type", "application/octet-stream");
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] png(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static long count(Tenant t, String sql) throws Exception {
        String schema = PhysicalNames.companySchema(t.api().companyId);
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("$s", "\"" + schema + "\""))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertProblem(Answer a, int status) {
        assertThat(a.status()).as(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        String body = new String(a.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("co_").doesNotContain("file_blobs").doesNotContain("java.");
    }

    // ------------------------------------------------------------------ up and down

    @Test
    void anUploadDownloadsAsTheSameBytesInSafeHeaders() throws Exception {
        Tenant t = tenant();
        byte[] bytes = random(FileStore.CHUNK * 2 + 12345, 1); // three chunks, the last one short
        Answer up = upload(t.api(), t.table(), "report.png", bytes);
        assertThat(up.status()).isEqualTo(201);
        Map<String, Object> ref = up.json();
        // random bytes are not a PNG whatever the name says
        assertThat(ref).containsEntry("name", "report.png").containsEntry("mime", "application/octet-stream")
                .containsEntry("size", bytes.length).doesNotContainKey("width");
        Answer down = call(t.api(), "GET", "/api/files/" + ref.get("id"), null);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(bytes);
        assertThat(down.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(down.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(down.header("Content-Disposition")).startsWith("attachment; filename=\"report.png\"");
        assertThat(down.header("Content-Security-Policy")).contains("sandbox");
        assertThat(count(t, "SELECT count(*) FROM $s.file_chunks")).isEqualTo(3);
        Answer meta = call(t.api(), "GET", "/api/files/" + ref.get("id") + "/meta", null);
        assertThat(meta.json()).containsEntry("size", bytes.length).containsEntry("tableId", t.table());
    }

    @Test
    void theSameContentIsStoredOnceAndCountsOnceAgainstTheQuota() throws Exception {
        Tenant t = tenant();
        byte[] bytes = random(300_000, 2);
        Map<String, Object> a = upload(t.api(), t.table(), "a.bin", bytes).json();
        Map<String, Object> b = upload(t.api(), t.table(), "b.bin", bytes).json();
        assertThat(a.get("id")).isNotEqualTo(b.get("id"));
        assertThat(count(t, "SELECT count(*) FROM $s.file_blobs")).isEqualTo(1);
        assertThat(count(t, "SELECT count(*) FROM $s.files")).isEqualTo(2);
        assertThat(((Number) t.api().get("/api/files/usage").get("used")).longValue()).isEqualTo(bytes.length);
        assertThat(call(t.api(), "GET", "/api/files/" + b.get("id"), null).body()).isEqualTo(bytes);
        assertThat(call(t.api(), "GET", "/api/files/" + b.get("id"), null).header("Content-Disposition"))
                .contains("filename=\"b.bin\"");
    }

    @Test
    void anUploadWithTheSameClientIdIsAnsweredWithTheStoredFile() throws Exception {
        Tenant t = tenant();
        String id = UUID.randomUUID().toString();
        Answer first = uploadQuery(t.api(), t.table(), "id=" + id + "&name=x.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Answer again = uploadQuery(t.api(), t.table(), "id=" + id + "&name=x.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json()).containsEntry("id", id);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(count(t, "SELECT count(*) FROM $s.files")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ what the bytes are

    @ParameterizedTest(name = "{0} named {1}")
    @CsvSource({
            "pdf,  invoice.exe,  application/pdf",
            "html, page.png,     text/plain",
            "gif,  x.txt,        image/gif",
            "zip,  notes.txt,    application/zip",
            "nul,  text.txt,     application/octet-stream",
            "utf8, data.bin,     text/plain"})
    void theTypeComesFromTheBytesNotTheName(String what, String name, String mime) {
        Tenant t = tenant();
        byte[] bytes = switch (what) {
            case "pdf" -> "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);
            case "html" -> "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
            case "gif" -> "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1);
            case "zip" -> new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0};
            case "nul" -> "text with a \u0000 NUL".getBytes(StandardCharsets.UTF_8);
            case "utf8" -> "Grüße, 你好 ✓\n".getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(what);
        };
        Answer up = upload(t.api(), t.table(), name, bytes);
        assertThat(up.json()).containsEntry("mime", mime);
        Answer down = call(t.api(), "GET", "/api/files/" + up.json().get("id"), null);
        assertThat(down.header("Content-Type")).startsWith(mime);
        assertThat(down.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void anImageGetsItsSizeAndAThumbnail() throws Exception {
        Tenant t = tenant();
        Map<String, Object> ref = upload(t.api(), t.table(), "photo.dat", png(1200, 800)).json();
        assertThat(ref).containsEntry("mime", "image/png").containsEntry("width", 1200).containsEntry("height", 800);
        Answer thumb = call(t.api(), "GET", "/api/files/" + ref.get("id") + "/thumbnail", null);
        assertThat(thumb.status()).isEqualTo(200);
        assertThat(thumb.header("Content-Type")).isEqualTo("image/png");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(small.getWidth()).isEqualTo(Images.THUMB);
        assertThat(small.getHeight()).isBetween(Images.THUMB * 800 / 1200, Images.THUMB * 800 / 1200 + 1);
        // a file that is no image has no thumbnail
        Map<String, Object> other = upload(t.api(), t.table(), "a.txt", "abc".getBytes(StandardCharsets.UTF_8)).json();
        assertProblem(call(t.api(), "GET", "/api/files/" + other.get("id") + "/thumbnail", null), 404);
    }

    @Test
    void anImageClaimingBillionsOfPixelsGetsItsSizeButIsNeverDecoded() throws Exception {
        Tenant t = tenant();
        byte[] bomb = png(1, 1);
        // IHDR starts at byte 16: width and height, then the chunk's CRC over type and data at byte 29
        writeInt(bomb, 16, 100_000);
        writeInt(bomb, 20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(bomb, 12, 17);
        writeInt(bomb, 29, (int) crc.getValue());
        Map<String, Object> ref = upload(t.api(), t.table(), "bomb.png", bomb).json();
        assertThat(ref).containsEntry("mime", "image/png").containsEntry("width", 100_000)
                .containsEntry("height", 100_000);
        assertProblem(call(t.api(), "GET", "/api/files/" + ref.get("id") + "/thumbnail", null), 404);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    // ------------------------------------------------------------------ names

    static List<org.junit.jupiter.params.provider.Arguments> hostileNames() {
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of("../../etc/passwd", "passwd"),
                org.junit.jupiter.params.provider.Arguments.of("C:\\Windows\\system32\\x.dll", "x.dll"),
                org.junit.jupiter.params.provider.Arguments.of("con.txt", "_con.txt"),
                org.junit.jupiter.params.provider.Arguments.of(".htaccess", "htaccess"),
                org.junit.jupiter.params.provider.Arguments.of("...", "file"),
                org.junit.jupiter.params.provider.Arguments.of("a\u202Egnp.exe", "a_gnp.exe"),
                org.junit.jupiter.params.provider.Arguments.of("line\r\nSet-Cookie: x=1.txt", "line__Set-Cookie_ x=1.txt"),
                org.junit.jupiter.params.provider.Arguments.of("quote\"; filename=evil.sh", "quote_; filename=evil.sh"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostileNames")
    void hostileNamesAreMadeSafeAndCannotBreakTheDownloadHeader(String raw, String safe) {
        Tenant t = tenant();
        Answer up = upload(t.api(), t.table(), raw, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).isEqualTo(201);
        assertThat(up.json()).containsEntry("name", safe);
        Answer down = call(t.api(), "GET", "/api/files/" + up.json().get("id"), null);
        String cd = down.header("Content-Disposition");
        assertThat(cd).startsWith("attachment; filename=\"").doesNotContain("\r").doesNotContain("\n");
        // exactly one quoted name, then the encoded one: nothing in the name ends the quoted string
        assertThat(cd.chars().filter(c -> c == '"').count()).isEqualTo(2);
        assertThat(down.headers().map().keySet()).doesNotContain("set-cookie");
    }

    @Test
    void aLongUnicodeNameIsCutAndEncoded() {
        Tenant t = tenant();
        String raw = "ü".repeat(400) + ".txt";
        Answer up = upload(t.api(), t.table(), raw, "x".getBytes(StandardCharsets.UTF_8));
        String name = (String) up.json().get("name");
        assertThat(name.codePointCount(0, name.length())).isEqualTo(FileNames.MAX);
        String cd = call(t.api(), "GET", "/api/files/" + up.json().get("id"), null).header("Content-Disposition");
        assertThat(cd).contains("filename*=UTF-8''%C3%BC%C3%BC");
    }

    // ------------------------------------------------------------------ limits

    @Test
    void anOversizedFileIsRefusedAndLeavesNothingBehind() throws Exception {
        Tenant t = tenant();
        assertProblem(upload(t.api(), t.table(), "big.bin", random(MAX + 1, 3)), 413);
        assertThat(count(t, "SELECT count(*) FROM $s.file_blobs")).isZero();
        assertThat(count(t, "SELECT count(*) FROM $s.file_chunks")).isZero();
        assertThat(count(t, "SELECT count(*) FROM $s.files")).isZero();
        // exactly the limit is fine
        assertThat(upload(t.api(), t.table(), "max.bin", random(MAX, 4)).status()).isEqualTo(201);
    }

    @Test
    void theCompanyQuotaIsKeptAndCountsDistinctContent() throws Exception {
        Tenant t = tenant();
        byte[] two = random(2 << 20, 5);
        assertThat(upload(t.api(), t.table(), "1.bin", two).status()).isEqualTo(201);
        assertThat(upload(t.api(), t.table(), "2.bin", random(2 << 20, 6)).status()).isEqualTo(201);
        Answer over = upload(t.api(), t.table(), "3.bin", random(2 << 20, 7));
        assertProblem(over, 413);
        assertThat(new String(over.body(), StandardCharsets.UTF_8)).contains("quota");
        assertThat(count(t, "SELECT count(*) FROM $s.file_blobs")).isEqualTo(2);
        assertThat(count(t, "SELECT count(*) FROM $s.file_chunks")).isEqualTo(2L * ((2 << 20) / FileStore.CHUNK));
        // the same content again adds nothing to the store: it passes the quota check by its length... up to the limit
        Map<String, Object> usage = t.api().get("/api/files/usage").map();
        assertThat(((Number) usage.get("used")).longValue()).isEqualTo(4L << 20);
        assertThat(((Number) usage.get("quota")).longValue()).isEqualTo(QUOTA);
    }

    @Test
    void badRequestsAreProblemsThatChangeNothing() throws Exception {
        Tenant t = tenant();
        assertProblem(upload(t.api(), t.table(), "", "x".getBytes(StandardCharsets.UTF_8)), 422);
        assertProblem(upload(t.api(), t.table(), "empty.txt", new byte[0]), 422);
        assertProblem(uploadQuery(t.api(), t.table(), "name=" + "n".repeat(1001), "x".getBytes(StandardCharsets.UTF_8)), 422);
        assertProblem(uploadQuery(t.api(), t.table(), "name=a&id=not-a-uuid", "x".getBytes(StandardCharsets.UTF_8)), 422);
        assertProblem(upload(t.api(), UUID.randomUUID().toString(), "a.txt", "x".getBytes(StandardCharsets.UTF_8)), 404);
        assertProblem(call(t.api(), "GET", "/api/files/" + UUID.randomUUID(), null), 404);
        assertProblem(call(t.api(), "GET", "/api/files/nope", null), 404);
        assertThat(count(t, "SELECT count(*) FROM $s.files")).isZero();
    }

    // ------------------------------------------------------------------ access

    @Test
    void filesOfHiddenTablesAndOtherCompaniesAre404() throws Exception {
        Tenant t = tenant();
        String id = (String) upload(t.api(), t.table(), "secret.txt", "secret".getBytes(StandardCharsets.UTF_8))
                .json().get("id");
        ApiClient member = Members.add(t.api(), "viewer", "member");
        assertThat(call(member, "GET", "/api/files/" + id, null).status()).isEqualTo(200);
        Members.setAccess(t.api(), t.table(), true, Map.of());
        for (String path : List.of("", "/meta", "/thumbnail")) {
            Answer a = call(member, "GET", "/api/files/" + id + path, null);
            assertProblem(a, 404);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).doesNotContain("secret");
        }
        assertProblem(upload(member, t.table(), "x.txt", "x".getBytes(StandardCharsets.UTF_8)), 404);
        Tenant other = tenant();
        assertProblem(call(other.api(), "GET", "/api/files/" + id, null), 404);
        assertProblem(upload(other.api(), t.table(), "x.txt", "x".getBytes(StandardCharsets.UTF_8)), 404);
    }

    @Test
    void aReadOnlyMemberMayDownloadButNotUpload() {
        Tenant t = tenant();
        String id = (String) upload(t.api(), t.table(), "a.txt", "a".getBytes(StandardCharsets.UTF_8)).json().get("id");
        ApiClient reader = Members.add(t.api(), "reader", "member");
        Members.setAccess(t.api(), t.table(), true, Map.of(reader, "read"));
        assertThat(call(reader, "GET", "/api/files/" + id, null).status()).isEqualTo(200);
        assertProblem(upload(reader, t.table(), "b.txt", "b".getBytes(StandardCharsets.UTF_8)), 403);
    }

    // ------------------------------------------------------------------ records

    @Test
    void aRecordTakesFilesOfItsTableWithTheServersMetadata() throws Exception {
        Tenant t = tenant();
        Map<String, Object> ref = upload(t.api(), t.table(), "plan.pdf",
                "%PDF-1.4 plan".getBytes(StandardCharsets.ISO_8859_1)).json();
        var created = t.api().post("/api/tables/" + t.table() + "/records", Map.of("fields", Map.of("Title", "A",
                "Files", List.of(Map.of("id", ref.get("id"), "name", "lies.exe", "size", 1, "mime", "text/html")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var read = t.api().get("/api/tables/" + t.table() + "/records/" + created.id());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) ((Map<String, Object>) read.get("fields"))
                .get("Files");
        assertThat(files).hasSize(1);
        assertThat(files.get(0)).containsEntry("id", ref.get("id")).containsEntry("name", "plan.pdf")
                .containsEntry("mime", "application/pdf").containsEntry("size", ref.get("size"));
        // a bare id is enough
        var patched = t.api().patch("/api/tables/" + t.table() + "/records/" + created.id(),
                Map.of("fields", Map.of("Files", List.of(ref.get("id")))));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    @Test
    void unknownAndForeignFileIdsAreRefusedWithTheirPath() throws Exception {
        Tenant t = tenant();
        Map<String, Object> other = t.api().createTable(t.app(), "Other", List.of(
                Map.of("name", "Files", "type", "attachment")));
        String otherFile = (String) upload(t.api(), String.valueOf(other.get("id")), "o.txt",
                "o".getBytes(StandardCharsets.UTF_8)).json().get("id");
        Tenant stranger = tenant();
        String strangerFile = (String) upload(stranger.api(), stranger.table(), "s.txt",
                "s".getBytes(StandardCharsets.UTF_8)).json().get("id");
        for (String id : List.of(UUID.randomUUID().toString(), otherFile, strangerFile)) {
            var r = t.api().post("/api/tables/" + t.table() + "/records", Map.of("fields",
                    Map.of("Title", "x", "Files", List.of(Map.of("id", id)))));
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body()).contains("fields.Files[0]");
        }
        var bad = t.api().post("/api/tables/" + t.table() + "/records", Map.of("fields",
                Map.of("Files", List.of(Map.of("id", "nope")))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("fields.Files[0].id");
        assertThat(t.api().get("/api/tables/" + t.table() + "/records").data()).isEmpty();
    }

    // ------------------------------------------------------------------ retention

    @Test
    void filesOfDeletedRecordsAreCollectedAfterTheRetention() throws Exception {
        Tenant t = tenant();
        byte[] keptBytes = random(10_000, 8);
        byte[] goneBytes = random(20_000, 9);
        String kept = (String) upload(t.api(), t.table(), "kept.bin", keptBytes).json().get("id");
        String gone = (String) upload(t.api(), t.table(), "gone.bin", goneBytes).json().get("id");
        String keep = t.api().post("/api/tables/" + t.table() + "/records",
                Map.of("fields", Map.of("Title", "keep", "Files", List.of(kept)))).id();
        String drop = t.api().post("/api/tables/" + t.table() + "/records",
                Map.of("fields", Map.of("Title", "drop", "Files", List.of(gone)))).id();
        server.files().sweepCompany(t.api().companyId);
        // both are referenced: nothing goes
        assertThat(call(t.api(), "GET", "/api/files/" + gone, null).status()).isEqualTo(200);
        assertThat(t.api().delete("/api/tables/" + t.table() + "/records/" + drop).status()).isEqualTo(204);
        server.files().sweepCompany(t.api().companyId);
        assertProblem(call(t.api(), "GET", "/api/files/" + gone, null), 404);
        assertThat(call(t.api(), "GET", "/api/files/" + kept, null).body()).isEqualTo(keptBytes);
        assertThat(count(t, "SELECT count(*) FROM $s.file_blobs")).isEqualTo(1);
        assertThat(((Number) t.api().get("/api/files/usage").get("used")).longValue()).isEqualTo(keptBytes.length);
        assertThat(t.api().get("/api/tables/" + t.table() + "/records/" + keep).status()).isEqualTo(200);
    }

    @Test
    void filesOfADeletedTableAre404AtOnceAndCollectedWithTheTable() throws Exception {
        Tenant t = tenant();
        byte[] bytes = random(5_000, 10);
        String id = (String) upload(t.api(), t.table(), "old.bin", bytes).json().get("id");
        t.api().post("/api/tables/" + t.table() + "/records", Map.of("fields", Map.of("Files", List.of(id))));
        assertThat(t.api().delete("/api/tables/" + t.table()).status()).isEqualTo(204);
        assertProblem(call(t.api(), "GET", "/api/files/" + id, null), 404);
        server.files().sweepCompany(t.api().companyId);
        assertThat(count(t, "SELECT count(*) FROM $s.files")).isZero();
        assertThat(count(t, "SELECT count(*) FROM $s.file_blobs")).isZero();
        assertThat(count(t, "SELECT count(*) FROM $s.file_chunks")).isZero();
    }

    @Test
    void aLongerRetentionKeepsUnreferencedFilesUntilItPasses() throws Exception {
        Tenant t = tenant();
        String id = (String) upload(t.api(), t.table(), "late.txt", "late".getBytes(StandardCharsets.UTF_8))
                .json().get("id");
        var repo = new FileRepository();
        var settings = new dev.rowan.server.config.FileSettings(MAX, QUOTA, Duration.ofHours(1),
                Duration.ofHours(1), 1_000_000);
        FileCollector hourly = new FileCollector(repo, server.database().tx(), settings);
        hourly.sweepCompany(t.api().companyId);
        assertThat(call(t.api(), "GET", "/api/files/" + id, null).status()).isEqualTo(200);
        assertThat(count(t, "SELECT count(*) FROM $s.files WHERE unreferenced_since IS NOT NULL")).isEqualTo(1);
        // attaching it clears the mark
        t.api().post("/api/tables/" + t.table() + "/records", Map.of("fields", Map.of("Files", List.of(id))));
        assertThat(count(t, "SELECT count(*) FROM $s.files WHERE unreferenced_since IS NOT NULL")).isZero();
    }
}
