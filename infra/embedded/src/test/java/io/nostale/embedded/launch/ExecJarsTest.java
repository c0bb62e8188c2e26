package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecJarsTest {

    @TempDir
    Path project;

    @Test
    void findsTheNewestExecJarOfTheModule() throws Exception {
        Path target = Files.createDirectories(project.resolve("gateway/target"));
        Path old = Files.createFile(target.resolve("nostale-gateway-0.0.9-exec.jar"));
        Path current = Files.createFile(target.resolve("nostale-gateway-0.1.0-SNAPSHOT-exec.jar"));
        Files.createFile(target.resolve("nostale-gateway-0.1.0-SNAPSHOT.jar"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        assertThat(ExecJars.find(project, "gateway", "nostale-gateway")).isEqualTo(current);
    }

    @Test
    void aMissingJarIsNamedWithTheBuildCommand() {
        assertThatThrownBy(() -> ExecJars.find(project, "cdc-relay", "nostale-cdc-relay"))
                .hasMessageContaining(project.resolve("cdc-relay/target/nostale-cdc-relay-*-exec.jar").toString())
                .hasMessageContaining("./mvnw -B -q package -DskipTests");
    }
}
