package dev.rowan.server.identity.secrets;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the server key comes from: {@code ROWAN_SECRET_KEY} (32 bytes, base64) when set, else {@value #FILE} in the
 * data directory, made on first start (owner read/write only). Servers sharing a database must share the key.
 */
public final class SecretKeys {
    public static final String FILE = "secret.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {
    }

    public static SecretBox box(@Nullable String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) return new SecretBox(decode(configured, "ROWAN_SECRET_KEY"));
        return new SecretBox(fromFile(dataDir.resolve(FILE)));
    }

    private static byte[] decode(String text, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be 32 random bytes in base64 (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(where + " must be 32 random bytes in base64 (openssl rand -base64 32), "
                    + "not " + key.length + " bytes");
        }
        return key;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("The server secret key " + file + " could not be read or made", e);
        }
    }

    /** Written beside it with 0600 and linked into place, so two servers starting at once agree on one key. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        try {
            if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, tmp);
                LOG.info("Made the server secret key {} (keep it with the database's backups: sealed secrets "
                        + "cannot be read without it)", file);
            } catch (FileAlreadyExistsException e) {
                // another server made it first: use theirs
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
