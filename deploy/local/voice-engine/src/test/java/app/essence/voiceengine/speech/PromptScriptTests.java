package app.essence.voiceengine.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.sampled.AudioInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import marytts.LocalMaryInterface;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * clips-service's recording script, checked with a real English lexicon and a real speaker (MaryTTS lives only in
 * this module): its 25 prompts contain every phoneme of American English, and read aloud they last 2–3 minutes,
 * what ElevenLabs' instant cloning asks for.
 */
class PromptScriptTests {
    private static final Path SCRIPT = Path.of("../../../clips-service/src/main/resources/prompts.json");
    private static final String ENGLISH_PHONEMES = "marytts/language/en_US/lexicon/allophones.en_US.xml";
    private static List<String> prompts;
    private static LocalMaryInterface mary;

    @BeforeAll
    static void readTheScript() throws Exception {
        prompts = new ArrayList<>();
        for (JsonNode prompt : new ObjectMapper().readTree(SCRIPT.toFile())) {
            prompts.add(prompt.get("prompt_text").asText());
        }
        mary = Speaker.startMary();
        mary.setLocale(Locale.US);
    }

    @Test
    void thePromptsContainEveryPhonemeOfAmericanEnglish() throws Exception {
        Set<String> english = englishPhonemes();
        assertEquals(40, english.size(), "MaryTTS's en_US phoneme set: " + english);
        mary.setOutputType("ALLOPHONES");
        Set<String> spoken = new TreeSet<>();
        for (String prompt : prompts) {
            NodeList phones = mary.generateXML(prompt).getElementsByTagName("ph");
            for (int i = 0; i < phones.getLength(); i++) {
                spoken.add(((org.w3c.dom.Element) phones.item(i)).getAttribute("p"));
            }
        }
        Set<String> missing = new TreeSet<>(english);
        missing.removeAll(spoken);
        assertEquals(Set.of(), missing, "phonemes no prompt contains");
    }

    @Test
    void readAloudTheyLastTwoToThreeMinutes() throws Exception {
        mary.setOutputType("AUDIO");
        double seconds = 0;
        for (String prompt : prompts) {
            try (AudioInputStream audio = mary.generateAudio(prompt)) {
                seconds += audio.getFrameLength() / audio.getFormat().getFrameRate();
            }
        }
        System.out.printf("the 25 prompts read aloud by MaryTTS: %.1f s%n", seconds);
        assertEquals(25, prompts.size());
        assertTrue(seconds >= 120 && seconds <= 180, "read aloud in " + seconds + " s");
    }

    /** The phonemes of MaryTTS's American English, from its own allophone set (the pause left out). */
    private static Set<String> englishPhonemes() throws Exception {
        try (InputStream in = LocalMaryInterface.class.getClassLoader().getResourceAsStream(ENGLISH_PHONEMES)) {
            Document set = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Set<String> phonemes = new TreeSet<>();
            for (String tag : List.of("vowel", "consonant")) {
                NodeList nodes = set.getElementsByTagName(tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    phonemes.add(((org.w3c.dom.Element) nodes.item(i)).getAttribute("ph"));
                }
            }
            return phonemes;
        }
    }
}
