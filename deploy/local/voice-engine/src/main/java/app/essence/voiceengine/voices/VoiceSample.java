package app.essence.voiceengine.voices;

/** What is kept of one uploaded recording: its description, never its audio. Also ElevenLabs' SampleResponseModel. */
public record VoiceSample(String sampleId, String fileName, String mimeType, long sizeBytes, String hash) {
}
