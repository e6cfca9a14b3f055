package app.essence.system;

/**
 * Walks an MP3 file frame by frame (MPEG-1/2/2.5 Layer III), as a player would: a file that is not a clean run of
 * frames from its first to its last byte is refused. Independent of the encoder the services use.
 */
record Mp3Frames(int frames, int sampleRate, long samples, int id3Bytes) {
    private static final int[][] BITRATES_KBPS = {
            { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320 }, // MPEG-1 Layer III
            { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160 } }; // MPEG-2/2.5 Layer III
    private static final int[][] SAMPLE_RATES = { { 44100, 48000, 32000 }, { 22050, 24000, 16000 },
            { 11025, 12000, 8000 } };

    long durationMs() {
        return samples * 1000 / sampleRate;
    }

    static Mp3Frames of(byte[] mp3) {
        int position = 0;
        int id3 = 0;
        if (mp3.length >= 10 && mp3[0] == 'I' && mp3[1] == 'D' && mp3[2] == '3') {
            id3 = 10 + ((mp3[6] & 0x7f) << 21 | (mp3[7] & 0x7f) << 14 | (mp3[8] & 0x7f) << 7 | (mp3[9] & 0x7f));
            position = id3;
        }
        int frames = 0;
        int rate = 0;
        long samples = 0;
        while (position < mp3.length) {
            if (mp3.length - position == 128 && mp3[position] == 'T' && mp3[position + 1] == 'A'
                    && mp3[position + 2] == 'G') {
                break; // an ID3v1 tag closes the file
            }
            if (mp3.length - position < 4 || (mp3[position] & 0xff) != 0xff || (mp3[position + 1] & 0xe0) != 0xe0) {
                throw new IllegalArgumentException("no MP3 frame at byte " + position + " of " + mp3.length);
            }
            int version = (mp3[position + 1] >> 3) & 0x3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
            int layer = (mp3[position + 1] >> 1) & 0x3; // 1 = Layer III
            int bitrateIndex = (mp3[position + 2] >> 4) & 0xf;
            int rateIndex = (mp3[position + 2] >> 2) & 0x3;
            int padding = (mp3[position + 2] >> 1) & 0x1;
            if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
                throw new IllegalArgumentException("not a Layer III frame header at byte " + position);
            }
            boolean mpeg1 = version == 3;
            int frameRate = SAMPLE_RATES[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
            int bitrate = BITRATES_KBPS[mpeg1 ? 0 : 1][bitrateIndex] * 1000;
            int samplesPerFrame = mpeg1 ? 1152 : 576;
            int length = samplesPerFrame / 8 * bitrate / frameRate + padding;
            if (rate != 0 && rate != frameRate) {
                throw new IllegalArgumentException("the sample rate changes at frame " + frames);
            }
            rate = frameRate;
            frames++;
            samples += samplesPerFrame;
            position += length;
        }
        if (position != mp3.length && !(mp3.length - position == 128)) {
            throw new IllegalArgumentException("the last frame runs past the end of the file");
        }
        if (frames == 0) {
            throw new IllegalArgumentException("no MP3 frames");
        }
        return new Mp3Frames(frames, rate, samples, id3);
    }
}
