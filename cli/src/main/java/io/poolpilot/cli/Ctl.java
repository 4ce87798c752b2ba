package io.poolpilot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code poolpilot ctl}: the control API from a shell. Exit codes: 0 ok, 1 refused by the server (or an
 * operation it ran failed), 2 usage error, 3 server unreachable.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true, version = "poolpilot ctl 0.1.0",
        description = "Drive a PoolPilot daemon through its control API.",
        subcommands = {PoolsCommand.class, HostsCommand.class, VmsCommand.class, PlansCommand.class,
                AlertsCommand.class, UsageCommand.class, AccountsCommand.class, PolicyCommand.class,
                CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused by the server (its problem is printed), or the operation failed",
                "2:usage error (bad arguments, no URL or token)", "3:server unreachable"})
public final class Ctl {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The control API, e.g. http://127.0.0.1:8750 (else $POOLPILOT_URL, else the config file).")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "The bearer token (else $POOLPILOT_TOKEN, else the config file). Prefer the environment: flags show in ps.")
    String token;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A properties file with url= and token= (default ~/.config/poolpilot/ctl.properties).")
    Path config;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json",
            description = "table (default) or json (the server's JSON; lists as one array).")
    Output.Format output = Output.Format.table;

    @Option(names = "--poll-interval", scope = ScopeType.INHERIT, hidden = true,
            description = "How often --wait asks for progress (ISO-8601 duration).")
    Duration pollInterval = Duration.ofSeconds(1);

    private final Map<String, String> environment;
    private final Path defaultConfig;
    private ControlApi api;

    public Ctl(Map<String, String> environment, Path defaultConfig) {
        this.environment = environment;
        this.defaultConfig = defaultConfig;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("user.home"));
        System.exit(commandLine(new Ctl(System.getenv(), home.resolve(".config/poolpilot/ctl.properties"))).execute(args));
    }

    /** The command line with the exit codes above; {@code execute} returns one of them. */
    public static CommandLine commandLine(Ctl ctl) {
        CommandLine cli = new CommandLine(ctl);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = switch (e) {
                case Refused r -> REFUSED;
                case Unreachable u -> UNREACHABLE;
                case UsageProblem u -> USAGE;
                default -> throw e;
            };
            err.println("ctl: " + e.getMessage());
            err.flush();
            return code;
        });
        return cli;
    }

    ControlApi api() {
        if (api == null) {
            api = new ControlApi(Connection.resolve(url, token, config, environment, defaultConfig));
        }
        return api;
    }

    Output output(CommandLine commandLine) {
        return new Output(output, commandLine.getOut());
    }

    Duration pollInterval() {
        return pollInterval;
    }
}
