package io.poolpilot.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every leaf command needs: the API, the output, and a place for progress lines (stderr). */
abstract class CtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    Ctl ctl() {
        return (Ctl) spec.root().userObject();
    }

    ControlApi api() {
        return ctl().api();
    }

    Output output() {
        return ctl().output(spec.commandLine());
    }

    /** Progress goes to stderr so that stdout holds only the result. */
    PrintWriter progress() {
        return spec.commandLine().getErr();
    }

    Waiting waiting() {
        return new Waiting(api(), ctl().pollInterval(), progress());
    }

    static String path(String format, String... segments) {
        Object[] encoded = new Object[segments.length];
        for (int i = 0; i < segments.length; i++) {
            encoded[i] = ControlApi.encode(segments[i]);
        }
        return String.format(format, encoded);
    }
}
