package dev.rowan.server.files;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.value.FileRef;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Files over HTTP: {@code POST /api/tables/{tableId}/files?name=…[&id=…]} takes the raw bytes as the body (any media
 * type; the stored type is sniffed), {@code GET /api/files/{fileId}} streams them back as a download,
 * {@code /meta} and {@code /thumbnail} describe and preview them, {@code /api/files/usage} is the company's quota.
 */
public final class FilesService implements HttpService {
    private final FileStore store;

    public FilesService(FileStore store) {
        this.store = store;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/tables/{tableId}/files", this::upload)
                .get("/files/usage", this::usage)
                .get("/files/{fileId}", this::download)
                .get("/files/{fileId}/meta", this::meta)
                .get("/files/{fileId}/thumbnail", this::thumbnail);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID tableId = Params.uuid(req, "tableId");
        String name = Params.query(req, "name").orElse("");
        String id = Params.query(req, "id").filter(s -> !s.isBlank()).orElse(null);
        OptionalLong length = req.headers().contentLength().isPresent()
                ? OptionalLong.of(req.headers().contentLength().getAsLong()) : OptionalLong.empty();
        FileRef ref = store.upload(p, tableId, id, name, req.content().hasEntity()
                ? req.content().inputStream() : java.io.InputStream.nullInputStream(), length);
        res.header(HeaderNames.LOCATION, "/api/files/" + ref.id());
        Json.created(res, json(ref, tableId));
    }

    private void download(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        FileRepository.StoredFile f = store.find(p, Params.uuid(req, "fileId"));
        safeHeaders(res);
        res.header(HeaderNames.CONTENT_TYPE, f.ref().mime().equals("text/plain") ? "text/plain; charset=utf-8"
                : f.ref().mime());
        res.header(HeaderNames.CONTENT_DISPOSITION, FileNames.contentDisposition(f.ref().name(), false));
        res.header(HeaderNames.ETAG, "\"" + java.util.HexFormat.of().formatHex(f.sha256()) + "\"");
        res.contentLength(f.ref().size());
        try (OutputStream out = res.outputStream()) {
            store.copy(p, f, out);
        } catch (IOException e) {
            // the client went away mid-download: nothing to answer any more
            throw new UncheckedIOException(e);
        }
    }

    private void meta(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        FileRepository.StoredFile f = store.find(p, Params.uuid(req, "fileId"));
        Json.ok(res, json(f.ref(), f.tableId()));
    }

    private void thumbnail(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        FileRepository.StoredFile f = store.find(p, Params.uuid(req, "fileId"));
        Optional<byte[]> png = store.thumbnail(p, f);
        if (png.isEmpty()) throw RowanException.notFound("File " + f.ref().id() + " has no thumbnail (not an image, "
                + "or too large to preview)");
        safeHeaders(res);
        res.header(HeaderNames.CONTENT_TYPE, "image/png");
        res.header(HeaderNames.CONTENT_DISPOSITION, FileNames.contentDisposition("thumbnail.png", true));
        res.status(Status.OK_200).send(png.get());
    }

    private void usage(ServerRequest req, ServerResponse res) {
        long[] u = store.usage(AuthFilter.principal(req));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("used", u[0]);
        out.put("quota", u[1]);
        out.put("maxFileBytes", store.settings().maxFileBytes());
        Json.ok(res, out);
    }

    /** A download is never run as a page or sniffed into another type. */
    private static void safeHeaders(ServerResponse res) {
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Content-Security-Policy", "default-src 'none'; sandbox");
        res.header(HeaderNames.CACHE_CONTROL, "private, no-cache");
    }

    static Map<String, Object> json(FileRef ref, UUID tableId) {
        Map<String, Object> m = new LinkedHashMap<>(ref.toMap());
        m.put("tableId", tableId.toString());
        return m;
    }
}
