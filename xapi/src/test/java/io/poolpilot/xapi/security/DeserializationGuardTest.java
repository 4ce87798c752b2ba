package io.poolpilot.xapi.security;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.fake.FakeXapi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeserializationGuardTest {

    /** Stands in for a gadget chain: deserializing it flips a flag, which must never happen. */
    static final class Detonator implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static volatile boolean detonated;

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            detonated = true;
        }
    }

    @BeforeEach
    void resetFlag() {
        Detonator.detonated = false;
    }

    static String serializedDetonator() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Detonator());
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static XapiEndpoint endpoint(FakeXapi xapi) {
        return XapiEndpoint.of(xapi.url(), "root", "pw").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void maliciousFaultCauseIsRefusedAndNeverDeserialized() throws IOException {
        String payload = serializedDetonator();
        String fault = """
                <?xml version="1.0"?>
                <methodResponse><fault><value><struct>
                <member><name>faultCode</name><value><int>1</int></value></member>
                <member><name>faultString</name><value><string>boom</string></value></member>
                <member><name>faultCause</name><value><base64>%s</base64></value></member>
                </struct></value></fault></methodResponse>
                """.formatted(payload);
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi), "t")) {
            xapi.onMethod("host.get_all", call -> new FakeXapi.RawBody(200, fault));
            long rejectedBefore = DeserializationGuard.rejectedCount();

            assertThatThrownBy(() -> session.call("host.get_all"))
                    .isInstanceOf(XapiTransportException.class)
                    .hasMessageContaining("XML-RPC fault")
                    .hasMessageContaining("boom");

            assertThat(Detonator.detonated).as("payload must never be deserialized").isFalse();
            assertThat(DeserializationGuard.rejectedCount()).as("the filter saw and refused the attempt")
                    .isGreaterThan(rejectedBefore);
        }
    }

    @Test
    void serializableExtensionValueIsRefusedBecauseExtensionsAreOff() throws IOException {
        String payload = serializedDetonator();
        String response = """
                <?xml version="1.0"?>
                <methodResponse><params><param><value><struct>
                <member><name>Status</name><value>Success</value></member>
                <member><name>Value</name><value><ex:serializable
                  xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">%s</ex:serializable></value></member>
                </struct></value></param></params></methodResponse>
                """.formatted(payload);
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi), "t")) {
            xapi.onMethod("host.get_all", call -> new FakeXapi.RawBody(200, response));

            assertThatThrownBy(() -> session.call("host.get_all")).isInstanceOf(XapiTransportException.class);
            assertThat(Detonator.detonated).isFalse();
        }
    }

    @Test
    void faultCarryingASerializableExtensionIsRefused() throws IOException {
        String fault = """
                <?xml version="1.0"?>
                <methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><fault><value><struct>
                <member><name>faultCode</name><value><int>1</int></value></member>
                <member><name>faultString</name><value><string>boom</string></value></member>
                <member><name>faultCause</name><value><ex:serializable>%s</ex:serializable></value></member>
                </struct></value></fault></methodResponse>
                """.formatted(serializedDetonator());
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi), "t")) {
            xapi.onMethod("VM.get_all", call -> new FakeXapi.RawBody(200, fault));

            assertThatThrownBy(() -> session.call("VM.get_all"))
                    .isInstanceOf(XapiTransportException.class)
                    .hasMessageContaining("VM.get_all");
            assertThat(Detonator.detonated).isFalse();
        }
    }

    @Test
    void installedFilterRejectsEveryPlainObjectInputStreamInTheProcess() throws IOException {
        DeserializationGuard.install();
        DeserializationGuard.install(); // idempotent

        byte[] bytes = Base64.getDecoder().decode(serializedDetonator());
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class)
                    .hasMessageContaining("REJECTED");
        }
        assertThat(Detonator.detonated).isFalse();
        assertThat(ObjectInputFilter.Config.getSerialFilter()).hasToString("PoolPilot reject-all filter");
    }

    @Test
    void externalEntityInAResponseIsRefusedAndTheFileIsNotRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE methodResponse [<!ENTITY leak SYSTEM "%s">]>
                <methodResponse><params><param><value><struct>
                <member><name>Status</name><value>Success</value></member>
                <member><name>Value</name><value>&leak;</value></member>
                </struct></value></param></params></methodResponse>
                """.formatted(secret.toUri());
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi), "t")) {
            xapi.onMethod("host.get_all", call -> new FakeXapi.RawBody(200, xxe));

            assertThatThrownBy(() -> session.call("host.get_all"))
                    .isInstanceOf(XapiTransportException.class)
                    .hasMessageNotContaining("TOP-SECRET-CONTENT");
        }
    }
}
