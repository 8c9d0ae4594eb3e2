package io.kgrca.testsupport;

import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * A throw-away server keystore for TLS tests, made by the JDK's {@code keytool}: an EC key and a self-signed
 * certificate for {@code 127.0.0.1} (and {@code localhost}), valid two days, in a PKCS#12 file, with its password
 * in a file next to it; {@link #clientContext()} trusts exactly that certificate.
 *
 * @param keystore     the PKCS#12 keystore
 * @param passwordFile a file holding the password
 * @param password     the password
 */
public record SelfSignedTls(Path keystore, Path passwordFile, String password) {

    /** Creates the keystore in {@code dir}. */
    public static SelfSignedTls create(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("api.p12");
        Path pw = dir.resolve("api.p12.password");
        String password = "pw-" + UUID.randomUUID();
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", password,
                "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return new SelfSignedTls(ks, pw, password);
    }

    /** A client SSL context that trusts this certificate only. */
    public SSLContext clientContext() throws Exception {
        KeyStore store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
