package dev.rowan.server.files;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.value.FileRef;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.config.FileSettings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.tables.SchemaCache;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Uploads and downloads, chunk by chunk: an upload reads {@link #CHUNK} bytes from the network, stores them in a
 * short transaction of its own and reads on, so neither memory nor a pooled connection is held for the whole file;
 * a download fetches one chunk at a time the same way. Content is deduplicated per company by SHA-256 when an upload
 * finishes. Access follows the file's table: a file of a table the caller cannot see does not exist for them (404).
 */
public final class FileStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    /** Raw names longer than this are refused rather than cut (the stored name is cut at {@link FileNames#MAX}). */
    static final int MAX_RAW_NAME = 1000;
    /** Bytes per stored chunk. */
    public static final int CHUNK = 1024 * 1024;

    private final FileRepository repo;
    private final SchemaCache schemas;
    private final Tx tx;
    private final FileSettings settings;

    public FileStore(FileRepository repo, SchemaCache schemas, Tx tx, FileSettings settings) {
        this.repo = repo;
        this.schemas = schemas;
        this.tx = tx;
        this.settings = settings;
    }

    public FileSettings settings() {
        return settings;
    }

    /**
     * Stores the body as a file of {@code tableId} named {@code rawName} (sanitized). {@code fileId} is the id a
     * client chose (offline uploads): sending the same id again for the same table is answered with the stored
     * file and reads nothing.
     */
    public FileRef upload(Principal p, UUID tableId, @Nullable String rawId, String rawName, InputStream body,
                          OptionalLong contentLength) {
        // access first: a table the caller cannot see answers 404 whatever else is wrong
        schemas.checkEdit(p, tableId);
        if (rawName.isBlank()) throw RowanException.invalid("name", "name (the file's name) is required");
        if (rawName.length() > MAX_RAW_NAME) {
            throw RowanException.invalid("name", "name must be at most " + MAX_RAW_NAME + " characters");
        }
        UUID fileId = rawId == null ? null : fileId(rawId);
        String schema = p.schemaName();
        String name = FileNames.sanitize(rawName);
        if (fileId != null) {
            Optional<FileRepository.StoredFile> had = tx.read(c -> repo.file(c, schema, fileId));
            if (had.isPresent()) {
                if (!had.get().tableId().equals(tableId)) {
                    throw RowanException.conflict("A file with id " + fileId + " already exists for another table");
                }
                return had.get().ref();
            }
        }
        long max = settings.maxFileBytes();
        if (contentLength.isPresent() && contentLength.getAsLong() > max) throw tooLarge(max);
        if (contentLength.isPresent() && contentLength.getAsLong() == 0) {
            throw RowanException.invalid("body", "The file is empty; send its bytes as the body");
        }
        long used = tx.read(c -> repo.used(c, schema));
        if (contentLength.isPresent() && used + contentLength.getAsLong() > settings.quotaBytes()) {
            throw overQuota(used);
        }
        UUID blobId = UUID.randomUUID();
        tx.inTransaction(c -> {
            repo.newBlob(c, schema, blobId);
            return null;
        });
        try {
            MessageDigest sha = sha256();
            byte[] buf = new byte[CHUNK];
            byte[] head = null;
            long total = 0;
            int seq = 0;
            while (true) {
                int n = read(body, buf);
                if (n <= 0) break;
                total += n;
                if (total > max) throw tooLarge(max);
                if (used + total > settings.quotaBytes()) throw overQuota(used);
                if (head == null) head = Arrays.copyOf(buf, Math.min(n, MimeSniffer.HEAD));
                sha.update(buf, 0, n);
                int s = seq++;
                int len = n;
                tx.inTransaction(c -> {
                    repo.chunk(c, schema, blobId, s, buf, len);
                    return null;
                });
            }
            if (total == 0) throw RowanException.invalid("body", "The file is empty; send its bytes as the body");
            byte[] digest = sha.digest();
            String mime = head == null ? FileRef.UNKNOWN_MIME : MimeSniffer.sniff(head, head.length);
            int chunks = seq;
            Optional<Images.Size> size = Images.image(mime)
                    ? Images.size(new ChunkStream(tx, repo, schema, blobId, chunks)) : Optional.empty();
            long bytes = total;
            UUID id = fileId != null ? fileId : UUID.randomUUID();
            UUID kept = tx.inTransaction(c -> {
                repo.lockContent(c, digest);
                Optional<UUID> same = repo.blobBySha(c, schema, digest);
                UUID blob;
                if (same.isPresent()) {
                    repo.deleteBlob(c, schema, blobId);
                    blob = same.get();
                } else {
                    repo.finishBlob(c, schema, blobId, digest, bytes, chunks, mime,
                            size.map(Images.Size::width).orElse(null), size.map(Images.Size::height).orElse(null));
                    blob = blobId;
                }
                repo.insertFile(c, schema, id, blob, tableId, name, p.userId());
                return blob;
            });
            if (size.isPresent() && kept.equals(blobId)) thumbnail(schema, blobId, chunks, size.get());
            return new FileRef(id, name, bytes, mime, size.map(Images.Size::width).orElse(null),
                    size.map(Images.Size::height).orElse(null));
        } catch (RuntimeException e) {
            discard(schema, blobId);
            throw e;
        }
    }

    private static UUID fileId(String raw) {
        if (raw.length() == 36) {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                // refused below
            }
        }
        throw RowanException.invalid("id", "id must be a UUID (the file id the client chose)");
    }

    private static int read(InputStream body, byte[] buf) {
        try {
            return body.readNBytes(buf, 0, buf.length);
        } catch (IOException e) {
            throw RowanException.badRequest("The upload was cut off before its end; send the file again");
        } catch (RowanException e) {
            throw e;
        } catch (RuntimeException e) {
            // the web server's own limit (max payload) surfaces here as its exception
            throw RowanException.badRequest("The upload could not be read; send the file again");
        }
    }

    private void thumbnail(String schema, UUID blobId, int chunks, Images.Size size) {
        Images.thumbnail(() -> new ChunkStream(tx, repo, schema, blobId, chunks), size, settings.thumbPixels())
                .ifPresent(png -> tx.inTransaction(c -> {
                    repo.saveThumb(c, schema, blobId, png);
                    return null;
                }));
    }

    private void discard(String schema, UUID blobId) {
        try {
            tx.inTransaction(c -> {
                repo.deleteBlob(c, schema, blobId);
                return null;
            });
        } catch (RuntimeException e) {
            // the collector removes abandoned uploads later
            LOG.warn("Could not remove a failed upload now; it is collected later: {}", e.toString());
        }
    }

    private RowanException tooLarge(long max) {
        return RowanException.tooLarge("The file is larger than " + max + " bytes, the most one upload may send");
    }

    private RowanException overQuota(long used) {
        return RowanException.tooLarge("The company's files would exceed its quota of " + settings.quotaBytes()
                + " bytes (" + used + " used); remove files or ask the administrator for more space");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file as the caller may see it: 404 for unknown ids, other companies' files and hidden tables. */
    public FileRepository.StoredFile find(Principal p, UUID fileId) {
        FileRepository.StoredFile f = tx.read(c -> repo.file(c, p.schemaName(), fileId))
                .orElseThrow(() -> RowanException.notFound("No file " + fileId));
        try {
            schemas.get(p, f.tableId());
        } catch (dev.rowan.model.error.NotFound e) {
            throw RowanException.notFound("No file " + fileId);
        }
        return f;
    }

    /** Writes the file's bytes, one chunk at a time. */
    public void copy(Principal p, FileRepository.StoredFile f, OutputStream out) throws IOException {
        try (InputStream in = new ChunkStream(tx, repo, p.schemaName(), f.blobId(), f.chunks())) {
            in.transferTo(out);
        }
    }

    public Optional<byte[]> thumbnail(Principal p, FileRepository.StoredFile f) {
        return Optional.ofNullable(tx.read(c -> repo.thumb(c, p.schemaName(), f.blobId())));
    }

    /** Bytes the company's distinct files take, and its quota. */
    public long[] usage(Principal p) {
        return new long[]{tx.read(c -> repo.used(c, p.schemaName())), settings.quotaBytes()};
    }

    /** The stored chunks of a blob as a stream: one chunk in memory, one short read per chunk. */
    static final class ChunkStream extends InputStream {
        private final Tx tx;
        private final FileRepository repo;
        private final String schema;
        private final UUID blobId;
        private final int chunks;
        private int next;
        private byte[] current = new byte[0];
        private int pos;

        ChunkStream(Tx tx, FileRepository repo, String schema, UUID blobId, int chunks) {
            this.tx = tx;
            this.repo = repo;
            this.schema = schema;
            this.blobId = blobId;
            this.chunks = chunks;
        }

        private boolean fill() {
            while (pos >= current.length) {
                if (next >= chunks) return false;
                int seq = next++;
                byte[] data = tx.read(c -> repo.readChunk(c, schema, blobId, seq));
                if (data == null) throw new IllegalStateException("chunk " + seq + " of a file is missing");
                current = data;
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? current[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
