package app.essence.common.storage;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Chooses the storage backend by {@code essence.storage.type} (docs/storage.md). */
public class StorageProducer {

    @Produces
    @Singleton
    StorageClient storage(@ConfigProperty(name = "essence.storage.type", defaultValue = "filesystem") String type,
            @ConfigProperty(name = "essence.storage.filesystem.root", defaultValue = ".essence/storage") Path root,
            S3Settings s3Settings, Instance<S3Client> s3, Instance<S3Presigner> presigner) {
        return switch (type) {
            case "filesystem" -> new FilesystemStorageClient(root);
            // The SDK's client and presigner come from Quarkus' extension, made only when asked for.
            case "s3" -> new S3StorageClient(s3.get(), presigner.get(), s3Settings);
            default -> throw new IllegalStateException("essence.storage.type=" + type
                    + " is not a storage backend; use 'filesystem' or 's3'");
        };
    }
}
