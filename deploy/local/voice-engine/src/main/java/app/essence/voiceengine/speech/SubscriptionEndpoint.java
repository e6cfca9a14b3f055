package app.essence.voiceengine.speech;

import app.essence.voiceengine.http.Call;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v1/user/subscription}: an account that never runs out, in ElevenLabs' ExtendedSubscriptionResponseModel
 * with all its required fields, so that a service checks its character budget here as it does at ElevenLabs. The
 * characters spoken since the engine started are counted; nothing is billed.
 */
public final class SubscriptionEndpoint {
    /** More than anyone speaks on one machine; ElevenLabs' largest plans allow a few million a month. */
    static final long CHARACTER_LIMIT = 1_000_000_000L;

    private final AtomicLong spoken = new AtomicLong();

    record Subscription(
            String tier,
            long characterCount,
            long characterLimit,
            Long maxCharacterLimitExtension,
            boolean canExtendCharacterLimit,
            boolean allowedToExtendCharacterLimit,
            Long nextCharacterCountResetUnix,
            int voiceSlotsUsed,
            int professionalVoiceSlotsUsed,
            int voiceLimit,
            int voiceAddEditCounter,
            int professionalVoiceLimit,
            boolean canExtendVoiceLimit,
            boolean canUseInstantVoiceCloning,
            boolean canUseProfessionalVoiceCloning,
            String status,
            boolean hasOpenInvoices) {
    }

    void spoke(int characters) {
        spoken.addAndGet(characters);
    }

    public void get(Call call) throws IOException {
        call.json(200, new Subscription("essence_local", spoken.get(), CHARACTER_LIMIT, null, false, false, null,
                0, 0, 10_000, 0, 0, false, true, false, "active", false));
    }
}
