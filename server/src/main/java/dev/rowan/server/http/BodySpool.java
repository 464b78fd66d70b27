package dev.rowan.server.http;

import dev.rowan.model.error.RowanException;
import io.helidon.webserver.http.ServerRequest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body read to its end before the handler takes any database connection or lock: a client that
 * trickles its body holds nothing but its own socket. Small bodies stay in memory; larger ones go to a temporary
 * file (deleted on close), so memory per request stays at {@link #MEMORY} bytes whatever the body's size.
 */
public final class BodySpool implements AutoCloseable {
    /** Bytes kept in memory before the body moves to a temporary file. */
    public static final int MEMORY = 256 * 1024;

    private final byte[] head;
    private final int headLength;
    private final Path file;
    private final long size;

    private BodySpool(byte[] head, int headLength, Path file, long size) {
        this.head = head;
        this.headLength = headLength;
        this.file = file;
        this.size = size;
    }

    /** Reads the whole body (at most {@code limit} bytes, else 413). */
    public static BodySpool read(ServerRequest req, long limit) {
        // the same rules as every JSON body: its media type says JSON, and it is UTF-8 (checked as it is spooled)
        Json.requireJson(req);
        req.headers().contentLength().ifPresent(len -> {
            if (len > limit) throw tooLarge(limit);
        });
        if (!req.content().hasEntity()) return new BodySpool(new byte[0], 0, null, 0);
        try (InputStream in = Utf8.checking(req.content().inputStream())) {
            byte[] head = new byte[(int) Math.min(MEMORY, limit + 1)];
            int n = in.readNBytes(head, 0, head.length);
            if (n > limit) throw tooLarge(limit);
            if (n < head.length) { // the whole body fitted
                return new BodySpool(head, n, null, n);
            }
            Path file = Files.createTempFile("rowan-body-", ".json");
            try (OutputStream out = Files.newOutputStream(file)) {
                long total = n;
                out.write(head, 0, n);
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) > 0) {
                    total += r;
                    if (total > limit) throw tooLarge(limit);
                    out.write(buf, 0, r);
                }
                return new BodySpool(null, 0, file, total);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        } catch (UncheckedIOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
    }

    public long size() {
        return size;
    }

    /** The body from its first byte. */
    public InputStream open() throws IOException {
        if (file == null) return new ByteArrayInputStream(head, 0, headLength);
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    @Override
    public void close() {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the OS cleans its temp folder
        }
    }

    private static RowanException tooLarge(long limit) {
        return RowanException.tooLarge("The body is larger than " + limit + " bytes; split it into smaller requests");
    }
}
