-- Users see stable codes and our own sentences, never a provider's words or an address (docs/voice-training.md):
-- a training keeps the code of why it failed and of its last failed call; the sentences are the service's
-- (TrainingProblem), the provider's answers are in the log with the training's id.
alter table training_attempts rename column failure_reason to failure_code;
update training_attempts set failure_code = case
        when failure_code like 'the voice provider is unavailable%' then 'provider_unavailable'
        when failure_code like 'the voice provider could not use these recordings%' then 'recordings_unusable'
        when failure_code like '%credentials were refused%' then 'provider_credentials_refused'
        when failure_code like '%manual verification%' then 'voice_needs_verification'
        when failure_code like 'the voice provider did not finish the training%' then 'training_interrupted'
        when failure_code like 'the training did not finish within%' then 'training_timed_out'
        when failure_code = 'the profile was deleted' then 'profile_deleted'
        else 'provider_refused' end
    where failure_code is not null;
update training_attempts set last_error = case
        when last_error like '429 %' then 'provider_busy'
        when last_error like '400 %' or last_error like '422 %' then 'recordings_unusable'
        when last_error like '401 %' or last_error like '403 %' then 'provider_credentials_refused'
        when last_error like '200 requires_verification%' then 'voice_needs_verification'
        when last_error like '4__ %' or last_error like '200 %' then 'provider_refused'
        else 'provider_unavailable' end
    where last_error is not null;
