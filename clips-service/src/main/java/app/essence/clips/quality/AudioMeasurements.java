package app.essence.clips.quality;

/**
 * What was measured in a clip's decoded samples: its length, how long the speech in it lasts (first to last speech
 * frame), the loudness (RMS dBFS) of its speech frames and its peak, the largest share of one channel's samples in
 * flat tops at full scale (clipping), the share of 20 ms frames without speech, and the noise floor (the level of
 * its pauses). {@code truncated}: longer than the longest clip measured, only its beginning was.
 */
public record AudioMeasurements(int durationMs, int speechMs, double rmsDbfs, double peakDbfs, double clippedRatio,
        double silenceRatio, double noiseFloorDbfs, boolean truncated) {
}
