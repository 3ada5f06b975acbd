package dev.nowcast.model.snapshot;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.snapshot.ModelSnapshot.Architecture;
import dev.nowcast.model.snapshot.ModelSnapshot.Normalisation;
import dev.nowcast.model.snapshot.SnapshotException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotSigningTest {
    @TempDir
    Path dir;

    private static KeyPair keys() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void signsAndVerifiesWithKeysReadFromPemFiles() throws Exception {
        KeyPair kp = keys();
        Files.writeString(dir.resolve("private.pem"), PemKeys.toPem(kp.getPrivate()));
        Files.writeString(dir.resolve("public.pem"), PemKeys.toPem(kp.getPublic()));
        PrivateKey priv = PemKeys.readPrivateKey(dir.resolve("private.pem"));
        PublicKey pub = PemKeys.readPublicKey(dir.resolve("public.pem"));
        assertThat(Files.readString(dir.resolve("private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        ModelSnapshot signed = SnapshotSigning.sign(SnapshotCodecTest.snapshot(CellType.LSTM, 1), priv, "ops-2024");
        assertThat(signed.signingKeyId()).isEqualTo("ops-2024");
        assertThat(signed.signature()).hasSize(64);
        SnapshotSigning.verify(signed, pub);
        assertThat(SnapshotCodec.decode(signed, pub).version()).isEqualTo(5);
    }

    @Test
    void readsKeysInOpenSslsFormat() throws Exception {
        // openssl genpkey -algorithm ed25519; openssl pkey -pubout (RFC 8410 test vector key)
        String priv = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
                + "-----END PRIVATE KEY-----\n";
        String pub = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
                + "-----END PUBLIC KEY-----\n";
        ModelSnapshot signed = SnapshotSigning.sign(SnapshotCodecTest.snapshot(CellType.GRU, 1),
                PemKeys.parsePrivateKey(priv), "rfc8410");
        SnapshotSigning.verify(signed, PemKeys.parsePublicKey(pub));
        assertThatThrownBy(() -> PemKeys.parsePublicKey(priv)).hasMessageContaining("PUBLIC KEY");
    }

    @Test
    void anyChangeToASignedFieldBreaksTheSignature() throws Exception {
        KeyPair kp = keys();
        ModelSnapshot s = SnapshotSigning.sign(SnapshotCodecTest.snapshot(CellType.LSTM, 1), kp.getPrivate(), "k");
        Architecture a = s.architecture();
        Normalisation n = s.normalisation();
        Map<String, Double> p = new TreeMap<>(n.parameters());
        p.put("stddevScale", p.get("stddevScale") * 2);
        List<ModelSnapshot> tampered = List.of(
                new ModelSnapshot("other", s.version(), s.createdAt(), a, n, s.tensors(), s.trainingSummary(),
                        s.sha256(), s.signature(), "k"),
                new ModelSnapshot(s.model(), s.version() + 1, s.createdAt(), a, n, s.tensors(), s.trainingSummary(),
                        s.sha256(), s.signature(), "k"),
                new ModelSnapshot(s.model(), s.version(), s.createdAt(), new Architecture(a.cellType(), a.layers(),
                        a.hiddenSize(), a.inputFeatures(), a.head(), a.horizon() + 1, a.warmupSteps(),
                        a.stepIntervalMillis(), a.maxGapMillis(), a.seasonalPeriodsMillis(), a.covariates()), n,
                        s.tensors(), s.trainingSummary(), s.sha256(), s.signature(), "k"),
                new ModelSnapshot(s.model(), s.version(), s.createdAt(), a, new Normalisation(n.method(), p,
                        n.covariateMean(), n.covariateScale()), s.tensors(), s.trainingSummary(), s.sha256(),
                        s.signature(), "k"),
                new ModelSnapshot(s.model(), s.version(), s.createdAt(), a, new Normalisation(n.method(),
                        n.parameters(), List.of(9.0), n.covariateScale()), s.tensors(), s.trainingSummary(),
                        s.sha256(), s.signature(), "k"),
                new ModelSnapshot(s.model(), s.version(), s.createdAt(), a, n, s.tensors(), s.trainingSummary(),
                        "0".repeat(64), s.signature(), "k"));
        for (ModelSnapshot t : tampered) {
            assertThatThrownBy(() -> SnapshotSigning.verify(t, kp.getPublic()))
                    .isInstanceOfSatisfying(SnapshotException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE));
        }
        assertThatThrownBy(() -> SnapshotCodec.decode(s, keys().getPublic()))
                .isInstanceOfSatisfying(SnapshotException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
                    assertThat(e.getMessage()).contains("does not verify");
                });
        assertThatThrownBy(() -> SnapshotCodec.decode(s.withSignature(null, null), kp.getPublic()))
                .hasMessageContaining("not signed");
    }
}
