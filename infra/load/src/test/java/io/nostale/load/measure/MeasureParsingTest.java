package io.nostale.load.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MeasureParsingTest {

    @Test
    void theHeapInUseIsReadFromGcHeapInfo() {
        String info = "12345:\n garbage-first heap   total 262144K, used 123456K [0x00000000e0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 5 young (5120K), 0 survivors (0K)\n Metaspace       used 61234K, committed 61888K\n";
        assertThat(Jvm.heapUsed(info)).isEqualTo(OptionalLong.of(123456L * 1024));
        assertThat(Jvm.heapUsed("no such process")).isEmpty();
    }

    @Test
    void processCpuIsUserPlusSystemTimeEvenWithSpacesInTheName() {
        String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 300 40 60 20 0 55 0 12345 0 0";
        assertThat(ProcCpu.ticks(stat, false)).isEqualTo(1000);
        assertThat(ProcCpu.ticks(stat, true)).isEqualTo(1100);
    }

    @Test
    void machineBusyIsTotalMinusIdleAndIowait() {
        long[] machine = ProcCpu.machine("cpu  100 5 50 800 40 3 2 0 0 0");
        assertThat(machine).containsExactly(160, 1000);
    }

    @Test
    void aLatencySummaryIsInMilliseconds() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 100; i++) {
            micros.recordValue(i * 1_000L);
        }
        LatencySummary summary = LatencySummary.of(micros);
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(summary.p99()).isEqualTo(99.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(summary.max()).isEqualTo(100.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(LatencySummary.of(new Histogram(3)).count()).isZero();
    }
}
