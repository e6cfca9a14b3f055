-- When the provider's voices labelled with a training, other than its own, were scheduled for deletion (after
-- it ended): what a run made and never recorded is not left behind.
alter table training_attempts add column labels_swept_at timestamptz;
create index training_attempts_unswept on training_attempts (finished_at) where labels_swept_at is null;
