package io.poolpilot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code ctl accounts suspend|resume}: stop or restart every VM billed to an account (role billing). */
@Command(name = "accounts", description = "Suspend or resume a billing account's VMs (role billing).",
        mixinStandardHelpOptions = true, subcommands = {AccountsCommand.Suspend.class, AccountsCommand.Resume.class})
final class AccountsCommand {

    enum Mode { suspend, shutdown }

    abstract static class AccountAction extends CtlCommand {
        @Parameters(paramLabel = "ACCOUNT", description = "The billing account's id.")
        String account;

        @Option(names = "--reason", required = true, description = "Why (audited).")
        String reason;

        @Option(names = "--wait", description = "Wait until every VM is handled; exit 1 if the operation failed.")
        boolean await;

        int run(String verb, Object mode) {
            ControlApi.Reply reply = api().post(path("/v1/accounts/%s/", account) + verb,
                    ControlApi.object("mode", mode, "reason", reason), Map.of());
            return Operations.show(this, reply, await);
        }
    }

    @Command(name = "suspend", description = "Stop every running VM of the account (suspend to disk, or shut down).")
    static final class Suspend extends AccountAction {
        @Option(names = "--mode", required = true, description = "suspend | shutdown")
        Mode mode;

        @Override
        public Integer call() {
            return run("suspend", mode.name());
        }
    }

    @Command(name = "resume", description = "Start exactly the VMs a suspension of the account stopped.")
    static final class Resume extends AccountAction {
        @Override
        public Integer call() {
            return run("resume", null);
        }
    }
}
