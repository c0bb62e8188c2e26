package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.SigningKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeysTest {

    @TempDir
    Path dir;

    @Test
    void generatedKeysAreAcceptedBySigningKeys() {
        String keys = Product.generateTokenKeys();
        assertThat(keys).startsWith("k1:");
        assertThat(SigningKeys.parse(keys).signingKeyId()).isEqualTo("k1");
        assertThat(Product.generateTokenKeys()).isNotEqualTo(keys);
    }

    @Test
    void keyFileIsCreatedOnceReadableOnlyByItsOwnerAndThenReused() throws Exception {
        Path file = dir.resolve("state/token-keys");
        String first = TokenKeyFile.readOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(TokenKeyFile.readOrCreate(file)).isEqualTo(first);
        SigningKeys.parse(first);
    }
}
