package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code ctl vms list|show|action}. */
@Command(name = "vms", description = "VMs, and starting, stopping or moving one.", mixinStandardHelpOptions = true,
        subcommands = {VmsCommand.ListVms.class, VmsCommand.ShowVm.class, VmsCommand.Action.class})
final class VmsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("UUID", "/uuid"), Column.of("POOL", "/poolId"),
            Column.of("NAME", "/name"), Column.of("POWER", "/powerState"), Column.of("HOST", "/hostUuid"),
            Column.of("VCPUS", "/vcpuCount"), Column.gib("MEMORY_GIB", "/memoryBytes"),
            Column.percent("CPU", "/latest/cpuFraction"));

    /** The actions of {@code POST /v1/vms/{uuid}/actions}, as the API spells them. */
    enum VmAction {
        START("start"), SHUTDOWN("shutdown"), HARD_SHUTDOWN("hard-shutdown"), REBOOT("reboot"), SUSPEND("suspend"),
        RESUME("resume"), MIGRATE("migrate");

        final String wire;

        VmAction(String wire) {
            this.wire = wire;
        }

        static VmAction parse(String text) {
            for (VmAction a : values()) {
                if (a.wire.equalsIgnoreCase(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of start, shutdown, hard-shutdown, reboot, "
                    + "suspend, resume, migrate");
        }
    }

    @Command(name = "list", description = "The VMs of one pool, or of every pool.")
    static final class ListVms extends CtlCommand {
        @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool's VMs.")
        String pool;

        @Override
        public Integer call() {
            List<JsonNode> vms = new ArrayList<>();
            for (String id : PoolsCommand.poolIds(api(), pool)) {
                vms.addAll(api().list(path("/v1/pools/%s/vms", id)));
            }
            output().list(vms, COLUMNS);
            return Ctl.OK;
        }
    }

    @Command(name = "show", description = "One VM, with its latest sample.")
    static final class ShowVm extends CtlCommand {
        @Parameters(paramLabel = "VM", description = "The VM's uuid.")
        String vm;

        @Override
        public Integer call() {
            output().one(api().get(path("/v1/vms/%s", vm)).body());
            return Ctl.OK;
        }
    }

    @Command(name = "action", description = "Start, shut down, reboot, suspend, resume or migrate a VM (an operation).")
    static final class Action extends CtlCommand {
        @Parameters(index = "0", paramLabel = "VM", description = "The VM's uuid.")
        String vm;

        @Parameters(index = "1", paramLabel = "ACTION", converter = ActionConverter.class,
                completionCandidates = ActionCandidates.class,
                description = "start | shutdown | hard-shutdown | reboot | suspend | resume | migrate")
        VmAction action;

        @Option(names = "--host", paramLabel = "HOST", description = "migrate: the destination host's uuid (required there).")
        String host;

        @Option(names = "--reason", required = true, description = "Why (audited).")
        String reason;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Retrying with the same key runs nothing twice.")
        String idempotencyKey;

        @Option(names = "--wait", description = "Wait until the operation ends; exit 1 if it failed.")
        boolean await;

        @Override
        public Integer call() {
            if ((action == VmAction.MIGRATE) != (host != null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        action == VmAction.MIGRATE ? "migrate needs --host <uuid>" : "--host is only for migrate");
            }
            ControlApi.Reply reply = api().post(path("/v1/vms/%s/actions", vm),
                    ControlApi.object("action", action.wire, "hostId", host, "reason", reason),
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
            return Operations.show(this, reply, await);
        }
    }

    static final class ActionConverter implements picocli.CommandLine.ITypeConverter<VmAction> {
        @Override
        public VmAction convert(String value) {
            return VmAction.parse(value);
        }
    }

    static final class ActionCandidates extends ArrayList<String> {
        ActionCandidates() {
            super(List.of("start", "shutdown", "hard-shutdown", "reboot", "suspend", "resume", "migrate"));
        }
    }
}
