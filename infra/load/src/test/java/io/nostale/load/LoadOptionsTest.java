package io.nostale.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    private static final Path PROJECT = Path.of("/checkout");

    @Test
    void defaultsAreTheDocumentedRun() {
        LoadOptions o = LoadOptions.from(Map.of("user.dir", "/x"), PROJECT);
        assertThat(o.steps()).containsExactly(1000, 5000, 10000, 15000);
        assertThat(o.maxPages()).isEqualTo(15000);
        assertThat(o.mix().pagesPerUser()).isEqualTo(10);
        assertThat(o.privateRate()).isEqualTo(1000);
        assertThat(o.publicRate()).isEqualTo(5);
        assertThat(o.mixedSeconds()).isEqualTo(20);
        assertThat(o.stormAt(10000)).isTrue();
        assertThat(o.stormAt(5000)).isFalse();
        assertThat(o.outDir()).isEqualTo(Path.of("/checkout/infra/load/target/load"));
        assertThat(o.plotsDir()).isEqualTo(o.outDir());
        assertThat(o.serviceOutput()).isFalse();
    }

    @Test
    void setValuesWinAndRelativePathsAreAnchoredAtTheCheckout() {
        LoadOptions o = LoadOptions.from(Map.of("load.steps", "1000, 2000", "load.stormStep", "1000",
                "load.plotsDir", "docs/benchmarks", "load.gatewayJars", "a=/x/a.jar"), PROJECT);
        assertThat(o.steps()).containsExactly(1000, 2000);
        assertThat(o.stormAt(1000)).isTrue();
        assertThat(o.plotsDir()).isEqualTo(Path.of("/checkout/docs/benchmarks"));
        assertThat(o.gatewayJars()).isEqualTo("a=/x/a.jar");
        assertThat(o.describe(Map.of("load.steps", "1000,2000"))).contains("-Dload.steps", "(set)", "(default)");
    }

    @Test
    void stepsMustGrowAndBeInRange() {
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.steps", "2000,1000"), PROJECT)).hasMessageContaining("grow");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.steps", "1000,1000"), PROJECT)).hasMessageContaining("grow");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.steps", "0"), PROJECT)).hasMessageContaining("1 to 100000");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.steps", "ten"), PROJECT)).hasMessageContaining("numbers");
    }

    @Test
    void badValuesAndUnknownOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.privateRate", "fast"), PROJECT))
                .hasMessageContaining("load.privateRate");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.selectors", "0"), PROJECT))
                .hasMessageContaining("load.selectors must be 1 to 64");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.mix", "home:20"), PROJECT)).hasMessageContaining("load.mix");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.serviceOutput", "yes"), PROJECT))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> LoadOptions.from(Map.of("load.step", "1000"), PROJECT))
                .hasMessageContaining("unknown option -Dload.step");
    }

    @Test
    void aStormStepThatIsNoStepIsNoted() {
        List<String> notes = LoadOptions.from(Map.of("load.steps", "1000,2000"), PROJECT).notes();
        assertThat(notes).anyMatch(note -> note.contains("no reconnect storm"));
    }

    @Test
    void everyOptionIsInTheUsage() {
        assertThat(LoadOptions.usage()).contains("load.steps", "load.gatewayJars", "load.stormStep", "load.plotsDir");
    }
}
