package dev.nowcast.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import dev.nowcast.trainer.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast keygen}: writes an Ed25519 key pair for signing snapshots and verifying them. */
@Command(name = "keygen", sortOptions = false, showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "Writes a new Ed25519 key pair as PEM: the private key (PKCS#8, readable by its owner only) signs "
                    + "snapshots (train --signing-key), the public key verifies them (the stream app's "
                    + "nowcast.snapshot.verification-key, evaluate --verification-key). Prints the key id "
                    + "recorded with each signature.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 runtime failure, 2 usage error (e.g. a key file exists)."})
public final class KeygenCommand extends TrainerCommand {

    @Option(names = "--private-key", paramLabel = "FILE", defaultValue = "nowcast-signing-key.pem",
            description = "Where to write the private key.")
    Path privateKey;

    @Option(names = "--public-key", paramLabel = "FILE", defaultValue = "nowcast-verification-key.pem",
            description = "Where to write the public key.")
    Path publicKey;

    @Option(names = "--force", description = "Replace existing key files.")
    boolean force;

    @Override
    int execute() throws Exception {
        if (privateKey.toAbsolutePath().normalize().equals(publicKey.toAbsolutePath().normalize())) {
            throw new UsageException("--private-key and --public-key must be different files");
        }
        for (Path file : new Path[] {privateKey, publicKey}) {
            if (Files.exists(file)) {
                if (!force) {
                    throw new UsageException(file + " exists; pass --force to replace it");
                }
                Files.delete(file);
            }
        }
        KeyPair pair = SigningKey.generate();
        SigningKey.write(pair, privateKey, publicKey);
        out().println("private key: " + privateKey + " (keep it secret: it signs snapshots)");
        out().println("public key:  " + publicKey);
        out().println("key id:      " + SigningKey.fingerprint(pair.getPublic()));
        out().println("sign with:   nowcast train --signing-key " + privateKey + " ...");
        out().println("verify with: --set nowcast.snapshot.verification-key=" + publicKey);
        out().flush();
        return OK;
    }
}
