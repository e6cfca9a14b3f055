package app.essence.common.storage;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

/** Chooses the storage backend by {@code essence.storage.type} (docs/storage.md). */
public class StorageProducer {

    @Produces
    @Singleton
    StorageClient storage(StorageConfig config, S3Settings s3Settings, Instance<S3Client> s3,
            S3Credentials credentials) {
        return switch (config.type()) {
            case "filesystem" -> new FilesystemStorageClient(config.filesystem().root());
            // The SDK's client comes from Quarkus' extension, made only when asked for; the presigner is ours, since
            // it may sign for another address than the client's (essence.storage.s3.public-endpoint).
            case "s3" -> {
                S3SettingsCheck.check(s3Settings);
                S3StorageClient.checksumsOnlyWhenRequired();
                yield new S3StorageClient(s3.get(), S3StorageClient.presigner(s3Settings, credentials), s3Settings);
            }
            default -> throw new IllegalStateException("essence.storage.type=" + config.type()
                    + " is not a storage backend; use 'filesystem' or 's3'");
        };
    }

    void close(@Disposes StorageClient storage) {
        if (storage instanceof S3StorageClient s3) {
            s3.close();
        }
    }
}
