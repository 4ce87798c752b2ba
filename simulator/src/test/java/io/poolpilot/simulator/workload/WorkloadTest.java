package io.poolpilot.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Workload patterns are pure, seeded, bounded and shaped as named; contention shares cores fairly. */
class WorkloadTest {
    private static final List<Workload> ALL = List.of(new Workload.Steady(0.5, 0.1),
            new Workload.Diurnal(0.1, 0.9, 60, 0, 0.05), new Workload.Bursty(0.05, 0.95, 2, 3, 0, 0.05),
            new Workload.Noisy(0.5, 0.5), new Workload.Ramp(0.1, 0.8, 10, 1, 0.05));

    @Test
    void sameSeedGivesTheSameSeriesAndAnotherSeedAnother() {
        for (Workload w : ALL) {
            double[] a = series(w, 42);
            assertThat(series(w, 42)).as(w.toString()).containsExactly(a);
            if (!(w instanceof Workload.Steady s && s.noise() == 0)) {
                assertThat(series(w, 43)).as(w.toString()).isNotEqualTo(a);
            }
        }
    }

    @Test
    void everyValueIsAFraction() {
        for (Workload w : ALL) {
            for (double v : series(w, 7)) {
                assertThat(v).as(w.toString()).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void diurnalPeaksHalfAPeriodAfterItsTrough() {
        Workload.Diurnal d = new Workload.Diurnal(0.2, 0.8, 60, 0, 0);
        assertThat(d.utilisation(0, 1)).isCloseTo(0.2, within(1e-9));
        assertThat(d.utilisation(30 * 60, 1)).isCloseTo(0.8, within(1e-9));
        assertThat(d.utilisation(60 * 60, 1)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void burstyAlternatesBetweenHighAndLow() {
        Workload.Bursty b = new Workload.Bursty(0.1, 0.9, 1, 2, 0, 0);
        assertThat(b.utilisation(30, 1)).isEqualTo(0.9);
        assertThat(b.utilisation(90, 1)).isEqualTo(0.1);
        assertThat(b.utilisation(150, 1)).isEqualTo(0.1);
        assertThat(b.utilisation(190, 1)).isEqualTo(0.9);
        assertThat(b.isOn(190)).isTrue();
    }

    @Test
    void rampClimbsFromStartThenHolds() {
        Workload.Ramp r = new Workload.Ramp(0.1, 0.7, 10, 5, 0);
        assertThat(r.utilisation(0, 1)).isCloseTo(0.1, within(1e-9));
        assertThat(r.utilisation(10 * 60, 1)).isCloseTo(0.4, within(1e-9));
        assertThat(r.utilisation(60 * 60, 1)).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void noiseIsConstantWithinOneFiveSecondSample() {
        Workload.Noisy n = new Workload.Noisy(0.5, 0.4);
        assertThat(n.utilisation(10.0, 3)).isEqualTo(n.utilisation(14.9, 3));
    }

    @Test
    void contentionScalesDemandOnlyWhenTheHostIsOversubscribed() {
        assertThat(CpuContention.shareFactor(6, 8)).isEqualTo(1.0);
        assertThat(CpuContention.shareFactor(16, 8)).isEqualTo(0.5);
        assertThat(CpuContention.demandCores(1.5, 4)).isEqualTo(4.0);
        assertThat(CpuContention.demandCores(0.25, 4)).isEqualTo(1.0);
    }

    @Test
    void outOfRangeParametersAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new Workload.Steady(1.5, 0)).hasMessageContaining("steady.level").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Workload.Diurnal(0.8, 0.2, 60, 0, 0)).hasMessageContaining("diurnal.peak");
        assertThatThrownBy(() -> new Workload.Bursty(0, 1, 0, 1, 0, 0)).hasMessageContaining("bursty.onMinutes");
    }

    private static double[] series(Workload w, long seed) {
        double[] out = new double[200];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.utilisation(i * 5.0 + 1, seed);
        }
        return out;
    }
}
