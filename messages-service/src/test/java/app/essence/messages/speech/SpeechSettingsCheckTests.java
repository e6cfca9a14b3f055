package app.essence.messages.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What ProviderSpeech checks when the service starts, so that a wrong setting never reaches the first message. */
class SpeechSettingsCheckTests {
    @Test
    void anOutputFormatTheProviderDoesNotOfferIsRefused() {
        for (String wrong : new String[] { "mp3_44100_320", "mp3_x_128", "mp3_44100", "pcm_44100", "opus_48000_64" }) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Mp3Joiner.Mp3Format.parse(wrong), wrong);
            assertEquals(IllegalArgumentException.class, refused.getClass(), wrong);
        }
        assertEquals(192, Mp3Joiner.Mp3Format.parse("mp3_44100_192").kilobitsPerSecond());
    }

    @Test
    void voiceSettingsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProviderSpeech.checkedVoiceSettings(voice(1.5, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> ProviderSpeech.checkedVoiceSettings(voice(0.5, 2.0)));
        assertThrows(IllegalArgumentException.class,
                () -> ProviderSpeech.checkedVoiceSettings(voice(Double.NaN, 1.0)));
        assertEquals(0.5, ProviderSpeech.checkedVoiceSettings(voice(0.5, 1.0)).stability());
    }

    private static SpeechSettings.VoiceSettings voice(double stability, double speed) {
        return new SpeechSettings.VoiceSettings() {
            @Override
            public double stability() {
                return stability;
            }

            @Override
            public double similarityBoost() {
                return 0.75;
            }

            @Override
            public double style() {
                return 0;
            }

            @Override
            public boolean useSpeakerBoost() {
                return true;
            }

            @Override
            public double speed() {
                return speed;
            }
        };
    }
}
