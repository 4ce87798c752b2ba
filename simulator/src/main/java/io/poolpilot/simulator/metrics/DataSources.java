package io.poolpilot.simulator.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The data sources xcp-rrdd keeps for a host and its VMs (cpuN, cpu_avg, memory_*, loadavg, pif_*, vif_*,
 * vbd_*), and how each is read from a simulated load. Shared by rrd_updates and the full RRD downloads.
 */
final class DataSources {
    private DataSources() {
    }

    /** One data source: entity ("host" or "vm"), its uuid, the ds name, the resident index (-1 for host), how to read it. */
    record Column(String entity, String uuid, String ds, int resident, Source source, int index) {
        /** rrd_updates' legend entry, e.g. AVERAGE:vm:uuid:cpu0. */
        String legend() {
            return "AVERAGE:" + entity + ":" + uuid + ":" + ds;
        }
    }

    enum Source { HOST_CPU_AVG, HOST_CPU, HOST_MEM_TOTAL, HOST_MEM_FREE, HOST_LOADAVG, HOST_PIF_RX, HOST_PIF_TX,
        VM_CPU, VM_MEMORY, VM_INTERNAL_FREE, VM_TARGET, VM_VIF_RX, VM_VIF_TX, VM_VBD_READ, VM_VBD_WRITE }

    /**
     * The columns of a host: its own when {@code includeHost}, and its resident VMs' when {@code includeVms}
     * (only the VM {@code vmUuid} when that is not null).
     */
    static List<Column> columns(HostSnapshot host, boolean includeHost, boolean includeVms, String vmUuid) {
        List<Column> out = new ArrayList<>();
        if (includeHost) {
            String u = host.hostUuid();
            out.add(new Column("host", u, "cpu_avg", -1, Source.HOST_CPU_AVG, 0));
            for (int i = 0; i < host.cores(); i++) {
                out.add(new Column("host", u, "cpu" + i, -1, Source.HOST_CPU, i));
            }
            out.add(new Column("host", u, "memory_total_kib", -1, Source.HOST_MEM_TOTAL, 0));
            out.add(new Column("host", u, "memory_free_kib", -1, Source.HOST_MEM_FREE, 0));
            out.add(new Column("host", u, "loadavg", -1, Source.HOST_LOADAVG, 0));
            out.add(new Column("host", u, "pif_eth0_rx", -1, Source.HOST_PIF_RX, 0));
            out.add(new Column("host", u, "pif_eth0_tx", -1, Source.HOST_PIF_TX, 0));
        }
        if (!includeVms) {
            return out;
        }
        for (int r = 0; r < host.vms().size(); r++) {
            var vm = host.vms().get(r).vm();
            if (vmUuid != null && !vmUuid.equals(vm.uuid())) {
                continue;
            }
            String u = vm.uuid();
            for (int i = 0; i < vm.vcpus(); i++) {
                out.add(new Column("vm", u, "cpu" + i, r, Source.VM_CPU, i));
            }
            out.add(new Column("vm", u, "memory", r, Source.VM_MEMORY, 0));
            out.add(new Column("vm", u, "memory_internal_free", r, Source.VM_INTERNAL_FREE, 0));
            out.add(new Column("vm", u, "memory_target", r, Source.VM_TARGET, 0));
            if (!vm.controlDomain()) {
                out.add(new Column("vm", u, "vif_0_rx", r, Source.VM_VIF_RX, 0));
                out.add(new Column("vm", u, "vif_0_tx", r, Source.VM_VIF_TX, 0));
                out.add(new Column("vm", u, "vbd_xvda_read", r, Source.VM_VBD_READ, 0));
                out.add(new Column("vm", u, "vbd_xvda_write", r, Source.VM_VBD_WRITE, 0));
            }
        }
        return out;
    }

    static double value(HostSnapshot host, HostLoad load, Column c) {
        int r = c.resident();
        return switch (c.source()) {
            case HOST_CPU_AVG, HOST_CPU -> load.cpuAvg;
            case HOST_MEM_TOTAL -> host.memoryBytes() / 1024.0;
            case HOST_MEM_FREE -> host.freeMemoryBytes() / 1024.0;
            case HOST_LOADAVG -> load.loadavg;
            case HOST_PIF_RX -> load.pifRx;
            case HOST_PIF_TX -> load.pifTx;
            case VM_CPU -> load.deliveredCores[r] / host.vms().get(r).vm().vcpus();
            case VM_MEMORY, VM_TARGET -> (double) host.vms().get(r).vm().memoryBytes();
            case VM_INTERNAL_FREE -> load.internalFreeKib[r];
            case VM_VIF_RX -> load.netRx[r];
            case VM_VIF_TX -> load.netTx[r];
            case VM_VBD_READ -> load.diskRead[r];
            case VM_VBD_WRITE -> load.diskWrite[r];
        };
    }

    /** xcp-rrdd's data source type: CPU fractions and rates are DERIVE/GAUGE as rrdd declares them. */
    static String type(Column c) {
        return switch (c.source()) {
            case HOST_PIF_RX, HOST_PIF_TX, VM_VIF_RX, VM_VIF_TX, VM_VBD_READ, VM_VBD_WRITE, VM_CPU, HOST_CPU -> "DERIVE";
            default -> "GAUGE";
        };
    }
}
