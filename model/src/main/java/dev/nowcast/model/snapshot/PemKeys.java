package dev.nowcast.model.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads and writes Ed25519 keys as PEM: private keys as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), public
 * keys as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), the forms {@code openssl genpkey
 * -algorithm ed25519} and {@code openssl pkey -pubout} produce.
 */
public final class PemKeys {
    private PemKeys() {
    }

    public static PrivateKey readPrivateKey(Path path) throws IOException {
        return parsePrivateKey(Files.readString(path, StandardCharsets.US_ASCII));
    }

    public static PublicKey readPublicKey(Path path) throws IOException {
        return parsePublicKey(Files.readString(path, StandardCharsets.US_ASCII));
    }

    public static PrivateKey parsePrivateKey(String pem) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey parsePublicKey(String pem) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 X.509 public key: " + e.getMessage(), e);
        }
    }

    /** PEM text of a private key (PKCS#8) or public key (X.509). */
    public static String toPem(Key key) {
        String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("no " + begin + " ... " + end + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException("bad base64 in the " + label + " block", ex);
        }
    }
}
