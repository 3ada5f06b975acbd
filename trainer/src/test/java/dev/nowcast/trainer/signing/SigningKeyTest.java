package dev.nowcast.trainer.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.trainer.testing.Snapshots;

class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenKeyPairSignsWhatItsPublicKeyVerifies() throws Exception {
        KeyPair pair = SigningKey.generate();
        Path privateKey = dir.resolve("keys/signing.pem");
        Path publicKey = dir.resolve("keys/verification.pem");
        SigningKey.write(pair, privateKey, publicKey);

        SigningKey key = SigningKey.load(privateKey, null);
        ModelSnapshot signed = key.sign(Snapshots.tiny("sensors", 2));

        SnapshotSigning.verify(signed, PemKeys.readPublicKey(publicKey));
        assertThat(key.publicKey()).isEqualTo(pair.getPublic());
        assertThat(key.keyId()).isEqualTo(SigningKey.fingerprint(pair.getPublic())).matches("[0-9a-f]{16}");
        assertThat(signed.signingKeyId()).isEqualTo(key.keyId());
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(privateKey)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(key.toString()).doesNotContain(new String(java.util.Base64.getEncoder()
                .encode(pair.getPrivate().getEncoded())));
    }

    @Test
    void anotherKeysSignatureDoesNotVerify() throws Exception {
        Path privateKey = dir.resolve("a.pem");
        SigningKey.write(SigningKey.generate(), privateKey, dir.resolve("a.pub.pem"));
        KeyPair other = SigningKey.generate();

        ModelSnapshot signed = SigningKey.load(privateKey, "ops-2026").sign(Snapshots.tiny("sensors", 2));

        assertThat(signed.signingKeyId()).isEqualTo("ops-2026");
        assertThatThrownBy(() -> SnapshotSigning.verify(signed, other.getPublic()))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("does not verify");
    }

    @Test
    void keyFilesAreNeverOverwritten() throws Exception {
        Path privateKey = dir.resolve("a.pem");
        Path publicKey = dir.resolve("a.pub.pem");
        SigningKey.write(SigningKey.generate(), privateKey, publicKey);
        String before = Files.readString(privateKey);

        assertThatThrownBy(() -> SigningKey.write(SigningKey.generate(), privateKey, dir.resolve("b.pub.pem")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(privateKey)).isEqualTo(before);
    }

    @Test
    void aFileWithoutAPrivateKeyIsNamedInTheError() throws Exception {
        Path publicOnly = dir.resolve("pub.pem");
        Files.writeString(publicOnly, PemKeys.toPem(SigningKey.generate().getPublic()));

        assertThatThrownBy(() -> SigningKey.load(publicOnly, null))
                .hasMessageContaining("signing key " + publicOnly).hasMessageContaining("PRIVATE KEY");
    }
}
