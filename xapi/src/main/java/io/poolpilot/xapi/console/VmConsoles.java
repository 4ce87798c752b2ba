package io.poolpilot.xapi.console;

import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiSession;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a VM's graphical console is, as XAPI says it (xen-api docs, "VM consoles"): the VM's {@code consoles}
 * include one with protocol {@code rfb}, whose {@code location} is an HTTP(S) URL on the VM's resident host;
 * a client sends {@code CONNECT <path>?<query>&session_id=<ref>} there and speaks RFB on the same socket once
 * the host answered 200. Blocking (XML-RPC): call off the event loop.
 */
public final class VmConsoles {
    public static final String PROTOCOL_RFB = "rfb";

    private VmConsoles() {
    }

    /** A console to dial: its URL and the CONNECT request line's target with the session in it. */
    public record RfbConsole(String consoleRef, URI location, String connectTarget) {
        public RfbConsole {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(connectTarget, "connectTarget");
        }

        /** The port to dial: the location's, else 443 for https and 80 for http. */
        public int port() {
            return location.getPort() != -1 ? location.getPort() : "https".equalsIgnoreCase(location.getScheme()) ? 443 : 80;
        }

        public boolean tls() {
            return "https".equalsIgnoreCase(location.getScheme());
        }
    }

    /**
     * The RFB console of the VM with this uuid, or empty when it has none (not running). Throws
     * {@link XapiFailure} (UUID_INVALID for an unknown VM) or a transport exception.
     */
    public static java.util.Optional<RfbConsole> rfb(XapiSession session, String vmUuid) {
        String vmRef = (String) session.call("VM.get_by_uuid", vmUuid);
        for (Object c : asList(session.call("VM.get_consoles", vmRef))) {
            String consoleRef = String.valueOf(c);
            Map<?, ?> record = (Map<?, ?>) session.call("console.get_record", consoleRef);
            if (PROTOCOL_RFB.equals(record.get("protocol"))) {
                URI location = URI.create(String.valueOf(record.get("location")));
                return java.util.Optional.of(new RfbConsole(consoleRef, location,
                        connectTarget(location, session.sessionRef())));
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code /console?uuid=...&session_id=...}: the location's path and query with the session added. */
    static String connectTarget(URI location, String sessionRef) {
        String path = location.getRawPath() == null || location.getRawPath().isEmpty() ? "/" : location.getRawPath();
        String query = location.getRawQuery();
        String session = "session_id=" + URLEncoder.encode(sessionRef, StandardCharsets.UTF_8);
        return path + "?" + (query == null || query.isEmpty() ? session : query + "&" + session);
    }

    private static List<?> asList(Object value) {
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        return value instanceof List<?> l ? l : List.of();
    }
}
