package app.essence.voiceengine.voices;

import java.security.SecureRandom;

/** Identifiers shaped like ElevenLabs' own (20 letters and digits), so clients that check ids accept ours. */
public final class ElevenLabsId {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ElevenLabsId() {
    }

    public static String next() {
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
