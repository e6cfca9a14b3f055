package app.essence.common.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** What a service on S3 refuses to start with (docs/storage.md, "S3 settings"), whatever the profile. */
final class S3SettingsCheck {
    /** Shorter, a URL may expire between the service's 302 and the player's first request. */
    static final Duration SHORTEST_URL_LIFETIME = Duration.ofSeconds(10);
    /** Longer, a URL handed out keeps playing well after its owner lost access (a deleted clip, a lapsed plan). */
    static final Duration LONGEST_URL_LIFETIME = Duration.ofHours(1);

    private S3SettingsCheck() {
    }

    /** Throws with every problem in one sentence. */
    static void check(S3Settings settings) {
        List<String> problems = new ArrayList<>();
        Duration lifetime = settings.presignedUrlLifetime();
        if (lifetime.compareTo(SHORTEST_URL_LIFETIME) < 0 || lifetime.compareTo(LONGEST_URL_LIFETIME) > 0) {
            problems.add("essence.storage.s3.presigned-url-lifetime is " + lifetime + ", not between "
                    + SHORTEST_URL_LIFETIME + " and " + LONGEST_URL_LIFETIME);
        }
        S3Settings.Buckets buckets = settings.buckets();
        if (new HashSet<>(List.of(buckets.clips(), buckets.avatars(), buckets.messages())).size() < 3) {
            problems.add("essence.storage.s3.buckets.clips, .avatars and .messages must be three different buckets "
                    + "(a kind's folders are prefixes that would take another kind's objects)");
        }
        for (Duration timeout : List.of(settings.callTimeout(), settings.attemptTimeout())) {
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add("essence.storage.s3.call-timeout and attempt-timeout must be positive");
            }
        }
        notAnAddress("essence.storage.s3.endpoint", settings.endpoint()).ifPresent(problems::add);
        notAnAddress("essence.storage.s3.public-endpoint", settings.publicEndpoint()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    private static Optional<String> notAnAddress(String key, Optional<String> value) {
        return value.filter(address -> !isHttpUrl(address))
                .map(address -> key + " is '" + address + "', not an http(s) URL");
    }

    private static boolean isHttpUrl(String address) {
        try {
            URI uri = new URI(address);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
