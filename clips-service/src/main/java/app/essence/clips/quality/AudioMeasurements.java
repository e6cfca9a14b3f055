package app.essence.clips.quality;

/**
 * What was measured in a clip's decoded samples (mono, 16 kHz): its length, the loudness (RMS) of its frames that
 * carry sound and its peak in dBFS, the share of samples at full scale (clipping), the share of 20 ms frames
 * quieter than the silence threshold, and the noise floor (the level of its pauses). {@code truncated}: longer
 * than the longest clip measured, only its beginning was.
 */
public record AudioMeasurements(int durationMs, double rmsDbfs, double peakDbfs, double clippedRatio,
        double silenceRatio, double noiseFloorDbfs, boolean truncated) {
}
