package io.poolpilot.daemon.execute;

import io.poolpilot.daemon.plan.InventoryNames;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an XAPI error (code and parameters) into a sentence an operator reads, naming hosts, VMs and
 * storage repositories as {@code name (uuid)}. The raw code and parameters are kept beside it
 * ({@link io.poolpilot.api.model.StepError}); an unknown code still reads as a sentence, its refs named.
 */
final class FailureText {

    private static final Pattern REF = Pattern.compile("OpaqueRef:[0-9A-Za-z-]+");

    private FailureText() {
    }

    static String sentence(String code, List<String> params, InventoryNames names) {
        return switch (code) {
            case "VM_MIGRATE_FAILED" -> "XAPI could not migrate vm " + param(params, 0, names) + " from host "
                    + param(params, 1, names) + " to host " + param(params, 2, names)
                    + (params.size() > 3 ? ": " + text(params.get(3), names) : "");
            case "HOST_NOT_ENOUGH_FREE_MEMORY" -> "the destination host has not enough free memory: the vm needs "
                    + gib(params, 0) + ", the host has " + gib(params, 1);
            case "HOST_OFFLINE" -> "host " + param(params, 0, names) + " is offline";
            case "HOST_DISABLED" -> "host " + param(params, 0, names) + " is disabled and takes no VMs";
            case "VM_BAD_POWER_STATE" -> "vm " + param(params, 0, names) + " is " + lower(params, 2)
                    + ", XAPI expected it " + lower(params, 1);
            case "HANDLE_INVALID" -> "the " + lower(params, 0) + " " + param(params, 1, names)
                    + " no longer exists";
            case "VM_REQUIRES_SR" -> "vm " + param(params, 0, names) + " needs storage repository "
                    + param(params, 1, names) + ", which the destination host cannot reach";
            case "VM_REQUIRES_NETWORK" -> "vm " + param(params, 0, names) + " needs network "
                    + param(params, 1, names) + ", which the destination host is not connected to";
            case "OPERATION_NOT_ALLOWED" -> "XAPI does not allow the migration now"
                    + (params.isEmpty() ? "" : ": " + text(params.get(0), names));
            case "OTHER_OPERATION_IN_PROGRESS" -> "another operation is in progress on the "
                    + lower(params, 0) + " " + param(params, 1, names);
            case "TOO_BUSY", "TOO_MANY_PENDING_TASKS" -> "the pool master is too busy to take the migration";
            case "SESSION_INVALID" -> "the XAPI session expired";
            case "HOST_IS_SLAVE" -> "the host answering is not the pool master (the master is "
                    + param(params, 0, names) + ")";
            default -> "XAPI refused the migration with " + code
                    + (params.isEmpty() ? "" : " (" + String.join(", ", params.stream().map(p -> text(p, names)).toList()) + ")");
        };
    }

    /** A parameter that is a ref (or a uuid) as {@code name (uuid)}; anything else as it is. */
    private static String param(List<String> params, int i, InventoryNames names) {
        if (i >= params.size()) {
            return "(unknown)";
        }
        String value = params.get(i);
        return names.knowsRef(value) ? names.ofRef(value) : names.ofUuid(value);
    }

    /** Free text with every ref in it named. */
    private static String text(String value, InventoryNames names) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.ofRef(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String lower(List<String> params, int i) {
        return i < params.size() ? params.get(i).toLowerCase(Locale.ROOT) : "(unknown)";
    }

    private static String gib(List<String> params, int i) {
        try {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(params.get(i)) / (double) (1L << 30));
        } catch (RuntimeException e) {
            return i < params.size() ? params.get(i) + " bytes" : "(unknown)";
        }
    }
}
