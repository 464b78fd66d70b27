package dev.rowan.desktop.workspace;

import dev.rowan.model.value.FileRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The file part of the outbox, and the local cache of files: attaching a file copies it into the workspace's
 * {@code files/} folder under a new file id and queues its upload (table {@code rowan.file_uploads}); the sync engine
 * uploads queued files before it pushes, so the record write naming a file reaches the server after the file. Files
 * seen from the server are fetched into the same cache once, so they open offline afterwards.
 */
public final class FileOutbox {
    /** A queued upload. */
    public record Upload(UUID fileId, UUID tableId, String name, Path file) {
    }

    private final Workspace ws;

    public FileOutbox(Workspace ws) {
        this.ws = ws;
    }

    /** The cache folder. */
    public Path folder() {
        return ws.folder().resolve("files");
    }

    /** Where a file's bytes are (or will be) cached. */
    public Path path(UUID fileId) {
        return folder().resolve(fileId.toString());
    }

    public Optional<Path> cached(UUID fileId) {
        Path p = path(fileId);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Copies {@code source} into the cache as a new file of {@code tableId} and queues its upload; the reference's
     * metadata is what can be known offline (the server replaces it with what it sniffs when the record is pushed).
     */
    public FileRef attach(UUID tableId, Path source) throws IOException {
        UUID id = UUID.randomUUID();
        Files.createDirectories(folder());
        Path target = path(id);
        Path tmp = folder().resolve(id + ".part");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        String name = source.getFileName() == null ? "file" : source.getFileName().toString();
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.file_uploads (file_id, table_id, name, "
                    + "created_at, after_seq) VALUES (?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM rowan.outbox))")) {
                ps.setObject(1, id);
                ps.setObject(2, tableId);
                ps.setString(3, name);
                ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
        String mime = Optional.ofNullable(Files.probeContentType(target)).orElse(FileRef.UNKNOWN_MIME);
        Integer[] size = imageSize(target);
        return new FileRef(id, name, Files.size(target), mime.toLowerCase(java.util.Locale.ROOT), size[0], size[1]);
    }

    /** Width and height of an image file from its header (nulls for anything else); nothing is decoded. */
    private static Integer[] imageSize(Path file) {
        try (InputStream in = Files.newInputStream(file);
             var iis = javax.imageio.ImageIO.createImageInputStream(in)) {
            var readers = javax.imageio.ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) return new Integer[]{null, null};
            var r = readers.next();
            try {
                r.setInput(iis, true, true);
                return new Integer[]{r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Integer[]{null, null};
        }
    }

    /** Uploads waiting, oldest first. */
    public List<Upload> pending() {
        return due(Long.MAX_VALUE);
    }

    /**
     * Uploads whose place has come when the oldest pending outbox entry is at {@code firstPendingSeq}: every entry
     * queued before them was sent.
     */
    public List<Upload> due(long firstPendingSeq) {
        return ws.read(c -> {
            List<Upload> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT file_id, table_id, name FROM rowan.file_uploads "
                    + "WHERE after_seq < ? ORDER BY seq")) {
                ps.setLong(1, firstPendingSeq);
                try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    out.add(new Upload(id, rs.getObject(2, UUID.class), rs.getString(3), path(id)));
                }
                }
            }
            return out;
        });
    }

    /** The upload reached the server (or was refused for good): it leaves the queue; the cached bytes stay. */
    public void done(UUID fileId) {
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.file_uploads WHERE file_id = ?")) {
                ps.setObject(1, fileId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The outbox position the oldest waiting upload goes after, if any waits. */
    public java.util.OptionalLong barrier() {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(after_seq) FROM rowan.file_uploads");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(v);
            }
        });
    }

    public long size() {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rowan.file_uploads");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
