package io.kgrca.common.http;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;

import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * TLS for an API listener: a keystore file (PKCS#12 or JKS, detected) with the server's key and certificate chain,
 * and a file holding its password. Read from {@code <PREFIX>_TLS_KEYSTORE_FILE} and
 * {@code <PREFIX>_TLS_KEYSTORE_PASSWORD_FILE}; both or neither must be set.
 *
 * @param keystore     the keystore file
 * @param passwordFile the file whose content (trailing line break removed) is the keystore and key password
 */
public record TlsSettings(Path keystore, Path passwordFile) {

    /** The settings under {@code prefix}, or empty when TLS is off; a half or unreadable setting fails here. */
    public static Optional<TlsSettings> fromEnv(Env env, String prefix) {
        String ksName = prefix + "_TLS_KEYSTORE_FILE";
        String pwName = prefix + "_TLS_KEYSTORE_PASSWORD_FILE";
        Optional<String> ks = env.optional(ksName);
        Optional<String> pw = env.optional(pwName);
        if (ks.isEmpty() && pw.isEmpty()) {
            return Optional.empty();
        }
        if (ks.isEmpty() || pw.isEmpty()) {
            throw new InvalidConfigurationException(ks.isEmpty() ? ksName : pwName,
                    "is required when " + (ks.isEmpty() ? pwName : ksName) + " is set");
        }
        TlsSettings tls = new TlsSettings(Path.of(ks.get()), Path.of(pw.get()));
        tls.sslContext(ksName);
        return Optional.of(tls);
    }

    /** An SSL context serving the keystore's key. */
    public SSLContext sslContext() {
        return sslContext("TLS keystore");
    }

    private SSLContext sslContext(String setting) {
        char[] password;
        try {
            password = stripLineBreak(Files.readString(passwordFile, StandardCharsets.UTF_8)).toCharArray();
        } catch (IOException e) {
            throw new InvalidConfigurationException(setting, "cannot read the password file " + passwordFile
                    + ": " + e.getClass().getSimpleName());
        }
        try {
            KeyStore store = KeyStore.getInstance(keystore.toFile(), password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigurationException(setting, "cannot load " + keystore + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static String stripLineBreak(String s) {
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
