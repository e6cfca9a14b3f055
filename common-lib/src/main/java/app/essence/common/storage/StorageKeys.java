package app.essence.common.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/** Object keys of the seed layout, built only from server-generated ids and fixed extensions. */
public final class StorageKeys {
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,5}");

    private StorageKeys() {
    }

    public static String avatar(UUID userId, UUID profileId, String extension) {
        return "avatars/" + userId + "/" + profileId + "." + checked(extension);
    }

    public static String trainingClip(UUID userId, UUID profileId, int promptIndex, String extension) {
        if (promptIndex < 0 || promptIndex > 24) {
            throw new IllegalArgumentException("prompt index out of 0..24: " + promptIndex);
        }
        return "training_clips/" + userId + "/" + profileId + "/" + promptIndex + "." + checked(extension);
    }

    public static String message(UUID userId, UUID profileId, UUID messageId) {
        return "messages/" + userId + "/" + profileId + "/" + messageId + ".mp3";
    }

    private static String checked(String extension) {
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("not a file extension: " + extension);
        }
        return extension;
    }
}
