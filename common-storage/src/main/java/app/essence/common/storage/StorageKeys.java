package app.essence.common.storage;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys, built only from server-generated ids and fixed extensions. Each upload gets a key of its own
 * (docs/design.md §6's shape is the folder): a new file never lands where a committed row still points. Uploads are staged
 * under {@code incoming/} first, mirroring the folder they are bound for, so a sweeper finds what no request owns
 * in one place and a deleted profile's staged files in a folder of its own (docs/DECISIONS.md, storage).
 */
public final class StorageKeys {
    /** Where clip uploads are staged until their row commits them. */
    public static final String INCOMING_CLIPS = "incoming/training_clips/";
    /** Where avatar uploads are staged until their profile row commits them. */
    public static final String INCOMING_AVATARS = "incoming/avatars/";
    /** Where message audio is staged until the run that spoke it commits it. */
    public static final String INCOMING_MESSAGES = "incoming/messages/";
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,5}");
    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String KIND = "(incoming/)?(training_clips|avatars|messages)/";
    /** What the builders below make: {@code [incoming/]kind/user/profile/name}, the name of ids and an extension. */
    private static final Pattern OBJECT = Pattern.compile(KIND + "(" + ID + "/" + ID + "/(?:\\d{1,2}\\.)?" + ID
            + "(?:\\." + ID + "\\.\\d{1,9})?\\.[a-z0-9]{1,5})");
    /** A folder of them: a user's or a profile's, or (only under {@code incoming/}) a kind's staging. */
    private static final Pattern FOLDER = Pattern.compile(KIND + "((?:" + ID + "/){0,2})");

    private StorageKeys() {
    }

    public static String avatar(UUID userId, UUID profileId, UUID uploadId, String extension) {
        return avatarFolder(userId, profileId) + uploadId + "." + checked(extension);
    }

    public static String incomingAvatar(UUID userId, UUID profileId, UUID uploadId, String extension) {
        return INCOMING_AVATARS + userId + "/" + profileId + "/" + uploadId + "." + checked(extension);
    }

    /** Every folder a profile's avatars, committed or staged, live in. */
    public static List<String> avatarFolders(UUID userId, UUID profileId) {
        return List.of(avatarFolder(userId, profileId), INCOMING_AVATARS + userId + "/" + profileId + "/");
    }

    /** Every folder a user's avatars, committed or staged, live in (an erased account). */
    public static List<String> userAvatarFolders(UUID userId) {
        return List.of("avatars/" + userId + "/", INCOMING_AVATARS + userId + "/");
    }

    public static String trainingClip(UUID userId, UUID profileId, int promptIndex, UUID uploadId,
            String extension) {
        if (promptIndex < 0 || promptIndex > 24) {
            throw new IllegalArgumentException("prompt index out of 0..24: " + promptIndex);
        }
        return clipFolder(userId, profileId) + promptIndex + "." + uploadId + "." + checked(extension);
    }

    public static String incomingClip(UUID userId, UUID profileId, UUID uploadId, String extension) {
        return INCOMING_CLIPS + userId + "/" + profileId + "/" + uploadId + "." + checked(extension);
    }

    /** Every folder a profile's clips, committed or staged, live in. */
    public static List<String> clipFolders(UUID userId, UUID profileId) {
        return List.of(clipFolder(userId, profileId), INCOMING_CLIPS + userId + "/" + profileId + "/");
    }

    /** Every folder a user's clips, committed or staged, live in (an erased account). */
    public static List<String> userClipFolders(UUID userId) {
        return List.of("training_clips/" + userId + "/", INCOMING_CLIPS + userId + "/");
    }

    /**
     * A message's audio: one key per message, written only while no committed row points at it (the run that
     * holds the synthesis moves its staged file there in the transaction that makes the message ready).
     */
    public static String message(UUID userId, UUID profileId, UUID messageId) {
        return "messages/" + userId + "/" + profileId + "/" + messageId + ".mp3";
    }

    /**
     * A synthesis run's audio until its transaction commits it; each run of each synthesis stages under a name of its
     * own (run numbers start again with every synthesis of a message).
     */
    public static String incomingMessage(UUID userId, UUID profileId, UUID messageId, UUID synthesisId, int run) {
        return INCOMING_MESSAGES + userId + "/" + profileId + "/" + messageId + "." + synthesisId + "." + run + ".mp3";
    }

    /** Every folder a profile's message audio, committed or staged, lives in. */
    public static List<String> messageFolders(UUID userId, UUID profileId) {
        return List.of("messages/" + userId + "/" + profileId + "/",
                INCOMING_MESSAGES + userId + "/" + profileId + "/");
    }

    /** Every folder a user's message audio, committed or staged, lives in. */
    public static List<String> userMessageFolders(UUID userId) {
        return List.of("messages/" + userId + "/", INCOMING_MESSAGES + userId + "/");
    }

    /**
     * Where an object key built here lives: its kind and its path inside the kind. Anything else (client text, a
     * path that climbs, a name of our own making that no builder makes) is refused, by every backend.
     *
     * @throws IllegalArgumentException for a key no builder here makes
     */
    public static Placed placeObject(String key) {
        return place(OBJECT, key, "not an object key of ours: ");
    }

    /**
     * As {@link #placeObject} for a folder ({@link #clipFolders}, {@link #INCOMING_CLIPS} and the like).
     *
     * @throws IllegalArgumentException for a folder no builder here makes
     */
    public static Placed placeFolder(String folder) {
        Placed placed = place(FOLDER, folder, "a folder of ours ends with '/' and is built from ids: ");
        // A bare kind is a whole bucket on S3: only a kind's staging is ever swept whole.
        if (placed.path().isEmpty()) {
            throw new IllegalArgumentException("a folder of ours names a user at least, but under incoming/: "
                    + folder);
        }
        return placed;
    }

    private static Placed place(Pattern pattern, String key, String refusal) {
        Matcher m = pattern.matcher(key == null ? "" : key);
        if (!m.matches()) {
            throw new IllegalArgumentException(refusal + key);
        }
        Kind kind = Kind.of(m.group(2));
        return new Placed(kind, (m.group(1) == null ? "" : "incoming/") + m.group(3));
    }

    /** The three kinds of file, each a folder of the seed (docs/design.md §6) and a bucket on S3. */
    public enum Kind {
        CLIPS("training_clips"), AVATARS("avatars"), MESSAGES("messages");

        private final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        static Kind of(String folder) {
            for (Kind kind : values()) {
                if (kind.folder.equals(folder)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(folder);
        }
    }

    /**
     * A key's kind and its path inside it: staged files keep their {@code incoming/} in front, so a kind's committed
     * and staged files share one bucket (a move is a copy inside it) and the staging area is one prefix there.
     */
    public record Placed(Kind kind, String path) {
    }

    private static String avatarFolder(UUID userId, UUID profileId) {
        return "avatars/" + userId + "/" + profileId + "/";
    }

    private static String clipFolder(UUID userId, UUID profileId) {
        return "training_clips/" + userId + "/" + profileId + "/";
    }

    private static String checked(String extension) {
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("not a file extension: " + extension);
        }
        return extension;
    }
}
