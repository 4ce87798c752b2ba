package io.poolpilot.xapi.transport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed server certificate for 127.0.0.1, made with the JDK's keytool in a temp dir. */
public record TestCertificates(SSLContext serverContext, X509Certificate certificate, Path certificatePem) {

    private static final String PASSWORD = "changeit";

    public static TestCertificates generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        return generate(dir, "server", "ip:127.0.0.1,dns:localhost");
    }

    /** A certificate whose subject alternative names are {@code san} (keytool syntax), e.g. a name that is not ours. */
    public static TestCertificates generate(Path dir, String name, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "xapi", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "san=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "xapi", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-file", pem.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new TestCertificates(ctx, (X509Certificate) ks.getCertificate("xapi"), pem);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + command + "\n" + output);
        }
    }
}
