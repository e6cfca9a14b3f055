package app.essence.common.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event of the system: its versioned CloudEvents {@code type}, its data record and its topic, and the older
 * versions of the type still in the topic that its record reads too (docs/events.md, "Versions").
 */
public enum EventType {
    PROFILE_CREATED("essence.profile.created.v2", ProfileEvents.ProfileCreated.class, Topics.PROFILES,
            "essence.profile.created.v1"),
    PROFILE_UPDATED("essence.profile.updated.v2", ProfileEvents.ProfileUpdated.class, Topics.PROFILES,
            "essence.profile.updated.v1"),
    PROFILE_DELETED("essence.profile.deleted.v1", ProfileEvents.ProfileDeleted.class, Topics.PROFILES),
    USER_DELETED("essence.user.deleted.v1", ProfileEvents.UserDeleted.class, Topics.PROFILES),
    CLIP_UPLOADED("essence.clip.uploaded.v1", ClipEvents.ClipUploaded.class, Topics.CLIPS),
    CLIP_DELETED("essence.clip.deleted.v1", ClipEvents.ClipDeleted.class, Topics.CLIPS),
    VOICE_TRAINING_STARTED("essence.voice.training-started.v1", TrainingEvents.VoiceTrainingStarted.class,
            Topics.CLIPS),
    VOICE_TRAINED("essence.voice.trained.v1", TrainingEvents.VoiceTrained.class, Topics.CLIPS),
    VOICE_TRAINING_FAILED("essence.voice.training-failed.v1", TrainingEvents.VoiceTrainingFailed.class,
            Topics.CLIPS),
    MESSAGE_CREATED("essence.message.created.v1", MessageEvents.MessageCreated.class, Topics.MESSAGES),
    MESSAGE_READY("essence.message.ready.v1", MessageEvents.MessageReady.class, Topics.MESSAGES),
    MESSAGE_FAILED("essence.message.failed.v1", MessageEvents.MessageFailed.class, Topics.MESSAGES),
    MESSAGE_DELETED("essence.message.deleted.v1", MessageEvents.MessageDeleted.class, Topics.MESSAGES),
    SUBSCRIPTION_CHANGED("essence.subscription.changed.v1", BillingEvents.SubscriptionChanged.class,
            Topics.BILLING),
    USER_CLIPS_ERASED("essence.user.clips-erased.v1", ClipEvents.UserClipsErased.class, Topics.CLIPS),
    USER_MESSAGES_ERASED("essence.user.messages-erased.v1", MessageEvents.UserMessagesErased.class,
            Topics.MESSAGES),
    USER_BILLING_ERASED("essence.user.billing-erased.v1", BillingEvents.UserBillingErased.class, Topics.BILLING);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .flatMap(type -> Stream.concat(Stream.of(type.typeName), type.olderTypeNames.stream())
                    .map(name -> Map.entry(name, type)))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toMap(EventType::dataClass, Function.identity()));

    private final String typeName;
    private final Class<? extends EssenceEvent> dataClass;
    private final String topic;
    private final List<String> olderTypeNames;

    EventType(String typeName, Class<? extends EssenceEvent> dataClass, String topic, String... olderTypeNames) {
        this.typeName = typeName;
        this.dataClass = dataClass;
        this.topic = topic;
        this.olderTypeNames = List.of(olderTypeNames);
    }

    public String typeName() {
        return typeName;
    }

    public Class<? extends EssenceEvent> dataClass() {
        return dataClass;
    }

    public String topic() {
        return topic;
    }

    /** The earlier versions of this type, read into the same record (the fields they had and it lacks ignored). */
    public List<String> olderTypeNames() {
        return olderTypeNames;
    }

    /**
     * Whether events of this type are the record of an erasure (ids only): they are what a service keeps of an erased
     * user in its outbox (docs/erasure.md).
     */
    public boolean recordsErasure() {
        return this == USER_DELETED || this == USER_CLIPS_ERASED || this == USER_MESSAGES_ERASED
                || this == USER_BILLING_ERASED;
    }

    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static EventType of(EssenceEvent event) {
        return ofDataClass(event.getClass());
    }

    public static EventType ofDataClass(Class<?> dataClass) {
        return BY_CLASS.get(dataClass);
    }

    /** The topics, one per producing service. */
    public static final class Topics {
        public static final String PROFILES = "essence.profiles";
        public static final String CLIPS = "essence.clips";
        public static final String MESSAGES = "essence.messages";
        public static final String BILLING = "essence.billing";

        private Topics() {
        }
    }
}
