package io.poolpilot.simulator.metrics;

import io.poolpilot.simulator.workload.CpuContention;
import io.poolpilot.simulator.workload.Noise;

/**
 * The metrics of one host and its VMs at one instant, computed from the workload functions: demand,
 * contention, delivered CPU, memory and I/O. Index i of the arrays is the i-th resident.
 */
public final class HostLoad {
    final double[] demandCores;
    final double[] deliveredCores;
    final double[] internalFreeKib;
    final double[] netRx;
    final double[] netTx;
    final double[] diskRead;
    final double[] diskWrite;
    final double cpuAvg;
    final double loadavg;
    final double pifRx;
    final double pifTx;

    private HostLoad(int n, double cpuAvg, double loadavg, double[] demand, double[] delivered, double[] free,
                     double[] rx, double[] tx, double[] read, double[] write) {
        this.demandCores = demand;
        this.deliveredCores = delivered;
        this.internalFreeKib = free;
        this.netRx = rx;
        this.netTx = tx;
        this.diskRead = read;
        this.diskWrite = write;
        this.cpuAvg = cpuAvg;
        this.loadavg = loadavg;
        double sumRx = 0;
        double sumTx = 0;
        for (int i = 0; i < n; i++) {
            sumRx += rx[i];
            sumTx += tx[i];
        }
        this.pifRx = sumRx;
        this.pifTx = sumTx;
    }

    /** Computes the load at {@code secondsSinceStart}. */
    public static HostLoad at(HostSnapshot host, double secondsSinceStart) {
        int n = host.vms().size();
        double[] demand = new double[n];
        double[] delivered = new double[n];
        double[] free = new double[n];
        double[] rx = new double[n];
        double[] tx = new double[n];
        double[] read = new double[n];
        double[] write = new double[n];
        double total = 0;
        int blocked = 0;
        for (int i = 0; i < n; i++) {
            HostSnapshot.Resident r = host.vms().get(i);
            if (r.stalled()) {
                // Stuck in I/O: no CPU, no I/O, but its vCPUs count towards the load average.
                blocked += r.vm().vcpus();
                continue;
            }
            demand[i] = CpuContention.demandCores(r.vm().workload().utilisation(secondsSinceStart, r.vm().seed()),
                    r.vm().vcpus());
            total += demand[i];
        }
        double share = CpuContention.shareFactor(total, host.cores());
        double sumDelivered = 0;
        for (int i = 0; i < n; i++) {
            HostSnapshot.Resident r = host.vms().get(i);
            var vm = r.vm();
            delivered[i] = demand[i] * share;
            sumDelivered += delivered[i];
            double activity = vm.vcpus() == 0 ? 0 : delivered[i] / vm.vcpus();
            double wobble = Noise.symmetric(vm.seed() + 17, secondsSinceStart);
            double used = Math.max(0.02, Math.min(0.98, vm.memoryUsedFraction() + 0.05 * wobble));
            free[i] = vm.memoryBytes() * (1 - used) / 1024.0;
            rx[i] = vm.netBytesPerSecond() * activity * 0.6;
            tx[i] = vm.netBytesPerSecond() * activity * 0.4;
            read[i] = vm.diskBytesPerSecond() * activity * 0.7;
            write[i] = vm.diskBytesPerSecond() * activity * 0.3;
        }
        double cpuAvg = host.cores() == 0 ? 0 : sumDelivered / host.cores();
        return new HostLoad(n, cpuAvg, total + blocked, demand, delivered, free, rx, tx, read, write);
    }

    public double cpuAvg() {
        return cpuAvg;
    }

    public double loadavg() {
        return loadavg;
    }

    public double deliveredCores(int resident) {
        return deliveredCores[resident];
    }

    public double demandCores(int resident) {
        return demandCores[resident];
    }
}
