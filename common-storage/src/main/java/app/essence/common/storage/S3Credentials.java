package app.essence.common.storage;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The S3 client's credentials, from {@code essence.storage.s3.access-key-id} and {@code secret-access-key}, read when
 * a request is signed: Quarkus' static provider would refuse to start a service on the filesystem, which has none.
 */
@ApplicationScoped
@Unremovable
@Named(S3Credentials.NAME)
public class S3Credentials implements AwsCredentialsProvider {
    static final String NAME = "essence-s3-credentials";

    private final S3Settings settings;

    public S3Credentials(S3Settings settings) {
        this.settings = settings;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        String id = settings.accessKeyId()
                .orElseThrow(() -> SdkClientException.create("essence.storage.s3.access-key-id is not set"));
        String secret = settings.secretAccessKey()
                .orElseThrow(() -> SdkClientException.create("essence.storage.s3.secret-access-key is not set"));
        return AwsBasicCredentials.create(id, secret);
    }
}
