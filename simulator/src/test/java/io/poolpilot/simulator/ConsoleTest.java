package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.simulator.console.RfbTestClient;
import io.poolpilot.simulator.console.TextScreen;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VM consoles as XAPI serves them: console records on the resident host, CONNECT /console, and an RFB text screen. */
class ConsoleTest {
    private Simulator sim;
    private RawXapi xapi;
    private String session;

    @BeforeEach
    void start() {
        sim = TestSims.small(TestSims.options().withClockRate(4));
        xapi = new RawXapi(sim.pool("alpha").masterUrl());
        session = xapi.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String consoleOf(String vmName) {
        List<String> consoles = RawXapi.toStrings(xapi.call("VM.get_consoles", session, xapi.refByName(session, "VM", vmName)));
        assertThat(consoles).as("consoles of " + vmName).hasSize(1);
        return consoles.getFirst();
    }

    private URI location(String consoleRef) {
        return URI.create((String) xapi.call("console.get_location", session, consoleRef));
    }

    private String hostAddress(String hostName) {
        return (String) xapi.call("host.get_address", session, xapi.refByName(session, "host", hostName));
    }

    @Test
    void aRunningVmHasAnRfbConsoleOnItsResidentHostAndAHaltedOneHasNone() {
        String console = consoleOf("big");
        Map<String, Object> record = xapi.record(session, "console", console);
        assertThat(record).containsEntry("protocol", "rfb").containsEntry("VM", xapi.refByName(session, "VM", "big"))
                .containsKeys("uuid", "location", "other_config");
        URI location = location(console);
        assertThat(location.getHost()).isEqualTo(hostAddress("h-02"));
        assertThat(location.getPort()).isEqualTo(sim.port());
        assertThat(location.getPath()).isEqualTo("/console");
        assertThat(location.getQuery()).isEqualTo("uuid=" + record.get("uuid"));
        assertThat(xapi.call("console.get_by_uuid", session, record.get("uuid"))).isEqualTo(console);
        assertThat(xapi.call("console.get_protocol", session, console)).isEqualTo("rfb");
        assertThat(xapi.allRecords(session, "console")).containsKey(console);
        assertThat(RawXapi.toStrings(xapi.call("VM.get_consoles", session, xapi.refByName(session, "VM", "stopped")))).isEmpty();
    }

    @Test
    void aViewerAt38SeesTheVmsNameTheLoginPromptAndTheKeysItTypes() throws Exception {
        try (Socket socket = RfbTestClient.connect(location(consoleOf("big")), session);
             RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
            rfb.handshake("3.8");
            assertThat(rfb.serverVersion()).isEqualTo("RFB 003.008\n");
            assertThat(rfb.width()).isEqualTo(TextScreen.WIDTH);
            assertThat(rfb.height()).isEqualTo(TextScreen.HEIGHT);
            assertThat(rfb.name()).isEqualTo("big");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            assertThat(rfb.text(0)).contains("big").contains("on h-02").contains("UTC");
            assertThat(rfb.inkPixels(0)).isGreaterThan(100);
            assertThat(rfb.screenText()).contains("big login: _");
            rfb.type("root");
            assertThat(rfb.awaitText("big login: root_", Duration.ofSeconds(10))).doesNotContain("big login: _\n");
            rfb.key(0xff08);
            rfb.type("ot2\n");
            String text = rfb.awaitText("big login: roo" + "ot2\n", Duration.ofSeconds(10));
            assertThat(text).contains("big login: _");
        }
    }

    @Test
    void theClockOnTheStatusBarTicks() throws Exception {
        try (Socket socket = RfbTestClient.connect(location(consoleOf("idle")), session);
             RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
            rfb.handshake("3.8");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            String first = rfb.text(0);
            // An incremental request is answered when something changes: here, the clock.
            rfb.requestUpdate(true);
            rfb.readUpdate();
            assertThat(rfb.text(0)).isNotEqualTo(first).contains("idle");
        }
    }

    @Test
    void aViewerAt33GetsTheSameScreen() throws Exception {
        try (Socket socket = RfbTestClient.connect(location(consoleOf("busy-01")), session);
             RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
            rfb.handshake("3.3");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            assertThat(rfb.text(0)).contains("busy-01");
            rfb.keyEvent(0xffe3, true);
            rfb.keyEvent(0xffe9, true);
            rfb.key(0xffff);
            rfb.keyEvent(0xffe9, false);
            rfb.keyEvent(0xffe3, false);
            rfb.awaitText("Ctrl-Alt-Del received", Duration.ofSeconds(10));
        }
    }

    @Test
    void aBadSessionIs401AndAnUnknownConsole404() throws Exception {
        URI location = location(consoleOf("big"));
        assertThatThrownBy(() -> RfbTestClient.connect(location, "OpaqueRef:not-a-session"))
                .isInstanceOf(IOException.class).hasMessageContaining("401").hasMessageContaining("session_id");
        URI unknown = URI.create(location.toString().replaceAll("uuid=.*", "uuid=00000000-0000-0000-0000-000000000000"));
        assertThatThrownBy(() -> RfbTestClient.connect(unknown, session))
                .isInstanceOf(IOException.class).hasMessageContaining("404");
        String ref = consoleOf("big");
        URI byRef = URI.create("http://" + location.getAuthority() + "/console?ref=" + ref);
        try (Socket socket = RfbTestClient.connect(byRef, session)) {
            assertThat(new String(socket.getInputStream().readNBytes(12))).isEqualTo("RFB 003.008\n");
        }
        URI wrongHost = URI.create("http://" + hostAddress("h-01") + ":" + sim.port() + "/console?ref=" + ref);
        assertThatThrownBy(() -> RfbTestClient.connect(wrongHost, session))
                .isInstanceOf(IOException.class).hasMessageContaining("404").hasMessageContaining("not on this host");
    }

    @Test
    void aMigratedVmsConsoleMovesToTheNewHostAndTheOldViewerIsDisconnected() throws Exception {
        String before = consoleOf("idle");
        Socket socket = RfbTestClient.connect(location(before), session);
        try (RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
            rfb.handshake("3.8");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            String vm = xapi.refByName(session, "VM", "idle");
            xapi.call("VM.pool_migrate", session, vm, xapi.refByName(session, "host", "h-03"), new HashMap<String, String>());
            // The old console's stream ends, as the source domain's VNC server does.
            socket.setSoTimeout(10_000);
            assertThat(drain(socket)).isEqualTo(-1);
        }
        String after = consoleOf("idle");
        assertThat(after).isNotEqualTo(before);
        assertThat(location(after).getHost()).isEqualTo(hostAddress("h-03"));
        assertThat(xapi.error("console.get_record", session, before)).contains("HANDLE_INVALID");
        try (Socket again = RfbTestClient.connect(location(after), session);
             RfbTestClient rfb = new RfbTestClient(again.getInputStream(), again.getOutputStream(), again)) {
            rfb.handshake("3.8");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            assertThat(rfb.text(0)).contains("idle").contains("on h-03");
        }
    }

    @Test
    void aHaltedVmLosesItsConsoleAndItsViewer() throws Exception {
        String console = consoleOf("big");
        Socket socket = RfbTestClient.connect(location(console), session);
        try (RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
            rfb.handshake("3.8");
            xapi.call("VM.hard_shutdown", session, xapi.refByName(session, "VM", "big"));
            assertThat(drain(socket)).isEqualTo(-1);
        }
        assertThat(RawXapi.toStrings(xapi.call("VM.get_consoles", session, xapi.refByName(session, "VM", "big")))).isEmpty();
        assertThat(xapi.allRecords(session, "console")).doesNotContainKey(console);
    }

    /** Reads until the end of the stream; answers the last read's result (-1 at the end). */
    private static int drain(Socket socket) throws IOException {
        byte[] b = new byte[65536];
        int n;
        while ((n = socket.getInputStream().read(b)) > 0) {
            // discard what the server still sent before it closed
        }
        return n;
    }
}
