package io.poolpilot.simulator.workload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A seeded CPU demand pattern: the fraction (0..1) of its vCPUs a VM wants at a given simulated
 * time. Pure functions of (seconds since the scenario start, seed), so metrics are reproducible.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "pattern")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Workload.Steady.class, name = "steady"),
        @JsonSubTypes.Type(value = Workload.Diurnal.class, name = "diurnal"),
        @JsonSubTypes.Type(value = Workload.Bursty.class, name = "bursty"),
        @JsonSubTypes.Type(value = Workload.Noisy.class, name = "noisy"),
        @JsonSubTypes.Type(value = Workload.Ramp.class, name = "ramp")})
public sealed interface Workload {
    /** Noise is drawn once per 5 s sample so a value is stable within a step, like an RRD average. */
    double NOISE_STEP_SECONDS = 5.0;

    /** Demand as a fraction of the VM's vCPUs, in [0, 1]. */
    double utilisation(double secondsSinceStart, long seed);

    /** A constant level with a little noise. */
    record Steady(double level, double noise) implements Workload {
        public Steady {
            Check.fraction("steady.level", level);
            Check.fraction("steady.noise", noise);
        }

        @Override
        public double utilisation(double t, long seed) {
            return clamp(level + noise * Noise.symmetric(seed, t));
        }
    }

    /** A day-shaped sine between base and peak over periodMinutes (default 1440), shifted by phaseMinutes. */
    record Diurnal(double base, double peak, double periodMinutes, double phaseMinutes, double noise) implements Workload {
        public Diurnal {
            Check.fraction("diurnal.base", base);
            Check.fraction("diurnal.peak", peak);
            Check.fraction("diurnal.noise", noise);
            if (peak < base) {
                throw new IllegalArgumentException("diurnal.peak (" + peak + ") must be >= diurnal.base (" + base + ")");
            }
            if (periodMinutes == 0) {
                periodMinutes = 1440;
            }
            Check.positive("diurnal.periodMinutes", periodMinutes);
        }

        @Override
        public double utilisation(double t, long seed) {
            double phase = 2 * Math.PI * (t / 60.0 + phaseMinutes) / periodMinutes;
            // -cos: the trough is at phase 0 (night), the peak half a period later.
            double shape = 0.5 - 0.5 * Math.cos(phase);
            return clamp(base + (peak - base) * shape + noise * Noise.symmetric(seed, t));
        }
    }

    /** On/off bursts: high for onMinutes, low for offMinutes, repeating, shifted by phaseMinutes. */
    record Bursty(double low, double high, double onMinutes, double offMinutes, double phaseMinutes, double noise)
            implements Workload {
        public Bursty {
            Check.fraction("bursty.low", low);
            Check.fraction("bursty.high", high);
            Check.fraction("bursty.noise", noise);
            Check.positive("bursty.onMinutes", onMinutes);
            Check.positive("bursty.offMinutes", offMinutes);
        }

        @Override
        public double utilisation(double t, long seed) {
            double cycle = onMinutes + offMinutes;
            double inCycle = ((t / 60.0 + phaseMinutes) % cycle + cycle) % cycle;
            return clamp((inCycle < onMinutes ? high : low) + noise * Noise.symmetric(seed, t));
        }

        /** Whether the burst is on at this time (ignoring noise). */
        public boolean isOn(double t) {
            double cycle = onMinutes + offMinutes;
            double inCycle = ((t / 60.0 + phaseMinutes) % cycle + cycle) % cycle;
            return inCycle < onMinutes;
        }
    }

    /** White noise around a mean: uniform in [mean - amplitude, mean + amplitude] per sample. */
    record Noisy(double mean, double amplitude) implements Workload {
        public Noisy {
            Check.fraction("noisy.mean", mean);
            Check.fraction("noisy.amplitude", amplitude);
        }

        @Override
        public double utilisation(double t, long seed) {
            return clamp(mean + amplitude * Noise.symmetric(seed, t));
        }
    }

    /** A linear climb from 'from' to 'to' over rampMinutes, starting startMinutes after the scenario start, then holding. */
    record Ramp(double from, double to, double rampMinutes, double startMinutes, double noise) implements Workload {
        public Ramp {
            Check.fraction("ramp.from", from);
            Check.fraction("ramp.to", to);
            Check.fraction("ramp.noise", noise);
            Check.positive("ramp.rampMinutes", rampMinutes);
            if (startMinutes < 0) {
                throw new IllegalArgumentException("ramp.startMinutes must be >= 0 but was " + startMinutes);
            }
        }

        @Override
        public double utilisation(double t, long seed) {
            double x = (t / 60.0 - startMinutes) / rampMinutes;
            double progress = Math.max(0, Math.min(1, x));
            return clamp(from + (to - from) * progress + noise * Noise.symmetric(seed, t));
        }
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    /** Range checks shared by the patterns. */
    final class Check {
        private Check() {
        }

        static void fraction(String field, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(field + " must be a fraction in [0, 1] but was " + v);
            }
        }

        static void positive(String field, double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException(field + " must be > 0 but was " + v);
            }
        }
    }
}
