package dev.nowcast.trainer.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.Optional;

import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.model.snapshot.SnapshotSigning;

/**
 * An Ed25519 private key for signing snapshots ({@link SnapshotSigning}), with its public key and the key id
 * recorded in each signature. The default key id is the public key's {@link #fingerprint fingerprint}, which an
 * operator can recompute from the public key file the stream app verifies with.
 *
 * @param publicKey the matching public key, used to check each signature right after making it
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    /**
     * Loads a PKCS#8 PEM private key (as {@link #generate} or {@code openssl genpkey -algorithm ed25519}
     * writes it) and derives its public key.
     *
     * @param keyId the id to record, or null for the public key's fingerprint
     * @throws IOException if the file cannot be read or holds no Ed25519 private key
     */
    public static SigningKey load(Path privateKeyPem, String keyId) throws IOException {
        PrivateKey key;
        try {
            key = PemKeys.readPrivateKey(privateKeyPem);
        } catch (IOException e) {
            throw new IOException("signing key " + privateKeyPem + ": " + e.getMessage(), e);
        }
        PublicKey publicKey = publicKeyOf(key);
        return new SigningKey(key, publicKey, keyId == null ? fingerprint(publicKey) : keyId);
    }

    /** A new random Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /**
     * Writes {@code pair} as PEM: the private key as PKCS#8, readable by its owner only where the file system
     * has POSIX permissions, the public key as X.509 SubjectPublicKeyInfo. Existing files are not replaced.
     *
     * @throws java.nio.file.FileAlreadyExistsException if either file exists
     */
    public static void write(KeyPair pair, Path privateKeyPem, Path publicKeyPem) throws IOException {
        if (Files.exists(privateKeyPem)) {
            throw new java.nio.file.FileAlreadyExistsException(privateKeyPem.toString());
        }
        if (Files.exists(publicKeyPem)) {
            throw new java.nio.file.FileAlreadyExistsException(publicKeyPem.toString());
        }
        Path dir = privateKeyPem.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try {
            Files.createFile(privateKeyPem,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's ACLs apply.
            Files.createFile(privateKeyPem);
        }
        Files.writeString(privateKeyPem, PemKeys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Path publicDir = publicKeyPem.toAbsolutePath().getParent();
        if (publicDir != null) {
            Files.createDirectories(publicDir);
        }
        Files.writeString(publicKeyPem, PemKeys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
    }

    /** The first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Names the key, never its secret. */
    @Override
    public String toString() {
        return "SigningKey[Ed25519, keyId=" + keyId + "]";
    }

    /**
     * Signs {@code snapshot} and checks the signature with the public key, so that a key pair that does not
     * match can never publish a snapshot the stream app would then refuse.
     */
    public ModelSnapshot sign(ModelSnapshot snapshot) {
        ModelSnapshot signed = SnapshotSigning.sign(snapshot, privateKey, keyId);
        try {
            SnapshotSigning.verify(signed, publicKey);
        } catch (SnapshotException e) {
            throw new IllegalStateException("the new signature does not verify with the derived public key", e);
        }
        return signed;
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no API for it, but its key pair generator derives
     * the public key from the 32 bytes it draws from its random source: feeding it the private key's bytes
     * yields the matching pair. The result is checked by a signature round trip.
     */
    static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        Optional<byte[]> bytes = key instanceof EdECPrivateKey ed ? ed.getBytes() : Optional.empty();
        if (bytes.isEmpty()) {
            throw new IOException("not an Ed25519 private key with extractable bytes: " + key.getAlgorithm());
        }
        byte[] seed = bytes.get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] out) {
                    System.arraycopy(seed, 0, out, 0, Math.min(seed.length, out.length));
                }
            });
            PublicKey publicKey = generator.generateKeyPair().getPublic();
            byte[] probe = "nowcast-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("cannot derive the public key of this Ed25519 private key");
            }
            return publicKey;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the public key of this Ed25519 private key: " + e.getMessage(), e);
        }
    }
}
