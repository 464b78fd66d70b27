package dev.rowan.desktop.kinds;

import dev.rowan.model.value.FileRef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an attachment editor may do with files, given by the window that shows it: pick files (a file chooser; tests
 * give a fixed answer), attach one (copied into the workspace's cache, its upload queued in the outbox), find a
 * file's bytes (cache, else fetched from the server) and open them (a preview for images, else the system's
 * application). Kept out of the kinds so that they hold no workspace, network or dialog code.
 */
public interface FileActions {
    List<Path> choose();

    FileRef attach(UUID tableId, Path file) throws IOException;

    Optional<Path> local(FileRef file) throws IOException;

    void open(FileRef file);

    /** The file's bytes if the desktop has them already; never goes to the network (thumbnails ask per chip). */
    default Optional<Path> cached(FileRef file) {
        return Optional.empty();
    }

    /** For screens with no files (tests of other kinds, shared forms): nothing to pick, nothing to open. */
    FileActions NONE = new FileActions() {
        public List<Path> choose() {
            return List.of();
        }

        public FileRef attach(UUID tableId, Path file) throws IOException {
            throw new IOException("Files cannot be attached here");
        }

        public Optional<Path> local(FileRef file) {
            return Optional.empty();
        }

        public void open(FileRef file) {
        }
    };
}
