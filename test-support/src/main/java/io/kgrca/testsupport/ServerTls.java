package io.kgrca.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of a broker's SASL_SSL listener: a key store holding the broker's key and certificate, and the
 * PEM certificate that clients trust (a CA's, or the broker's own when self-signed).
 *
 * @param keystore         the broker's key store file
 * @param keystorePassword its password (also the key's)
 * @param keystoreType     {@code PKCS12} or {@code JKS}
 * @param caCertificate    the PEM file clients use as their trust store ({@code ssl.truststore.type=PEM})
 */
public record ServerTls(Path keystore, String keystorePassword, String keystoreType, Path caCertificate) {

    /**
     * A self-signed certificate for {@code CN=kafka} with subject alternative names {@code IP:127.0.0.1} and
     * {@code DNS:localhost}, made by the JDK's {@code keytool} in {@code dir} (valid 30 days).
     */
    public static ServerTls selfSigned(Path dir) {
        Path keystore = dir.resolve("broker.p12");
        Path ca = dir.resolve("ca.crt");
        String password = UUID.randomUUID().toString();
        keytool("-genkeypair", "-alias", "kafka", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=kafka", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "kafka", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", ca.toString());
        return new ServerTls(keystore, password, "PKCS12", ca);
    }

    private static void keytool(String... args) {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(bin.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + bin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    /** Reads the CA certificate (PEM text). */
    public String caCertificatePem() {
        try {
            return Files.readString(caCertificate, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
