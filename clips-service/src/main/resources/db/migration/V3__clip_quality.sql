-- What was measured in each clip and why its quality is what it is (issue: clip quality).
alter table training_clips
    add column quality_reason   text,
    add column quality_message  text,
    add column rms_dbfs         real,
    add column peak_dbfs        real,
    add column clipped_ratio    real,
    add column silence_ratio    real,
    add column noise_floor_dbfs real;
