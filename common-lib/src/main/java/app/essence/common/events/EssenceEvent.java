package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The data of one integration event. Every event names the aggregate whose order it must keep
 * (the Kafka key) and the moment the change happened, which consumers use for "newer wins".
 */
public sealed interface EssenceEvent permits ProfileEvents.ProfileCreated, ProfileEvents.ProfileUpdated,
        ProfileEvents.ProfileDeleted, ProfileEvents.UserDeleted, ClipEvents.ClipUploaded, ClipEvents.ClipDeleted,
        TrainingEvents.VoiceTrainingStarted, TrainingEvents.VoiceTrained, TrainingEvents.VoiceTrainingFailed,
        MessageEvents.MessageCreated, MessageEvents.MessageReady, MessageEvents.MessageFailed,
        MessageEvents.MessageDeleted, BillingEvents.SubscriptionChanged, ClipEvents.UserClipsErased,
        MessageEvents.UserMessagesErased, BillingEvents.UserBillingErased {

    /** The aggregate id: the Kafka key, so one aggregate's events stay in order. */
    UUID aggregateId();

    Instant occurredAt();
}
