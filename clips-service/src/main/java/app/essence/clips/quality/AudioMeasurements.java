package app.essence.clips.quality;

/**
 * What was measured in a clip's decoded samples (mono, 16 kHz): its length, loudness (RMS) and peak in dBFS, the
 * share of samples at full scale (clipping), the share of 20 ms frames quieter than the silence threshold, and the
 * noise floor (the 10th percentile of the frames' RMS).
 */
public record AudioMeasurements(int durationMs, double rmsDbfs, double peakDbfs, double clippedRatio,
        double silenceRatio, double noiseFloorDbfs) {
}
