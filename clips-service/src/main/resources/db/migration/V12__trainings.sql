-- This release stops clips-service for its migrations (docs/deploy.md, "Releases that stop a service first"); a lock
-- still held fails the migration after 10 s instead of queueing every later query behind it. Flyway runs each
-- migration in its own transaction, which `set local` lasts for.
set local lock_timeout = '10s';
-- One word per idea (docs/voice-training.md): a training is a row of `trainings`; what `attempts` counted is the
-- calls made to the voice provider; a training's status uses the API's words (training, ready, failed). Renames
-- only: the row-level security policy, the grants, defaults and index predicates follow the table and the values.
alter table training_attempts rename to trainings;
alter table trainings rename column attempts to provider_calls;
alter table trainings rename constraint training_attempts_pkey to trainings_pkey;
alter table trainings rename constraint training_attempts_profile_id_fkey to trainings_profile_id_fkey;
alter index training_attempts_profile rename to trainings_profile;
alter index training_attempts_one_running rename to trainings_one_training;
alter index training_attempts_running_lease rename to trainings_training_lease;
alter index training_attempts_unswept rename to trainings_unswept;
alter type training_status rename value 'running' to 'training';
alter type training_status rename value 'succeeded' to 'ready';
