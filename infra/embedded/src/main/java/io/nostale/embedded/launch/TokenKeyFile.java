package io.nostale.embedded.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The signing keys of a launcher directory, created once (mode 600) and reused, so pages rendered before a restart
 * still carry tokens the gateway accepts afterwards.
 */
final class TokenKeyFile {

    private TokenKeyFile() {
    }

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String keys = Files.readString(file).trim();
            if (keys.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it to have new token keys generated");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token keys in " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            // created with mode 600 from the start, so the secret is never readable by others, not even briefly
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // another launcher won the race; use its keys
        }
        Files.writeString(file, Product.generateTokenKeys() + System.lineSeparator());
    }
}
